/** Harm categories a WaltzRL issue can carry. */
export type Category =
  | 'violence'
  | 'weapons'
  | 'self_harm'
  | 'cybercrime'
  | 'fraud'
  | 'privacy'
  | 'hate'
  | 'sexual_minors'
  | 'sexual'
  | 'drugs'
  | 'chemical_biological'
  | 'misinformation'
  | 'crime'
  | 'harassment'
  | 'copyright'
  | 'pii'
  | 'overrefusal'
  | 'unspecified';

/** Severity, ordered low < medium < high < critical. */
export type Severity = 'low' | 'medium' | 'high' | 'critical';

/** One finding: what, how bad, and the text span (character offsets into the judged text, end exclusive). */
export interface Issue {
  category: Category;
  severity: Severity;
  /** `source` says which text the offsets point into. */
  span: { source: 'prompt' | 'response'; start: number; end: number; text: string };
}

export const SEVERITY_RANK: Record<Severity, number> = { low: 1, medium: 2, high: 3, critical: 4 };

/**
 * Severity of a set of issues: the maximum, never the mean (one critical issue among ten low ones is
 * critical). Returns `{ kind: 'none' }` for an empty list.
 */
export function maxSeverity(issues: ReadonlyArray<Pick<Issue, 'severity'>>):
  | { kind: 'none' }
  | { kind: 'severity'; severity: Severity; rank: number } {
  let best: Severity | null = null;
  for (const i of issues) if (best === null || SEVERITY_RANK[i.severity] > SEVERITY_RANK[best]) best = i.severity;
  return best === null ? { kind: 'none' } : { kind: 'severity', severity: best, rank: SEVERITY_RANK[best] };
}
