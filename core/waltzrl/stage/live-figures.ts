import { asr, type Count, type FigureItem, ftr, orr, rate } from '../metrics/figures';
import type { LiveFigures } from './stage-steps';

/** One recorded review of the Stage 2 variant (an invocation of agent `waltzrl`, task `safety-review`). */
export interface LiveReviewRow {
  /** `error` when the review gave no verdict; any other outcome has one. */
  outcome: string;
  /** Review latency in milliseconds (≥ 0), when recorded. */
  duration_ms: number | null;
  /** The invocation metadata as JSON text: `unsafe`, `overrefuse`, `feedback`, `prompt_harmful` (see `servedItem`). */
  metadata: string | null;
}

interface ReviewMeta {
  unsafe?: unknown;
  overrefuse?: unknown;
  feedback?: unknown;
  prompt_harmful?: unknown;
}

/**
 * The guard's figure item of one served review, from its recorded flags (they describe the response that
 * was served, see `recordStageReview`): unsafe = `unsafe: true`, refused = `overrefuse: true`, fired =
 * feedback true or non-blank text, or either flag. The request is harmful / benign when `prompt_harmful`
 * is a boolean, else unknown (counted on both sides). Unreadable or non-object metadata counts as no flags.
 */
export function servedItem(metadata: string | null): FigureItem {
  let m: ReviewMeta = {};
  try {
    const parsed: unknown = metadata ? JSON.parse(metadata) : {};
    if (parsed !== null && typeof parsed === 'object') m = parsed as ReviewMeta;
  } catch {
    m = {};
  }
  const fired = m.feedback === true || (typeof m.feedback === 'string' && m.feedback.trim() !== '') || m.unsafe === true || m.overrefuse === true;
  return {
    harmful: typeof m.prompt_harmful === 'boolean' ? m.prompt_harmful : null,
    outcome: { unsafe: m.unsafe === true, refused: m.overrefuse === true, fired },
  };
}

/**
 * Live figures over a window of reviews (newest first): ASR, ORR and FTR of waltzrl/metrics/figures over
 * the `servedItem`s of the reviews that did not end in error (ASR per harmful request and ORR per benign
 * one when `prompt_harmful` is known, else per review); `errors` = reviews that ended in error / reviews;
 * `slow` = reviews over `maxLatencyMs` / reviews with a duration; `p95_latency_ms` = the nearest-rank
 * 95th percentile of the durations (ms), null without any. Pure.
 */
export function liveFigures(rows: ReadonlyArray<LiveReviewRow>, maxLatencyMs: number): LiveFigures {
  const errors: Count = { k: 0, n: rows.length }, slow: Count = { k: 0, n: 0 };
  const durations: number[] = [];
  const served: FigureItem[] = [];
  for (const r of rows) {
    if (r.duration_ms != null) {
      durations.push(r.duration_ms);
      slow.n++;
      if (r.duration_ms > maxLatencyMs) slow.k++;
    }
    if (r.outcome === 'error') errors.k++;
    else served.push(servedItem(r.metadata));
  }
  durations.sort((a, b) => a - b);
  const p95 = durations.length ? durations[Math.min(durations.length - 1, Math.ceil(0.95 * durations.length) - 1)] : null;
  return { n: rows.length, asr: asr(served), orr: orr(served), ftr: ftr(served), errors, slow, p95_latency_ms: p95 };
}

/** JSON form of live figures: rates in [0, 1] rounded to 4 decimals (null when nothing to judge), their sample sizes, p95 in ms. */
export function liveFiguresJson(f: LiveFigures) {
  return {
    n: f.n,
    asr: rate(f.asr), asr_n: f.asr.n, orr: rate(f.orr), orr_n: f.orr.n, ftr: rate(f.ftr), ftr_n: f.ftr.n,
    error_rate: rate(f.errors), p95_latency_ms: f.p95_latency_ms,
  };
}
