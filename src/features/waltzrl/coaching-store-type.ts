export interface CoachingSessionRow {
  session_id: string;
  ts: string;
  prompt_hash: string;
  prompt: string;
  reviewer_variant: string;
  outcome: string;
  converged: number;
  rounds_used: number;
  max_rounds: number;
  dir: number;
  error: string | null;
}

export interface CoachingRoundRow {
  session_id: string;
  round: number;
  response: string;
  unsafe: number | null;
  overrefuse: number | null;
  feedback: string;
  dir: number | null;
  error: string | null;
}

/** Coaching sessions of the WaltzRL coach mode (texts are stored already redacted). */
export interface CoachingStore {
  insert(session: CoachingSessionRow, rounds: CoachingRoundRow[], keywords: string[]): void;
  /** Feedback texts (non-empty, newest session first) of sessions with this prompt hash. */
  feedbackByHash(hash: string, limit: number): string[];
  /** Sessions sharing the most keywords with `keywords` (ties: newest), excluding a hash. */
  closestByKeywords(keywords: string[], excludeHash: string, limit: number): { session_id: string; overlap: number }[];
  feedbackOfSession(sessionId: string): string[];
  /** Sessions oldest first, optionally since an ISO time; streamed. */
  sessions(since?: string): IterableIterator<CoachingSessionRow>;
  rounds(sessionId: string): CoachingRoundRow[];
}
