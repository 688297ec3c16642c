import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { computeReward } from '../../../core/learning/compute-reward';
import { isoTimestamp, nameSchema, outcomeSchema } from '../../../telemetry/schemas';
import { type Ctx, transaction } from '../../context';
import type { InvocationRow } from '../learning/learning-store-type';
import { UsageError } from '../../errors';
import { formatZodIssues } from '../../zod-issues';

/** Files written by the Python CRL tooling, all optional. */
export const PYTHON_FILES = ['q_table.jsonl', 'agent_invocations.jsonl', 'rollback_events.jsonl', 'variant_proposals.jsonl'] as const;

const num = z.number().refine(Number.isFinite, 'must be a finite number');

const qLine = z.looseObject({
  state_action: z.string().refine((s) => s.split(':').length === 3, 'must be "agent:task:variant"'),
  q_value: num,
  n_visits: z.number().int().min(0),
  last_updated: isoTimestamp.optional(),
  convergence_score: num.nullable().optional(),
});

const invLine = z.looseObject({
  timestamp: isoTimestamp,
  invocation_id: z.string().min(1),
  agent_name: nameSchema,
  agent_variant: nameSchema,
  task_type: nameSchema,
  reward: num.nullable().optional(),
  duration_seconds: num.min(0).nullable().optional(),
  outcome: z.looseObject({ status: z.union([outcomeSchema, z.literal('unknown')]) }),
  metadata: z.record(z.string(), z.unknown()).nullable().optional(),
});

const rbLine = z.looseObject({
  rollback_id: z.string().min(1),
  timestamp: isoTimestamp,
  agent_name: nameSchema,
  task_type: nameSchema,
  from_variant: nameSchema,
  to_variant: nameSchema.nullable(),
  reason: z.string(),
  degradation_metrics: z.record(z.string(), z.unknown()).default({}),
});

const propLine = z.looseObject({
  proposal_id: z.string().min(1),
  timestamp: isoTimestamp,
  agent_name: nameSchema,
  task_type: nameSchema,
  proposal_type: z.string().min(1),
  reasoning: z.string().default(''),
  confidence: num.min(0).max(1),
  supporting_data: z.record(z.string(), z.unknown()).default({}),
  recommended_modifications: z.record(z.string(), z.unknown()).default({}),
  status: z.enum(['pending', 'approved', 'rejected', 'deferred', 'applied']),
});

export interface ImportResult {
  q_table: { imported: number };
  agent_invocations: { imported: number; duplicates: number; skipped_unknown: number; history_only: number };
  rollback_events: { imported: number; duplicates: number };
  variant_proposals: { imported: number };
  files_missing: string[];
}

/** Progress of an import: first the lines read (`read`, no total), then the records stored (`write`, of all records read). */
export type ImportProgress = { phase: 'read'; done: number; total?: undefined } | { phase: 'write'; done: number; total: number };

export interface ImportOptions {
  /** Called every 10,000 lines read and every 1,000 records stored, and at the end of each phase. */
  onProgress?: (p: ImportProgress) => void;
}

const READ_STEP = 10_000;
const WRITE_STEP = 1000;
/** Invocations handed to the write session at a time. */
const ADD_BATCH = 1000;

function readJsonl<S extends z.ZodType>(path: string, schema: S, file: string, errors: string[], onLines?: (n: number) => void): { line: number; value: z.output<S> }[] {
  if (!existsSync(path)) return [];
  const out: { line: number; value: z.output<S> }[] = [];
  const text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    if (onLines && (i + 1) % READ_STEP === 0) onLines(READ_STEP);
    const s = raw.trim();
    if (!s) return;
    let json: unknown;
    try {
      json = JSON.parse(s);
    } catch (e) {
      errors.push(`${file}:${i + 1}: invalid JSON: ${(e as Error).message}`);
      return;
    }
    const r = schema.safeParse(json);
    if (r.success) out.push({ line: i + 1, value: r.data });
    else errors.push(`${file}:${i + 1}: ${formatZodIssues(r.error.issues)}`);
  });
  if (onLines) onLines(lines.length % READ_STEP);
  return out;
}

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));
const KNOWN_INV = new Set(['timestamp', 'invocation_id', 'agent_name', 'task_type', 'agent_variant', 'outcome', 'metadata', 'duration_seconds']);

/**
 * Imports the Python CRL tooling's files from a directory, all or nothing. q_table figures stand as
 * given (Q clamped to [0, 1]); invocations of a tuple with a q_table entry become history only,
 * others are replayed in time order through our reward and Q rules. Re-importing adds nothing.
 * Everything is written in one transaction (the learning session joins it).
 */
