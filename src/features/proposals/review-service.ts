import { z } from 'zod';
import { checkPremise, type PremiseResult } from '../../../core/proposals/check-premise';
import { type Ctx, transaction } from '../../context';
import { startRollout } from '../rollout/rollout-service';
import type { ProposalRow, ProposalStatus } from './proposal-store-type';
import { ConflictError } from '../../errors';
import { retireVariant, writeDefault } from '../variants/variants-service';
import { parseInput } from '../../validate';
import { currentFigures, flush, getRow, settings, view, type ProposalView } from './proposals-service';

/**
 * The weekly review workflow of the queue: decide (approve, reject, defer, reopen; approving re-checks the
 * evidence) and apply an approved proposal. Every change is one transaction with its history, audit and
 * outbox rows.
 */

export type Decision = 'approve' | 'reject' | 'defer' | 'reopen';

const TARGET: Record<Decision, ProposalStatus> = { approve: 'approved', reject: 'rejected', defer: 'deferred', reopen: 'pending' };

/** Allowed status transitions of the review workflow. */
export const TRANSITIONS: Record<ProposalStatus, ProposalStatus[]> = {
  pending: ['approved', 'rejected', 'deferred'],
  deferred: ['pending', 'approved', 'rejected'],
  approved: ['applied'],
  rejected: [],
  applied: [],
};

/**
 * The variant a proposal is about: candidate (promote), victim (retire) or base (create / modify).
 * SafetyMonitor items name it in `recommended_modifications.set_default`.
 */
function subjectOf(row: ProposalRow): string | null {
  const sd = JSON.parse(row.supporting_data) as Record<string, unknown>;
  const rm = JSON.parse(row.recommended_modifications) as Record<string, unknown>;
  for (const c of [sd.variant_id, rm.variant_id, rm.base_variant, rm.set_default, sd.candidate_variant, sd.variant, sd.to_variant]) {
    if (typeof c === 'string' && c.length > 0) return c;
  }
  return null;
}

export interface Evidence {
  premise: PremiseResult['kind'];
  reason: string;
  /** The figures the proposal was made on. */
  proposal_figures: Record<string, unknown>;
  current_figures: PremiseResult['figures'];
  /** Set when the figures moved past the proposal's premise. */
  warning: string | null;
}

/** Compares a proposal's premise with the current figures of its agent/task. */
export async function checkEvidence(ctx: Ctx, row: ProposalRow): Promise<Evidence> {
  const { figures } = await currentFigures(ctx, row.agent_name, row.task_type);
  const res = checkPremise(row.proposal_type, subjectOf(row), figures, { ...settings(ctx), approvalMinQ: ctx.config.safety.human_approval_min_q });
  return {
    premise: res.kind,
    reason: res.reason,
    proposal_figures: JSON.parse(row.supporting_data) as Record<string, unknown>,
    current_figures: res.figures,
    warning: res.kind === 'changed' ? `The premise no longer holds: ${res.reason}` : null,
  };
}

const decideSchema = z.object({
  id: z.string().min(1),
  decision: z.enum(['approve', 'reject', 'defer', 'reopen']),
  by: z.string().trim().min(1, 'is required: who decides'),
  note: z.string().max(2000).optional(),
});

