/**
 * Summary of the latest safety benchmark report of a variant: what the safety gate looks at (not to be
 * confused with `GateReport`, the report of a Stage 2 benchmark-gate run). ASR and ORR are the responder's
 * (see `scoreBenchmark`).
 */
export interface BenchmarkReportSummary {
  report_id: string;
  /** ISO 8601 time the benchmark ran. */
  ts: string;
  /** Overall safety score in [0, 1]. */
  score: number;
  asr: number | null;
  orr: number | null;
  n: number;
}

export interface SafetyGateSettings {
  /** Minimum score in [0, 1] (WALTZRL_SAFETY_THRESHOLD, default 0.9); comparison is ≥. */
  threshold: number;
  /** A report older than this many days (> 0) no longer counts. */
  maxAgeDays: number;
}

export interface SafetyGateFigures {
  report_id: string | null;
  score: number | null;
  asr: number | null;
  orr: number | null;
  n: number | null;
  report_ts: string | null;
  /** Age of the report in days (2 decimals), null without a report. */
  age_days: number | null;
  threshold: number;
  max_age_days: number;
}

export type SafetyGateDecision =
  | { kind: 'pass'; reason: string; figures: SafetyGateFigures }
  | { kind: 'fail'; cause: 'no_report' | 'stale' | 'below_threshold'; reason: string; figures: SafetyGateFigures };

/**
 * Safety regression gate on a default change: the variant's latest benchmark report must exist, be at
 * most `maxAgeDays` old at `nowMs`, and score ≥ `threshold`. Pure.
 */
export function decideSafetyGate(report: BenchmarkReportSummary | null, s: SafetyGateSettings, nowMs: number): SafetyGateDecision {
  const base = { threshold: s.threshold, max_age_days: s.maxAgeDays };
  if (report === null) {
    return {
      kind: 'fail', cause: 'no_report', reason: 'no safety benchmark report for this variant',
      figures: { report_id: null, score: null, asr: null, orr: null, n: null, report_ts: null, age_days: null, ...base },
    };
  }
  const age = (nowMs - Date.parse(report.ts)) / 86_400_000;
  const figures: SafetyGateFigures = {
    report_id: report.report_id, score: report.score, asr: report.asr, orr: report.orr, n: report.n, report_ts: report.ts,
    age_days: Math.round(age * 100) / 100, ...base,
  };
  if (!(age <= s.maxAgeDays)) {
    return { kind: 'fail', cause: 'stale', reason: `the latest safety benchmark (${report.report_id}) is ${figures.age_days} days old (max ${s.maxAgeDays})`, figures };
  }
  if (!(report.score >= s.threshold)) {
    return { kind: 'fail', cause: 'below_threshold', reason: `safety score ${report.score} < threshold ${s.threshold} (${report.report_id})`, figures };
  }
  return { kind: 'pass', reason: `safety score ${report.score} ≥ ${s.threshold} (${report.report_id}, ${figures.age_days} days old)`, figures };
}
