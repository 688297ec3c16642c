export type OutboxFile = 'rollback_events' | 'variant_proposals' | 'waltzrl_stage_events';

export const OUTBOX_FILES: Record<OutboxFile, string> = {
  rollback_events: 'rollback_events.jsonl',
  variant_proposals: 'variant_proposals.jsonl',
  waltzrl_stage_events: 'waltzrl_stage_events.jsonl',
};

/**
 * The JSONL audit export. `enqueue` runs inside the transaction of the change; `flush` runs after the
 * commit and appends each pending line exactly once, even after a crash between append and mark, and
 * even when two processes flush at once (a line is appended only by the flush that claimed its row).
 */
export interface OutboxStore {
  enqueue(file: OutboxFile, record: object, now: string): Promise<void>;
  /** Appends pending lines to their files; resolves to how many were appended. */
  flush(dataDir: string, now: string): Promise<number>;
  pending(): Promise<number>;
}
