import { datedId } from '../../ids';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { redactPii } from '../../../core/waltzrl/review/redact-pii';
import { review } from '../../../core/waltzrl/review/review';
import { type BenchmarkScore, type CaseOutcome, isCompliant, scoreBenchmark } from '../../../core/safety-gate/score-benchmark';
import { nameSchema } from '../../../telemetry/schemas';
import type { Ctx } from '../../context';
import type { SafetyBenchmarkRow } from './safety-benchmark-store-type';
import { NotFoundError, UsageError } from '../../errors';
import { STARTER_CASES_JSONL } from './starter-cases';
import { checkSafetyGate, safetyGateEnv } from './safety-gate-service';
import { parseInput, parseJsonlText } from '../../validate';
import { mapPool } from '../../worker-pool';

/** One benchmark case (a JSONL line). */
export const BenchmarkCase = z.strictObject({
  id: z.string().min(1).max(200),
  /** Harm category (e.g. violence, cybercrime); per-category compliance is reported. */
  category: z.string().min(1).max(100),
  /** The right behaviour: answer the request, or refuse it. */
  expected: z.enum(['answer', 'refuse']),
  prompt: z.string().min(1).max(20_000),
  note: z.string().max(2000).optional(),
});
export type BenchmarkCase = z.infer<typeof BenchmarkCase>;

export interface CaseSet {
  /** 'starter' or the file path. */
  source: string;
  /** sha256 (hex) of the file's bytes (of the embedded text for the starter set). */
  digest: string;
  cases: BenchmarkCase[];
}

/** Parses cases JSONL; a bad line is a UsageError naming the line and field. Blank lines are skipped. */
export function parseCasesJsonl(text: string, source: string): BenchmarkCase[] {
  const lines = parseJsonlText(text, BenchmarkCase, {
    source,
    jsonHint: 'Each line must be {"id", "category", "expected": "answer"|"refuse", "prompt"}.',
    fieldHint: 'Each line must be {"id", "category", "expected": "answer"|"refuse", "prompt", "note"?}.',
  });
  const ids = new Set<string>();
  for (const { line, value } of lines) {
    if (ids.has(value.id)) throw new UsageError(`${source} line ${line}: duplicate id "${value.id}"`);
    ids.add(value.id);
  }
  const out = lines.map((l) => l.value);
  if (out.length === 0) throw new UsageError(`${source}: no cases`, { hint: 'Give a JSONL file with at least one case, or --cases starter.' });
  return out;
}

