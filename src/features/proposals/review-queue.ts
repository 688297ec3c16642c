import { datedId } from '../../ids';
import type { ProposalLine } from '../../../telemetry/schemas';
import type { Ctx } from '../../context';
import type { ProposalRow } from './proposal-store-type';

/** What a policy proposes (proposal_type e.g. promote_variant_to_default, crl_promote_variant_to_default;
 * confidence in [0, 1], two decimals); the queue adds id, timestamp and status. */
export type ProposalDraft = Omit<ProposalLine, 'proposal_id' | 'timestamp' | 'status'>;

export type QueueResult = { kind: 'queued'; proposal: ProposalLine } | { kind: 'duplicate'; proposal: ProposalLine };


/** The JSONL / JSON form of a stored proposal (field names of the CRL guide). */
export function proposalLine(p: ProposalRow): ProposalLine {
  return {
    proposal_id: p.proposal_id,
    timestamp: p.ts,
    agent_name: p.agent_name,
    task_type: p.task_type,
    proposal_type: p.proposal_type,
    reasoning: p.reasoning,
    confidence: p.confidence,
    supporting_data: JSON.parse(p.supporting_data) as Record<string, unknown>,
    recommended_modifications: JSON.parse(p.recommended_modifications) as Record<string, unknown>,
    status: p.status,
  };
}

/**
 * Puts a proposal in the review queue (status pending) unless one of the same type is already open for
 * that agent/task. Must run inside a transaction (pass its `tx`); the JSONL line goes through the outbox
 * (call `ctx.outbox.flush` after the commit).
 */
export async function queueProposal(ctx: Ctx, draft: ProposalDraft, actor: string): Promise<QueueResult> {
  const store = ctx.proposals;
  const existing = await store.findOpen(draft.agent_name, draft.task_type, draft.proposal_type);
  if (existing) return { kind: 'duplicate', proposal: proposalLine(existing) };
  const now = ctx.now();
  const ts = now.toISOString();
  const row: ProposalRow = {
    proposal_id: datedId('prop', now),
    ts,
    agent_name: draft.agent_name,
    task_type: draft.task_type,
    proposal_type: draft.proposal_type,
    reasoning: draft.reasoning,
    confidence: Math.round(draft.confidence * 100) / 100,
    supporting_data: JSON.stringify(draft.supporting_data),
    recommended_modifications: JSON.stringify(draft.recommended_modifications),
    status: 'pending',
    updated_at: ts,
  };
  await store.insert(row);
  await store.addEvent({ proposal_id: row.proposal_id, ts, actor, from_status: null, to_status: 'pending', note: null, details: '{}' });
  const line = proposalLine(row);
  await ctx.outbox.enqueue('variant_proposals', line, ts);
  return { kind: 'queued', proposal: line };
}
