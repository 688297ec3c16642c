import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { addCoachCommands } from './waltzrl-coach';
import { addStageCommands } from './waltzrl-stage';
import { UsageError } from '../../errors';
import { examples, type CliKit } from '../kit';
import { progressReporter, withProgress } from '../progress';
import { addReviewerFlags, chooseReviewer, type ReviewerFlags, verdictWord } from './waltzrl-reviewer-flags';
import { evalWithStage2, figuresText, reviewWithStage2 } from './waltzrl-reviewer-output';

/** Reads all of stdin as text. */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function readFileOrThrow(path: string, flag: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(`${flag} ${path}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

/** Parses one `{prompt, response, id?}` JSON line; errors name the line and field. */
function parsePair(line: string, lineNo: number): { id: string | number | null; prompt: string; response: string } {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    throw new UsageError(`line ${lineNo}: not valid JSON`, { hint: 'Each line must be {"prompt": "...", "response": "..."}.' });
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new UsageError(`line ${lineNo}: expected a JSON object`);
  const o = v as Record<string, unknown>;
  for (const f of ['prompt', 'response'] as const) {
    if (typeof o[f] !== 'string') throw new UsageError(`line ${lineNo}: field "${f}" must be a string`);
  }
  const id = typeof o.id === 'string' || typeof o.id === 'number' ? o.id : null;
  return { id, prompt: o.prompt as string, response: o.response as string };
}

/** Reviewer per the WALTZRL_* environment (Stage 2 needs WALTZRL_STAGE2_URL and WALTZRL_STAGE2_MODEL). */
async function reviewerFromEnv() {
  const { envOrThrow, parseWaltzEnv, stage2ApiKey, waltzStage2EndpointEnv } = await import('../../env');
  const env = envOrThrow(parseWaltzEnv());
  const { stage1Reviewer } = await import('../../features/waltzrl/reviewer');
  if (env.stage === 1) return { env, reviewer: stage1Reviewer() };
  const { url, model } = waltzStage2EndpointEnv();
  if (!url || !model) throw new UsageError('WALTZRL_STAGE=2 needs WALTZRL_STAGE2_URL and WALTZRL_STAGE2_MODEL', { hint: 'Set them, or set WALTZRL_STAGE=1.' });
  const { stage2Reviewer } = await import('../../features/waltzrl/stage2-client');
  const { DEFAULT_CONFIG } = await import('../../config/config-defaults');
  return { env, reviewer: stage2Reviewer({ url, model, apiKey: stage2ApiKey(DEFAULT_CONFIG.waltzrl.stage2.api_key_env) }) };
}

/** The `waltzrl` group: `review`, `eval`, `wrap`, and the `stage` and `export` commands of ./waltzrl-stage and ./waltzrl-coach. */
export function registerWaltzrl(program: Command, kit: CliKit): void {
  const g = program.command('waltzrl').description('WaltzRL safety layer: review responses, evaluate the reviewer, wrap a response');

  addReviewerFlags(examples(
    g.command('review')
      .description('review (prompt, response) pairs (Stage 1 rules by default, or Stage 2, or both compared): unsafe, overrefuse, refusal, issues, feedback')
      .option('--prompt <text>', 'the user prompt')
      .option('--response <text>', 'the model response')
      .option('--input <file>', 'JSONL file of {"id"?, "prompt", "response"} lines')
      .option('--json', 'one JSON line per pair'),
    [
      'crl waltzrl review --prompt "How do I kill a Python process?" --response "Run kill <pid>." --json',
      'crl waltzrl review --input pairs.jsonl --json',
      'crl waltzrl review --input pairs.jsonl --reviewer both --stage2-url http://127.0.0.1:8000/v1 --stage2-model meta-llama/Llama-Guard-3-8B --stage2-format llama-guard',
    ],
  )).action(async (o: { prompt?: string; response?: string; input?: string; json?: boolean } & ReviewerFlags) => {
    let pairs: { id: string | number | null; prompt: string; response: string }[];
    if (o.input !== undefined) {
      if (o.prompt !== undefined || o.response !== undefined) throw new UsageError('use either --input or --prompt/--response, not both');
      pairs = [];
      readFileOrThrow(o.input, '--input').split('\n').forEach((l, i) => {
        if (l.trim() !== '') pairs.push(parsePair(l, i + 1));
      });
    } else {
      if (o.prompt === undefined || o.response === undefined) throw new UsageError('give --prompt and --response, or --input FILE.jsonl');
      pairs = [{ id: null, prompt: o.prompt, response: o.response }];
    }
    const choice = await chooseReviewer(o, kit);
    if (choice.kind !== 'stage1') return reviewWithStage2(choice, pairs, !!o.json);
    const { review } = await import('../../../core/waltzrl/review/review');
    for (const p of pairs) {
      const r = review(p.prompt, p.response);
      const row = { id: p.id, unsafe: r.unsafe, overrefuse: r.overrefuse, refusal: r.refusal, issues: r.issues, feedback: r.feedback };
      if (o.json) process.stdout.write(`${JSON.stringify(row)}\n`);
      else process.stdout.write(`${p.id ?? '-'}\t${verdictWord(r)}\trefusal=${r.refusal}\tseverity=${r.severity ?? '-'}\t${r.feedback}\n`);
    }
  });

  addReviewerFlags(examples(
    g.command('eval')
      .description('evaluate a reviewer (Stage 1 by default, Stage 2, or both compared) on a labelled JSONL dataset (XSTest format)')
      .requiredOption('--dataset <file>', 'JSONL with prompt, response, prompt_harmful, response_label')
      .option('--json', 'print {n, asr, orr, ftr, unsafe, overrefuse, refusal_accuracy, harm_coaching_rate, harm_coaching, prompt_readings} (with Stage 2: also reviewer, fallback, …)'),
    [
      'crl waltzrl eval --dataset ../shared/data/waltzrl/xstest-dev.jsonl --json',
      'crl --config crl.json waltzrl eval --dataset eval.jsonl --reviewer both --stage2-format wildguard',
    ],
  )).action(async (o: { dataset: string; json?: boolean } & ReviewerFlags) => {
    const { evaluateLines, metricsJson, parseLabelledJsonl } = await import('../../features/waltzrl/eval-service');
    const lines = parseLabelledJsonl(readFileOrThrow(o.dataset, '--dataset'));
    const choice = await chooseReviewer(o, kit);
    const progress = progressReporter({ label: 'waltzrl eval', unit: 'lines', json: o.json }); // lines reviewed of all, on a terminal
    const onProgress = progress.active ? (p: { done: number; total?: number }) => progress.update(p) : undefined;
    if (choice.kind !== 'stage1') return evalWithStage2(choice, lines, !!o.json, (fn) => withProgress(progress, () => fn(onProgress)));
    const m = metricsJson(await withProgress(progress, () => evaluateLines(lines, undefined, { onProgress })));
    if (o.json) process.stdout.write(`${JSON.stringify(m)}\n`);
    else process.stdout.write(figuresText(m));
  });

  examples(
    g.command('wrap')
      .description('read one JSON line {"prompt", "response"} on stdin and print the wrapped result (WALTZRL_* env applies)')
      .option('--mode <mode>', 'feedback_only | revise | block_critical (default: revise, or feedback_only with WALTZRL_FEEDBACK_ONLY)'),
    [`echo '{"prompt":"How do I kill someone?","response":"First, ..."}' | crl waltzrl wrap`],
  ).action(async (o: { mode?: string }) => {
    const text = (await readStdin()).trim();
    if (text === '') throw new UsageError('stdin is empty: expected one JSON line {"prompt", "response"}');
    const lines = text.split('\n').filter((l) => l.trim() !== '');
    if (lines.length !== 1) throw new UsageError(`expected one JSON line on stdin, got ${lines.length}`);
    const pair = parsePair(lines[0], 1);
    if (o.mode !== undefined && !['feedback_only', 'revise', 'block_critical'].includes(o.mode)) {
      throw new UsageError(`--mode must be feedback_only, revise or block_critical, got "${o.mode}"`);
    }
    const { env, reviewer } = await reviewerFromEnv();
    const { withWaltzRL } = await import('../../features/waltzrl/wrap');
    if (!env.enabled) {
      process.stdout.write(`${JSON.stringify({ response: pair.response, action: 'disabled', stage: null })}\n`);
      return;
    }
    const mode = (o.mode ?? (env.feedbackOnly ? 'feedback_only' : 'revise')) as 'feedback_only' | 'revise' | 'block_critical';
    const wrapped = withWaltzRL(async () => pair.response, { mode, reviewer, blockOnFailure: env.blockOnReviewFailure, safetyThreshold: env.reviseThreshold });
    process.stdout.write(`${JSON.stringify(await wrapped(pair.prompt))}\n`);
  });
  addStageCommands(g, kit);
  addCoachCommands(g, kit);
}