export async function importPython(ctx: Ctx, dir: string, opts: ImportOptions = {}): Promise<ImportResult> {
  if (!existsSync(dir)) throw new UsageError(`Directory not found: ${dir}`);
  const errors: string[] = [];
  const onProgress = opts.onProgress;
  let linesRead = 0;
  const onLines = onProgress && ((n: number) => onProgress({ phase: 'read', done: (linesRead += n) }));
  const q = readJsonl(join(dir, 'q_table.jsonl'), qLine, 'q_table.jsonl', errors, onLines);
  const inv = readJsonl(join(dir, 'agent_invocations.jsonl'), invLine, 'agent_invocations.jsonl', errors, onLines);
  const rb = readJsonl(join(dir, 'rollback_events.jsonl'), rbLine, 'rollback_events.jsonl', errors, onLines);
  const pr = readJsonl(join(dir, 'variant_proposals.jsonl'), propLine, 'variant_proposals.jsonl', errors, onLines);
  const missing = PYTHON_FILES.filter((f) => !existsSync(join(dir, f)));
  if (missing.length === PYTHON_FILES.length) throw new UsageError(`No Python CRL files in ${dir} (expected one of ${PYTHON_FILES.join(', ')}).`);
  if (errors.length > 0) {
    throw new UsageError(`Nothing imported: ${errors.length} bad line(s):\n  ${errors.slice(0, 50).join('\n  ')}`, { details: errors });
  }
  const now = ctx.now().toISOString();
  const total = q.length + inv.length + rb.length + pr.length;
  const sorted = [...inv].sort((a, b) => (a.value.timestamp < b.value.timestamp ? -1 : a.value.timestamp > b.value.timestamp ? 1 : a.line - b.line));
  // The latest line of a proposal id wins (their tracker appends the whole record on every change).
  const latest = new Map<string, z.output<typeof propLine>>();
  for (const { value: l } of pr) latest.set(l.proposal_id, l);
  // fn may run again from its start (PostgreSQL, after a serialisation failure): it starts from nothing.
  return transaction(ctx, async (tx) => {
    const res: ImportResult = {
      q_table: { imported: 0 },
      agent_invocations: { imported: 0, duplicates: 0, skipped_unknown: 0, history_only: 0 },
      rollback_events: { imported: 0, duplicates: 0 },
      variant_proposals: { imported: 0 },
      files_missing: missing,
    };
    let stored = 0;
    const wrote = onProgress && (() => {
      if (++stored % WRITE_STEP === 0) onProgress({ phase: 'write', done: stored, total });
    });
    const session = await tx.learning.begin(tx.config.learning.alpha, now, 'ingest');
    try {
      const fromTable = new Set<string>();
      for (const { value: l } of q) {
        const [agent, task, variant] = l.state_action.split(':');
        await session.setQ(agent, task, variant, clamp01(l.q_value), l.n_visits, l.last_updated ?? now, l.convergence_score ?? null);
        fromTable.add(l.state_action);
        res.q_table.imported += 1;
        wrote?.();
      }
      // Invocations go to the session in batches of consecutive rows that are all history only, or all replayed.
      let pending: InvocationRow[] = [];
      let pendingHistoryOnly = false;
      const flush = async () => {
        if (pending.length === 0) return;
        const added = await session.add(pending, { updateQ: !pendingHistoryOnly });
        res.agent_invocations.imported += added.inserted;
        if (pendingHistoryOnly) res.agent_invocations.history_only += added.inserted;
        res.agent_invocations.duplicates += added.duplicates;
        pending = [];
      };
      for (const { value: l } of sorted) {
        wrote?.();
        if (l.outcome.status === 'unknown') {
          res.agent_invocations.skipped_unknown += 1;
          continue;
        }
        const durationMs = l.duration_seconds != null ? l.duration_seconds * 1000 : null;
        const expected = tx.config.reward.expected_duration_ms_by_task[l.task_type] ?? tx.config.reward.expected_duration_ms;
        const extra: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(l)) if (!KNOWN_INV.has(k)) extra[k] = v;
        const row: InvocationRow = {
          invocation_id: l.invocation_id,
          ts: l.timestamp,
          agent_name: l.agent_name,
          task_type: l.task_type,
          variant_id: l.agent_variant,
          outcome: l.outcome.status,
          reward: computeReward({ outcome: l.outcome.status, durationMs }, { ...tx.config.reward, expected_duration_ms: expected }),
          quality_score: null,
          error_count: null,
          duration_ms: durationMs,
          metadata: JSON.stringify({ ...(l.metadata ?? {}), python: { ...extra, outcome: l.outcome } }),
        };
        const historyOnly = fromTable.has(`${l.agent_name}:${l.task_type}:${l.agent_variant}`);
        if (historyOnly !== pendingHistoryOnly || pending.length >= ADD_BATCH) await flush();
        pendingHistoryOnly = historyOnly;
        pending.push(row);
      }
      await flush();
      for (const { value: l } of rb) {
        const inserted = await tx.rollbacks.insertIfNew({
          rollback_id: l.rollback_id, ts: l.timestamp, event_type: 'rollback', agent_name: l.agent_name, task_type: l.task_type,
          from_variant: l.from_variant, to_variant: l.to_variant, reason: l.reason,
          degradation_metrics: JSON.stringify(l.degradation_metrics), triggered_by: 'import-python',
        });
        if (inserted) res.rollback_events.imported += 1;
        else res.rollback_events.duplicates += 1;
        wrote?.();
      }
      for (const l of latest.values()) {
        await tx.proposals.upsertImported({
          proposal_id: l.proposal_id, ts: l.timestamp, agent_name: l.agent_name, task_type: l.task_type, proposal_type: l.proposal_type,
          reasoning: l.reasoning, confidence: l.confidence, supporting_data: JSON.stringify(l.supporting_data),
          recommended_modifications: JSON.stringify(l.recommended_modifications), status: l.status, updated_at: now,
        });
        res.variant_proposals.imported += 1;
      }
      onProgress?.({ phase: 'write', done: total, total });
      await tx.registry.audit({ ts: now, actor: 'import-python', action: 'python_import', reason: `imported from ${dir}`, details: { ...res } });
      await session.commit();
    } catch (e) {
      await session.rollback();
      throw e;
    }
    return res;
  });
}