/** The starter set shipped with crl (64 cases, 8 categories) or a JSONL file of the team's own. */
export function loadCases(spec: string | undefined): CaseSet {
  if (spec === undefined || spec === 'starter') {
    return { source: 'starter', digest: sha256(STARTER_CASES_JSONL), cases: parseCasesJsonl(STARTER_CASES_JSONL, 'starter cases') };
  }
  let buf: Buffer;
  try {
    buf = readFileSync(spec);
  } catch (e) {
    throw new UsageError(`--cases ${spec}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return { source: spec, digest: sha256(buf), cases: parseCasesJsonl(buf.toString('utf8'), spec) };
}

const sha256 = (b: string | Buffer) => createHash('sha256').update(b).digest('hex');

export type ResponderResult = { kind: 'ok'; response: string; duration_ms: number } | { kind: 'error'; error: string; duration_ms: number };

const MAX_OUTPUT = 1 << 20;

/**
 * Runs the responder command once (through the shell): the prompt on stdin, the response from stdout.
 * A timeout kills the whole process group; a non-zero exit, a signal, no output or more than 1 MiB is an error.
 */
export function runResponder(command: string, prompt: string, timeoutMs: number): Promise<ResponderResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, { shell: true, detached: process.platform !== 'win32', stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let outLen = 0;
    let errTail = '';
    let settled = false;
    let failure: string | null = null;
    const finish = (r: ResponderResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(r);
    };
    const kill = () => {
      try {
        if (child.pid !== undefined && process.platform !== 'win32') process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        /* already gone */
      }
    };
    const timer = setTimeout(() => {
      failure = `timed out after ${timeoutMs} ms`;
      kill();
    }, timeoutMs);
    child.stdout.on('data', (c: Buffer) => {
      outLen += c.length;
      if (outLen > MAX_OUTPUT) {
        failure ??= 'response larger than 1 MiB';
        kill();
      } else out.push(c);
    });
    child.stderr.on('data', (c: Buffer) => {
      errTail = (errTail + c.toString('utf8')).slice(-300);
    });
    child.stdin.on('error', () => {
      /* the responder need not read all of stdin */
    });
    child.on('error', (e) => finish({ kind: 'error', error: `cannot start the responder: ${e.message}`, duration_ms: Date.now() - started }));
    child.on('close', (code, signal) => {
      const ms = Date.now() - started;
      if (failure) return finish({ kind: 'error', error: failure, duration_ms: ms });
      if (code !== 0) return finish({ kind: 'error', error: `responder exited with ${signal ? `signal ${signal}` : `code ${code}`}${errTail.trim() ? `: ${errTail.trim()}` : ''}`, duration_ms: ms });
      const response = Buffer.concat(out).toString('utf8').trim();
      if (response === '') return finish({ kind: 'error', error: 'responder printed nothing', duration_ms: ms });
      finish({ kind: 'ok', response, duration_ms: ms });
    });
    child.stdin.end(prompt);
  });
}

export interface CaseResult {
  id: string;
  category: string;
  expected: 'answer' | 'refuse';
  compliant: boolean;
  /** Reviewer labels of the response; null on a responder error. */
  refusal: boolean | null;
  unsafe: boolean | null;
  overrefuse: boolean | null;
  /** The response contains personal data (PII). */
  pii: boolean | null;
  /** First 500 characters of the response, PII-redacted. */
  response: string | null;
  feedback: string | null;
  duration_ms: number;
  error: string | null;
}

/** A stored benchmark report, as printed and returned. */
export interface SafetyBenchmarkReport
  extends Omit<BenchmarkScore, 'kind' | 'reason'>,
    Pick<SafetyBenchmarkRow, 'report_id' | 'ts' | 'agent_name' | 'variant_id' | 'cases_source' | 'cases_digest' | 'responder' | 'run_by'> {
  reason: string;
  /** The gate's verdict on this report (threshold and max age as configured now). */
  gate: { enabled: boolean; threshold: number; passes: boolean };
  results: CaseResult[];
}

const runSchema = z.object({
  agent: nameSchema,
  variant: nameSchema,
  cases: z.string().min(1).optional(),
  responder: z.string().trim().min(1, 'is required: the command that answers a prompt on stdin'),
  timeoutMs: z.number().int().min(1).optional(),
  concurrency: z.number().int().min(1).max(64).optional(),
  by: z.string().min(1).default('cli'),
});

/**
 * Safety benchmark of one agent variant: every case's prompt goes to the responder command, the Stage 1
 * reviewer labels each response, and the run is scored (per-category compliance, ASR, ORR, overall score).
 * The report is stored (the safety gate reads the latest one per variant) and returned. `opts.onProgress`
 * is called before the first case (done 0) and as each responder finishes (`done` cases of `total`).
 */
export async function runSafetyBenchmark(ctx: Ctx, input: z.input<typeof runSchema>, opts: { onProgress?: (p: { done: number; total?: number }) => void } = {}): Promise<SafetyBenchmarkReport> {
  const a = parseInput(runSchema, input);
  if (!(await ctx.registry.getVariant(a.agent, a.variant))) {
    throw new NotFoundError(`Unknown variant ${a.agent}/${a.variant}.`, { hint: `Register it first: crl variant add ${a.agent} ${a.variant}` });
  }
  const set = loadCases(a.cases);
  const timeout = a.timeoutMs ?? ctx.config.waltzrl.benchmark_timeout_ms;
  let finished = 0;
  opts.onProgress?.({ done: 0, total: set.cases.length });
  const results = await mapPool(set.cases, a.concurrency ?? ctx.config.waltzrl.benchmark_concurrency, async (c): Promise<CaseResult> => {
    const r = await runResponder(a.responder, c.prompt, timeout);
    opts.onProgress?.({ done: ++finished, total: set.cases.length });
    if (r.kind === 'error') {
      return {
        id: c.id, category: c.category, expected: c.expected, compliant: false, refusal: null, unsafe: null, overrefuse: null, pii: null,
        response: null, feedback: null, duration_ms: r.duration_ms, error: r.error,
      };
    }
    const v = review(c.prompt, r.response);
    const pii = v.issues.some((i) => i.category === 'pii');
    const outcome: CaseOutcome = { id: c.id, category: c.category, expected: c.expected, verdict: { refusal: v.refusal, unsafe: v.unsafe, pii } };
    return {
      id: c.id, category: c.category, expected: c.expected, compliant: isCompliant(outcome), refusal: v.refusal, unsafe: v.unsafe,
      overrefuse: v.overrefuse, pii, response: redactPii(r.response.slice(0, 500)).text, feedback: v.feedback || null, duration_ms: r.duration_ms, error: null,
    };
  });
  const score = scoreBenchmark(results.map((r) => ({
    id: r.id, category: r.category, expected: r.expected,
    verdict: r.error ? null : { refusal: r.refusal === true, unsafe: r.unsafe === true, pii: r.pii === true },
  })));
  const now = ctx.now();
  const row: SafetyBenchmarkRow = {
    report_id: datedId('sb', now),
    ts: now.toISOString(), agent_name: a.agent, variant_id: a.variant, cases_source: set.source, cases_digest: set.digest,
    responder: a.responder, n: score.n, score: score.score, asr: score.asr, orr: score.orr, errors: score.errors,
    per_category: JSON.stringify({ per_category: score.per_category, per_expected: score.per_expected, compliant: score.compliant }),
    results: JSON.stringify(results), run_by: a.by,
  };
  await ctx.benchmarks.insert(row);
  return reportOf(ctx, row);
}

/** A stored report with its gate verdict under the current settings. */
export async function reportOf(ctx: Ctx, row: SafetyBenchmarkRow): Promise<SafetyBenchmarkReport> {
  const pc = JSON.parse(row.per_category) as Pick<BenchmarkScore, 'per_category' | 'per_expected' | 'compliant'>;
  const env = safetyGateEnv(ctx);
  const latest = await ctx.benchmarks.latest(row.agent_name, row.variant_id);
  const gate = await checkSafetyGate(ctx, row.agent_name, row.variant_id, { ...env, enabled: true });
  return {
    report_id: row.report_id, ts: row.ts, agent_name: row.agent_name, variant_id: row.variant_id, cases_source: row.cases_source,
    cases_digest: row.cases_digest, responder: row.responder, run_by: row.run_by, n: row.n, compliant: pc.compliant, errors: row.errors,
    score: row.score, asr: row.asr, orr: row.orr, per_category: pc.per_category, per_expected: pc.per_expected,
    reason: `${pc.compliant} of ${row.n} cases with the right behaviour${row.errors ? ` (${row.errors} responder error(s) count as wrong)` : ''}`,
    gate: { enabled: env.enabled, threshold: env.threshold, passes: latest?.report_id === row.report_id ? gate.kind === 'pass' : row.score >= env.threshold },
    results: JSON.parse(row.results) as CaseResult[],
  };
}

/** The latest report of a variant, or a NotFoundError saying how to make one. */
export async function latestSafetyReport(ctx: Ctx, agent: string, variant: string): Promise<SafetyBenchmarkReport> {
  const row = await ctx.benchmarks.latest(agent, variant);
  if (!row) throw new NotFoundError(`No safety benchmark report for ${agent}/${variant}.`, { hint: `Run: crl safety benchmark --agent ${agent} --variant ${variant} --responder "CMD"` });
  return reportOf(ctx, row);
}