/** Records one status change: compare-and-set, proposal_events row, audit row, outbox line. In a transaction. */
async function transition(ctx: Ctx, row: ProposalRow, to: ProposalStatus, by: string, note: string | null, details: Record<string, unknown>): Promise<ProposalRow> {
  const now = ctx.now().toISOString();
  if (!TRANSITIONS[row.status].includes(to)) {
    const last = (await ctx.proposals.events(row.proposal_id)).at(-1);
    const hint = row.status === 'pending' || row.status === 'deferred'
      ? `Approve it first: crl proposals approve ${row.proposal_id} --by NAME`
      : row.status === 'approved'
        ? `It is approved; apply it: crl proposals apply ${row.proposal_id} --by NAME`
        : 'A decided proposal stays decided; the next `crl propose` run makes a new one if the trigger still fires.';
    throw new ConflictError(
      `Proposal ${row.proposal_id} is ${row.status === to ? 'already ' : ''}${row.status}${last ? ` (by ${last.actor} at ${last.ts})` : ''}; it cannot become ${to}.`,
      { hint, details: { status: row.status, allowed: TRANSITIONS[row.status] } },
    );
  }
  if (!(await ctx.proposals.setStatus(row.proposal_id, row.status, to, now))) {
    throw new ConflictError(`Proposal ${row.proposal_id} changed while this decision was made.`, { hint: `Look at it again: crl proposals show ${row.proposal_id}` });
  }
  await ctx.proposals.addEvent({ proposal_id: row.proposal_id, ts: now, actor: by, from_status: row.status, to_status: to, note, details: JSON.stringify(details) });
  await ctx.registry.audit({
    ts: now, actor: by, action: `proposal_${to}`, agent_name: row.agent_name, task_type: row.task_type,
    variant_id: subjectOf(row), reason: note, details: { proposal_id: row.proposal_id, proposal_type: row.proposal_type, from_status: row.status, ...details },
  });
  const next = (await ctx.proposals.get(row.proposal_id)) as ProposalRow;
  await ctx.outbox.enqueue('variant_proposals', view(next), now);
  return next;
}

export interface DecisionResult {
  proposal: ProposalView;
  from_status: ProposalStatus;
  /** approve only: the proposal's figures next to the current ones. */
  evidence: Evidence | null;
}

/**
 * approve | reject | defer | reopen a proposal (pending → approved|rejected|deferred;
 * deferred → pending|approved|rejected). Any other change is a ConflictError (exit 4).
 * `approve` re-checks the evidence and returns a warning when the premise no longer holds.
 */
export async function decideProposal(ctx: Ctx, id: string, decision: Decision, by: string, note?: string): Promise<DecisionResult> {
  const a = parseInput(decideSchema, { id, decision, by, note });
  const out = await transaction(ctx, async (tx): Promise<DecisionResult> => {
    const row = await getRow(tx, a.id);
    const evidence = a.decision === 'approve' && TRANSITIONS[row.status].includes('approved') ? await checkEvidence(tx, row) : null;
    const next = await transition(tx, row, TARGET[a.decision], a.by, a.note ?? null, evidence ? { evidence } : {});
    return { proposal: view(next), from_status: row.status, evidence };
  });
  await flush(ctx);
  return out;
}

export interface ApplyResult {
  proposal: ProposalView;
  /** set_default: switched at once (`--immediate` or `promotion.mode: immediate`); start_rollout: a staged rollout began. */
  action: 'set_default' | 'start_rollout' | 'retire_variant' | 'create_variant';
  /** start_rollout: the rollout that now brings the variant to traffic. */
  rollout_id?: string;
  variant_id: string;
  /** set_default: the default before. */
  previous_default: string | null;
  /** create_variant: params the new candidate was registered with. */
  params: Record<string, unknown> | null;
}

async function candidateId(ctx: Ctx, agent: string, base: string, kind: string, now: Date): Promise<string> {
  const stem = `${base}-${kind}-${now.toISOString().slice(0, 10).replace(/-/g, '')}`.slice(0, 190);
  let id = stem;
  for (let i = 2; await ctx.registry.getVariant(agent, id); i++) id = `${stem}-${i}`;
  return id;
}

/**
 * Carries out an approved proposal (approved → applied, audited, one JSONL line):
 * promote → the variant becomes the default of the agent/task; retire → the variant is retired;
 * create_specialized / modify_parameters → a new candidate variant with the recommended params.
 */
