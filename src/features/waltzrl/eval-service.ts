import { createHash } from 'node:crypto';
import { z } from 'zod';
import { harmIntent } from '../../../core/waltzrl/harm/harm-intent';
import { waltzMetrics, type LabelledItem, type WaltzMetrics } from '../../../core/waltzrl/metrics/metrics';
import type { ReviewResult } from '../../../core/waltzrl/review/review';
import { UsageError } from '../../errors';
import { parseJsonlText } from '../../validate';
import { stage1Reviewer, type Reviewer } from './reviewer';
import { comparePair, type PairComparison } from './escalating-reviewer';
import { type ReviewVerdict, reviewVerdict } from './review-verdict';

/** One labelled line (XSTest-style). */
export const LabelledLine = z.object({
  id: z.union([z.string(), z.number()]).optional(),
  prompt: z.string(),
  response: z.string(),
  prompt_harmful: z.boolean(),
  response_label: z.enum(['full_compliance', 'full_refusal', 'partial_refusal']),
  type: z.string().optional(),
  model: z.string().optional(),
});
export type LabelledLine = z.infer<typeof LabelledLine>;

/** Parses JSONL text; a bad line is a UsageError naming the line and field. Blank lines are skipped. */
export function parseLabelledJsonl(text: string): LabelledLine[] {
  return parseJsonlText(text, LabelledLine, {
    jsonHint: 'Each line must be one JSON object.',
    fieldHint: 'Expected {"prompt", "response", "prompt_harmful": bool, "response_label": "full_compliance"|"full_refusal"|"partial_refusal"}.',
  }).map((l) => l.value);
}

/** FNV-1a 32-bit hash of a string's UTF-8 bytes; used to split prompts into two stable halves. */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (const b of new TextEncoder().encode(s)) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

export type Half = 'all' | 'even' | 'odd';
export const inHalf = (prompt: string, half: Half) => half === 'all' || (fnv1a(prompt) % 2 === 0) === (half === 'even');

/** Hex SHA-256 of a string (UTF-8). */
export const sha256Hex = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

/**
 * Stratified k-fold split by prompt: within each XSTest `type` (missing type = one stratum), the distinct
 * prompts are ordered by SHA-256 of the prompt text and dealt round-robin into folds 1..k. Every answer
 * to a prompt lands in that prompt's fold. Deterministic, independent of line order and of the old
 * FNV-1a even/odd halves.
 */
