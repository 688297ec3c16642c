/** Every status of a proposal in the review workflow. */
export const PROPOSAL_STATUSES = ['pending', 'approved', 'rejected', 'deferred', 'applied'] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

/** A stored proposal; JSON columns are text. */
export interface ProposalRow {
  proposal_id: string;
  ts: string;
  agent_name: string;
  task_type: string;
  proposal_type: string;
  reasoning: string;
  confidence: number;
  supporting_data: string;
  recommended_modifications: string;
  status: ProposalStatus;
  updated_at: string;
}

export interface ProposalEventRow {
  id: number;
  proposal_id: string;
  ts: string;
  actor: string;
  from_status: ProposalStatus | null;
  to_status: ProposalStatus;
  note: string | null;
  details: string;
}

/** Proposals (the review queue) and their append-only status history. */
export interface ProposalStore {
  insert(p: ProposalRow): Promise<void>;
  get(id: string): Promise<ProposalRow | undefined>;
  list(filter: { status?: ProposalStatus; agent?: string; limit?: number }): Promise<ProposalRow[]>;
  /** An undecided (pending or deferred) proposal of that type for that agent/task, if any. */
  /** The open (pending or deferred) proposal of a key. Call inside the transaction that may queue one: on PostgreSQL it locks the key until commit. */
  findOpen(agent: string, task: string, type: string): Promise<ProposalRow | undefined>;
  /** Compare-and-set of the status; false when the status is no longer `from`. */
  setStatus(id: string, from: ProposalStatus, to: ProposalStatus, now: string): Promise<boolean>;
  addEvent(e: Omit<ProposalEventRow, 'id'>): Promise<void>;
  events(id: string): Promise<ProposalEventRow[]>;
  countByStatus(): Promise<Record<ProposalStatus, number>>;
  /** Inserts an imported proposal, or takes its status when the id exists (the latest line of an id wins). */
  upsertImported(p: ProposalRow): Promise<void>;
}