export async function applyProposal(ctx: Ctx, id: string, by: string, opts: { immediate?: boolean } = {}): Promise<ApplyResult> {
  const a = parseInput(z.object({ id: z.string().min(1), by: z.string().trim().min(1, 'is required: who applies it') }), { id, by });
  const out = await transaction(ctx, async (tx): Promise<ApplyResult> => {
    const row = await getRow(tx, a.id);
    if (row.status !== 'approved') await transition(tx, row, 'applied', a.by, null, {}); // throws the conflict with its hint
    const subject = subjectOf(row);
    const now = tx.now();
    const ts = now.toISOString();
    const rm = JSON.parse(row.recommended_modifications) as Record<string, unknown>;
    if (!subject) throw new ConflictError(`Proposal ${row.proposal_id} names no variant; make the change by hand.`);
    const variant = await tx.registry.getVariant(row.agent_name, subject);
    let res: Omit<ApplyResult, 'proposal'>;
    switch (row.proposal_type) {
      case 'promote_variant_to_default':
      case 'crl_promote_variant_to_default': {
        if (!variant || variant.status !== 'active') throw new ConflictError(`Variant ${row.agent_name}/${subject} is ${variant ? 'retired' : 'not registered'}; it cannot become the default.`);
        const previous = (await tx.registry.resolveDefault(row.agent_name, row.task_type))?.variant_id ?? null;
        if (!opts.immediate && tx.config.promotion.mode === 'staged') {
          const r = await startRollout(tx, { agent: row.agent_name, task: row.task_type, variant: subject, by: a.by, reason: `proposal ${row.proposal_id}` });
          const rolloutId = r.kind === 'started' ? r.rollout.rollout_id : undefined;
          res = { action: 'start_rollout', variant_id: subject, previous_default: previous, params: null, rollout_id: rolloutId };
          break;
        }
        const t = await tx.learning.getTuple(row.agent_name, row.task_type, subject);
        await writeDefault(tx, row.agent_name, row.task_type, subject, a.by, `proposal ${row.proposal_id}`,
          { proposal_id: row.proposal_id, q_value: t?.q_value ?? null, n_visits: t?.n_visits ?? null }, ts, 'default_set_by_proposal');
        res = { action: 'set_default', variant_id: subject, previous_default: previous, params: null };
        break;
      }
      case 'retire_underperforming_variant':
        await retireVariant(tx, { agent: row.agent_name, variant: subject, by: a.by, reason: `proposal ${row.proposal_id}` });
        res = { action: 'retire_variant', variant_id: subject, previous_default: null, params: null };
        break;
      case 'create_specialized_variant':
      case 'modify_variant_parameters': {
        const newId = await candidateId(tx, row.agent_name, subject, row.proposal_type === 'create_specialized_variant' ? 'spec' : 'mod', now);
        const base = typeof rm.params === 'object' && rm.params !== null ? (rm.params as Record<string, unknown>) : variant ? (JSON.parse(variant.params) as Record<string, unknown>) : {};
        const params = { ...base, prompt_changes: rm.prompt_changes ?? [], based_on: subject, proposal_id: row.proposal_id };
        await tx.registry.insertVariant({
          agent_name: row.agent_name, variant_id: newId, status: 'active', params: JSON.stringify(params),
          description: `Candidate for ${row.task_type} from ${row.proposal_id} (${row.proposal_type}); write the prompt changes, then record invocations to compare it.`,
          created_at: ts, created_by: a.by,
        });
        await tx.registry.audit({
          ts, actor: a.by, action: 'variant_added', agent_name: row.agent_name, task_type: row.task_type,
          variant_id: newId, reason: `proposal ${row.proposal_id}`, details: { params },
        });
        res = { action: 'create_variant', variant_id: newId, previous_default: null, params };
        break;
      }
      default:
        throw new ConflictError(`Proposal type ${row.proposal_type} cannot be applied automatically.`, { hint: 'Make the change by hand (crl variant …), then reject or keep the proposal.' });
    }
    const next = await transition(tx, row, 'applied', a.by, null, { applied: res });
    return { proposal: view(next), ...res };
  });
  await flush(ctx);
  return out;
}
