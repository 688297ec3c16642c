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
  /** The session, its rounds and its keywords, in one transaction. */
  insert(session: CoachingSessionRow, rounds: CoachingRoundRow[], keywords: string[]): Promise<void>;
  /** Feedback texts (non-empty, newest session first) of sessions with this prompt hash. */
  feedbackByHash(hash: string, limit: number): Promise<string[]>;
  /** Sessions sharing the most keywords with `keywords` (ties: newest), excluding a hash. */
  closestByKeywords(keywords: string[], excludeHash: string, limit: number): Promise<{ session_id: string; overlap: number }[]>;
  feedbackOfSession(sessionId: string): Promise<string[]>;
  /** Sessions oldest first, optionally since an ISO time; streamed (read a page at a time, in constant memory). */
  sessions(since?: string): AsyncIterableIterator<CoachingSessionRow>;
  rounds(sessionId: string): Promise<CoachingRoundRow[]>;
}