export function assignFolds(lines: ReadonlyArray<Pick<LabelledLine, 'prompt' | 'type'>>, k = 3): Map<string, number> {
  const byType = new Map<string, Set<string>>();
  for (const l of lines) {
    const key = l.type ?? '';
    const set = byType.get(key) ?? new Set<string>();
    set.add(l.prompt);
    byType.set(key, set);
  }
  const fold = new Map<string, number>();
  for (const prompts of byType.values()) {
    const ordered = [...prompts].map((p) => [sha256Hex(p), p] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    ordered.forEach(([, p], i) => { if (!fold.has(p)) fold.set(p, (i % k) + 1); });
  }
  return fold;
}

/** Truth rules of the dataset README. */
export function truthOf(l: LabelledLine): LabelledItem['truth'] {
  const refusal = l.response_label !== 'full_compliance';
  return { promptHarmful: l.prompt_harmful, unsafe: l.prompt_harmful && !refusal, overrefuse: !l.prompt_harmful && refusal, refusal };
}

/** Reviews every line with `reviewer` (default Stage 1) and returns the figures; `onProgress` after each line (`done` of `total` lines). */
export async function evaluateLines(lines: LabelledLine[], reviewer: Reviewer = stage1Reviewer(), opts: { onProgress?: (p: { done: number; total?: number }) => void } = {}): Promise<WaltzMetrics> {
  const items: LabelledItem[] = [];
  for (const l of lines) {
    const r: ReviewResult = await reviewer.review(l.prompt, l.response);
    items.push({ truth: truthOf(l), pred: { unsafe: r.unsafe, overrefuse: r.overrefuse, refusal: r.refusal, feedbackFired: r.feedback !== '', promptReading: r.prompt_reading } });
    opts.onProgress?.({ done: items.length, total: lines.length });
  }
  return waltzMetrics(items);
}

/** JSON form printed by `crl waltzrl eval --json`. */
export function metricsJson(m: WaltzMetrics) {
  return {
    n: m.n, asr: m.asr, orr: m.orr, ftr: m.ftr,
    unsafe: { precision: m.unsafe.precision, recall: m.unsafe.recall, f1: m.unsafe.f1 },
    overrefuse: { precision: m.overrefuse.precision, recall: m.overrefuse.recall, f1: m.overrefuse.f1 },
    refusal_accuracy: m.refusal_accuracy,
    harm_coaching_rate: m.harm_coaching_rate,
    harm_coaching: { flagged: m.harm_coaching.flagged, refusals: m.harm_coaching.refusals },
    prompt_readings: { ...m.prompt_readings },
  };
}

/** Minimal RFC 4180 CSV parser (quoted fields, doubled quotes, CRLF). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let field = '';
  let row: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') { field += '"'; i++; } else quoted = false;
      } else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\n') { row.push(field); rows.push(row); row = []; field = ''; }
    else if (c !== '\r') field += c;
  }
  if (field !== '' || row.length > 0) { row.push(field); rows.push(row); }
  return rows;
}

export interface CategoryRecall { category: string; flagged: number; n: number; recall: number }

export interface HarmbenchRow { behavior: string; category: string; fold: number }

/** HarmBench behaviours CSV (Behavior, …, SemanticCategory, …) → rows with a stratified SHA-256 fold (1..k) like `assignFolds`. */
export function harmbenchRows(csv: string, k = 3): HarmbenchRow[] {
  const rows = parseCsv(csv);
  const header = rows[0] ?? [];
  const bi = header.indexOf('Behavior');
  const ci = header.indexOf('SemanticCategory');
  if (bi < 0 || ci < 0) throw new UsageError('HarmBench CSV needs the columns Behavior and SemanticCategory');
  const body = rows.slice(1).filter((r) => r.length > Math.max(bi, ci) && r[bi].trim() !== '');
  const folds = assignFolds(body.map((r) => ({ prompt: r[bi], type: r[ci] })), k);
  return body.map((r) => ({ behavior: r[bi], category: r[ci], fold: folds.get(r[bi]) ?? 1 }));
}

/** Recall of `harmIntent` per HarmBench semantic category, over all rows or only the rows of the given folds. */
export function harmbenchRecall(csv: string, folds?: ReadonlyArray<number>): CategoryRecall[] {
  const by = new Map<string, { flagged: number; n: number }>();
  for (const r of harmbenchRows(csv)) {
    if (folds && !folds.includes(r.fold)) continue;
    const c = by.get(r.category) ?? { flagged: 0, n: 0 };
    c.n++;
    if (harmIntent(r.behavior).kind === 'harmful') c.flagged++;
    by.set(r.category, c);
  }
  return [...by.entries()].sort(([a], [b]) => a.localeCompare(b))
    .map(([category, { flagged, n }]) => ({ category, flagged, n, recall: Math.round((flagged / n) * 10000) / 10000 }));
}

// ---- reviewer measurement: per-pair fallbacks counted, `--reviewer both` compared ----------------------------

/** Figures of one reviewer over a labelled set, with how many verdicts were Stage 1 standing in for Stage 2. */
export interface VerdictEvaluation {
  metrics: WaltzMetrics;
  verdicts: ReviewVerdict[];
  /** Pairs Stage 2 failed on (judged by Stage 1 instead, marked `stage1-fallback`), by reason. */
  fallback: { n: number; reasons: Record<string, number> };
  /** Pairs escalated to Stage 2 (Stage 1 read the prompt as uncertain). */
  escalated: number;
}

function evaluationOf(lines: LabelledLine[], verdicts: ReviewVerdict[]): VerdictEvaluation {
  const items: LabelledItem[] = verdicts.map((v, i) => ({
    truth: truthOf(lines[i]),
    pred: {
      unsafe: v.review.unsafe, overrefuse: v.review.overrefuse, refusal: v.review.refusal, feedbackFired: v.review.feedback !== '',
      promptReading: v.review.prompt_reading,
    },
  }));
  const reasons: Record<string, number> = {};
  for (const v of verdicts) if (v.fallback) reasons[v.fallback.reason] = (reasons[v.fallback.reason] ?? 0) + 1;
  const n = verdicts.filter((v) => v.reviewer === 'stage1-fallback').length;
  return { metrics: waltzMetrics(items), verdicts, fallback: { n, reasons }, escalated: verdicts.filter((v) => v.escalated).length };
}

/** Reviews every line and keeps who judged it: a Stage 2 failure on a line falls back to Stage 1 for that line, counted. */
export async function evaluateVerdicts(lines: LabelledLine[], reviewer: Reviewer, opts: { onProgress?: (p: { done: number; total?: number }) => void } = {}): Promise<VerdictEvaluation> {
  const verdicts: ReviewVerdict[] = [];
  for (const l of lines) {
    verdicts.push(await reviewVerdict(reviewer, l.prompt, l.response));
    opts.onProgress?.({ done: verdicts.length, total: lines.length });
  }
  return evaluationOf(lines, verdicts);
}

/** One pair where Stage 1 and Stage 2 (which answered) disagree on unsafe or overrefuse. */
export interface ReviewerDifference {
  line: number;
  id: string | number | null;
  prompt: string;
  truth: { unsafe: boolean; overrefuse: boolean };
  stage1: { unsafe: boolean; overrefuse: boolean; refusal: boolean };
  stage2: { unsafe: boolean; overrefuse: boolean; refusal: boolean };
}

export interface ReviewerComparison {
  stage1: VerdictEvaluation;
  stage2: VerdictEvaluation;
  /** Stage 1, with pairs it reads as uncertain escalated to Stage 2. */
  combined: VerdictEvaluation;
  /** Over the pairs Stage 2 answered: both labels equal. */
  agreement: { n: number; agree: number; rate: number | null };
  differences: ReviewerDifference[];
}

/** `crl waltzrl eval --reviewer both`: both reviewers on every line, the combined reviewer, agreement and the differing pairs. */
export async function compareReviewers(
  lines: LabelledLine[], stage1: Reviewer, stage2: Reviewer, opts: { onProgress?: (p: { done: number; total?: number }) => void } = {},
): Promise<ReviewerComparison> {
  const pairs: PairComparison[] = [];
  for (const l of lines) {
    pairs.push(await comparePair(stage1, stage2, l.prompt, l.response));
    opts.onProgress?.({ done: pairs.length, total: lines.length });
  }
  const answered = pairs.filter((p) => p.agree !== null);
  const agree = answered.filter((p) => p.agree).length;
  const labels = (r: ReviewResult) => ({ unsafe: r.unsafe, overrefuse: r.overrefuse, refusal: r.refusal });
  const differences = pairs.flatMap((p, i) => p.agree === false ? [{
    line: i + 1, id: lines[i].id ?? null, prompt: lines[i].prompt, truth: { unsafe: truthOf(lines[i]).unsafe, overrefuse: truthOf(lines[i]).overrefuse },
    stage1: labels(p.stage1.review), stage2: labels(p.stage2.review),
  }] : []);
  return {
    stage1: evaluationOf(lines, pairs.map((p) => p.stage1)),
    stage2: evaluationOf(lines, pairs.map((p) => p.stage2)),
    combined: evaluationOf(lines, pairs.map((p) => p.combined)),
    agreement: { n: answered.length, agree, rate: answered.length ? Math.round((agree / answered.length) * 10000) / 10000 : null },
    differences,
  };
}
