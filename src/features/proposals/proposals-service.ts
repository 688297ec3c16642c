import { z } from 'zod';
import { checkPremise, type PremiseResult } from '../../../core/proposals/check-premise';
import { proposeVariant, type ProposerSettings, type VariantFigures } from '../../../core/proposals/propose-variant';
import { recommendModifications, type VariantSignals } from '../../../core/proposals/recommend-modifications';
import type { ProposalLine } from '../../../telemetry/schemas';
import type { Ctx } from '../../context';
import type { TupleRow } from '../learning/learning-store';
import type { ProposalRow, ProposalStatus } from './proposal-store';
import { ConflictError, NotFoundError, UsageError } from '../../errors';
import { proposalLine, queueProposal } from './review-queue';
import { retireVariant, writeDefault } from '../variants/variants-service';
import { parseInput } from '../../validate';

/** A proposal as printed and exported: the CRL guide's fields plus when its status last changed. */
export type ProposalView = ProposalLine & { updated_at: string };

export interface ProposalHistoryEntry {
  ts: string;
  actor: string;
  from_status: ProposalStatus | null;
  to_status: ProposalStatus;
  note: string | null;
  details: Record<string, unknown>;
}

export interface ProposeRunResult {
  /** Agent/task pairs looked at. */
  checked: number;
  /** Proposals queued by this run (status pending). */
  created: ProposalView[];
  /** Triggers that fired while an undecided or approved proposal of that type was already open. */
  duplicates: ProposalView[];
  /** Pairs without a proposal, with the reason. */
  none: { agent_name: string; task_type: string; reason: string }[];
}

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

/** Recent invocations looked at for quality and duration means. */
const SIGNAL_WINDOW = 200;


const r4 = (x: number) => Math.round(x * 10_000) / 10_000;
const share = (k: number, n: number) => (n > 0 ? r4(k / n) : null);

function view(row: ProposalRow): ProposalView {
  return { ...proposalLine(row), updated_at: row.updated_at };
}

/** Figures of the active variants of an agent on a task type (the default included even without figures). */
function currentFigures(ctx: Ctx, agent: string, task: string): { figures: VariantFigures[]; tuples: Map<string, TupleRow> } {
  const def = ctx.registry.resolveDefault(agent, task)?.variant_id;
  const active = new Set(ctx.registry.listVariants(agent).filter((v) => v.status === 'active').map((v) => v.variant_id));
  const tuples = new Map<string, TupleRow>();
  for (const t of ctx.learning.qTable({ agent, task })) if (active.has(t.variant_id)) tuples.set(t.variant_id, t);
  const figures: VariantFigures[] = [...tuples.values()].map((t) => ({ variant_id: t.variant_id, q: t.q_value, n: t.n_visits, is_default: t.variant_id === def }));
  if (def && active.has(def) && !tuples.has(def)) figures.push({ variant_id: def, q: 0, n: 0, is_default: true });
  return { figures, tuples };
}

function variantSignals(ctx: Ctx, agent: string, task: string, variant: string, t: TupleRow | undefined): VariantSignals {
  const v = ctx.registry.getVariant(agent, variant);
  const n = t?.inv_count ?? 0;
  const recent = t ? ctx.signals.recentSignals(t.id, SIGNAL_WINDOW) : null;
  return {
    variant_id: variant,
    params: v ? (JSON.parse(v.params) as Record<string, unknown>) : {},
    q: t?.q_value ?? 0,
    n: t?.n_visits ?? 0,
    success_rate: share(t?.inv_success ?? 0, n),
    partial_rate: share(t?.inv_partial ?? 0, n),
    error_rate: share((t?.inv_failure ?? 0) + (t?.inv_error ?? 0), n),
    avg_quality: recent?.avg_quality == null ? null : r4(recent.avg_quality),
    avg_duration_ms: recent?.avg_duration_ms == null ? null : Math.round(recent.avg_duration_ms),
    expected_duration_ms: ctx.config.reward.expected_duration_ms_by_task[task] ?? ctx.config.reward.expected_duration_ms,
  };
}

function settings(ctx: Ctx, minInvocations?: number): ProposerSettings {
  return { ...ctx.config.proposals, min_invocations: minInvocations ?? ctx.config.proposals.min_invocations };
}

function flush(ctx: Ctx): void {
  ctx.outbox.flush(ctx.dataDir, ctx.now().toISOString());
}

const proposeSchema = z.object({ minInvocations: z.number().int().min(1).optional(), actor: z.string().min(1).default('propose') });

/**
 * The VariantProposer over every agent/task with figures: at most one proposal each, queued as pending
 * (one transaction), then appended to variant_proposals.jsonl. A trigger whose (agent, task, type) already
 * has a pending, deferred or approved proposal adds nothing.
 */
export function runPropose(ctx: Ctx, input: z.input<typeof proposeSchema> = {}): ProposeRunResult {
  const o = parseInput(proposeSchema, input);
  const s = settings(ctx, o.minInvocations);
  const result: ProposeRunResult = { checked: 0, created: [], duplicates: [], none: [] };
  ctx.registry.transaction(() => {
    for (const { agent_name, task_type } of ctx.learning.agentTasks()) {
      result.checked += 1;
      const { figures, tuples } = currentFigures(ctx, agent_name, task_type);
      const p = proposeVariant(figures, s);
      if (p.kind === 'none') {
        result.none.push({ agent_name, task_type, reason: p.reason });
        continue;
      }
      const approved = ctx.proposals
        .list({ status: 'approved', agent: agent_name })
        .find((x) => x.task_type === task_type && x.proposal_type === p.kind);
      if (approved) {
        result.duplicates.push(view(approved));
        continue;
      }
      const subject = p.figures.variant_id as string;
      const sig = variantSignals(ctx, agent_name, task_type, subject, tuples.get(subject));
      const best = p.figures.best_variant ? { variant_id: p.figures.best_variant, q: p.figures.best_q ?? 0 } : undefined;
      const q = queueProposal(ctx, {
        agent_name, task_type, proposal_type: p.kind, reasoning: p.reason, confidence: p.confidence,
        supporting_data: {
          ...p.figures,
          success_rate: sig.success_rate, partial_rate: sig.partial_rate, error_rate: sig.error_rate,
          avg_quality: sig.avg_quality, avg_duration_ms: sig.avg_duration_ms,
          variants: figures.map((f) => ({ variant_id: f.variant_id, q_value: r4(f.q), n_visits: f.n, is_default: f.is_default })),
        },
        recommended_modifications: recommendModifications(p.kind, task_type, sig, best),
      }, o.actor);
      const row = ctx.proposals.get(q.proposal.proposal_id) as ProposalRow;
      (q.kind === 'queued' ? result.created : result.duplicates).push(view(row));
    }
  });
  flush(ctx);
  return result;
}

export function listProposals(ctx: Ctx, filter: { status?: ProposalStatus; agent?: string; limit?: number } = {}): ProposalView[] {
  if (filter.status && !(filter.status in TRANSITIONS)) {
    throw new UsageError(`Unknown status "${filter.status}".`, { hint: `Use one of: ${Object.keys(TRANSITIONS).join(', ')}` });
  }
  return ctx.proposals.list(filter).map(view);
}

function getRow(ctx: Ctx, id: string): ProposalRow {
  const row = ctx.proposals.get(id);
  if (!row) throw new NotFoundError(`No proposal ${id}.`, { hint: 'List them with: crl proposals list' });
  return row;
}

/** A proposal with its status history (who, when, from → to, note). */
export function showProposal(ctx: Ctx, id: string): ProposalView & { history: ProposalHistoryEntry[] } {
  const row = getRow(ctx, id);
  const history = ctx.proposals.events(id).map((e) => ({
    ts: e.ts, actor: e.actor, from_status: e.from_status, to_status: e.to_status, note: e.note,
    details: JSON.parse(e.details) as Record<string, unknown>,
  }));
  return { ...view(row), history };
}

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
export function checkEvidence(ctx: Ctx, row: ProposalRow): Evidence {
  const { figures } = currentFigures(ctx, row.agent_name, row.task_type);
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
function transition(ctx: Ctx, row: ProposalRow, to: ProposalStatus, by: string, note: string | null, details: Record<string, unknown>): ProposalRow {
  const now = ctx.now().toISOString();
  if (!TRANSITIONS[row.status].includes(to)) {
    const last = ctx.proposals.events(row.proposal_id).at(-1);
    const hint = row.status === 'pending' || row.status === 'deferred'
      ? `Approve it first: crl proposals approve ${row.proposal_id} --by NAME`
      : row.status === 'approved' ? `It is approved; apply it: crl proposals apply ${row.proposal_id} --by NAME` : 'A decided proposal stays decided; the next `crl propose` run makes a new one if the trigger still fires.';
    throw new ConflictError(
      `Proposal ${row.proposal_id} is ${row.status === to ? 'already ' : ''}${row.status}${last ? ` (by ${last.actor} at ${last.ts})` : ''}; it cannot become ${to}.`,
      { hint, details: { status: row.status, allowed: TRANSITIONS[row.status] } },
    );
  }
  if (!ctx.proposals.setStatus(row.proposal_id, row.status, to, now)) {
    throw new ConflictError(`Proposal ${row.proposal_id} changed while this decision was made.`, { hint: `Look at it again: crl proposals show ${row.proposal_id}` });
  }
  ctx.proposals.addEvent({ proposal_id: row.proposal_id, ts: now, actor: by, from_status: row.status, to_status: to, note, details: JSON.stringify(details) });
  ctx.registry.audit({
    ts: now, actor: by, action: `proposal_${to}`, agent_name: row.agent_name, task_type: row.task_type,
    variant_id: subjectOf(row), reason: note, details: { proposal_id: row.proposal_id, proposal_type: row.proposal_type, from_status: row.status, ...details },
  });
  const next = ctx.proposals.get(row.proposal_id) as ProposalRow;
  ctx.outbox.enqueue('variant_proposals', view(next), now);
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
export function decideProposal(ctx: Ctx, id: string, decision: Decision, by: string, note?: string): DecisionResult {
  const a = parseInput(decideSchema, { id, decision, by, note });
  let out: DecisionResult | undefined;
  ctx.registry.transaction(() => {
    const row = getRow(ctx, a.id);
    const evidence = a.decision === 'approve' && TRANSITIONS[row.status].includes('approved') ? checkEvidence(ctx, row) : null;
    const next = transition(ctx, row, TARGET[a.decision], a.by, a.note ?? null, evidence ? { evidence } : {});
    out = { proposal: view(next), from_status: row.status, evidence };
  });
  flush(ctx);
  return out as DecisionResult;
}

export interface ApplyResult {
  proposal: ProposalView;
  action: 'set_default' | 'retire_variant' | 'create_variant';
  variant_id: string;
  /** set_default: the default before. */
  previous_default: string | null;
  /** create_variant: params the new candidate was registered with. */
  params: Record<string, unknown> | null;
}

function candidateId(ctx: Ctx, agent: string, base: string, kind: string, now: Date): string {
  const stem = `${base}-${kind}-${now.toISOString().slice(0, 10).replace(/-/g, '')}`.slice(0, 190);
  let id = stem;
  for (let i = 2; ctx.registry.getVariant(agent, id); i++) id = `${stem}-${i}`;
  return id;
}

/**
 * Carries out an approved proposal (approved → applied, audited, one JSONL line):
 * promote → the variant becomes the default of the agent/task; retire → the variant is retired;
 * create_specialized / modify_parameters → a new candidate variant with the recommended params.
 */
export function applyProposal(ctx: Ctx, id: string, by: string): ApplyResult {
  const a = parseInput(z.object({ id: z.string().min(1), by: z.string().trim().min(1, 'is required: who applies it') }), { id, by });
  let out: ApplyResult | undefined;
  ctx.registry.transaction(() => {
    const row = getRow(ctx, a.id);
    if (row.status !== 'approved') transition(ctx, row, 'applied', a.by, null, {}); // throws the conflict with its hint
    const subject = subjectOf(row);
    const now = ctx.now();
    const ts = now.toISOString();
    const rm = JSON.parse(row.recommended_modifications) as Record<string, unknown>;
    if (!subject) throw new ConflictError(`Proposal ${row.proposal_id} names no variant; make the change by hand.`);
    const variant = ctx.registry.getVariant(row.agent_name, subject);
    let res: Omit<ApplyResult, 'proposal'>;
    switch (row.proposal_type) {
      case 'promote_variant_to_default':
      case 'crl_promote_variant_to_default': {
        if (!variant || variant.status !== 'active') throw new ConflictError(`Variant ${row.agent_name}/${subject} is ${variant ? 'retired' : 'not registered'}; it cannot become the default.`);
        const previous = ctx.registry.resolveDefault(row.agent_name, row.task_type)?.variant_id ?? null;
        const t = ctx.learning.getTuple(row.agent_name, row.task_type, subject);
        writeDefault(ctx, row.agent_name, row.task_type, subject, a.by, `proposal ${row.proposal_id}`,
          { proposal_id: row.proposal_id, q_value: t?.q_value ?? null, n_visits: t?.n_visits ?? null }, ts, 'default_set_by_proposal');
        res = { action: 'set_default', variant_id: subject, previous_default: previous, params: null };
        break;
      }
      case 'retire_underperforming_variant':
        retireVariant(ctx, { agent: row.agent_name, variant: subject, by: a.by, reason: `proposal ${row.proposal_id}` });
        res = { action: 'retire_variant', variant_id: subject, previous_default: null, params: null };
        break;
      case 'create_specialized_variant':
      case 'modify_variant_parameters': {
        const newId = candidateId(ctx, row.agent_name, subject, row.proposal_type === 'create_specialized_variant' ? 'spec' : 'mod', now);
        const base = typeof rm.params === 'object' && rm.params !== null ? (rm.params as Record<string, unknown>) : variant ? (JSON.parse(variant.params) as Record<string, unknown>) : {};
        const params = { ...base, prompt_changes: rm.prompt_changes ?? [], based_on: subject, proposal_id: row.proposal_id };
        ctx.registry.insertVariant({
          agent_name: row.agent_name, variant_id: newId, status: 'active', params: JSON.stringify(params),
          description: `Candidate for ${row.task_type} from ${row.proposal_id} (${row.proposal_type}); write the prompt changes, then record invocations to compare it.`,
          created_at: ts, created_by: a.by,
        });
        ctx.registry.audit({ ts, actor: a.by, action: 'variant_added', agent_name: row.agent_name, task_type: row.task_type, variant_id: newId, reason: `proposal ${row.proposal_id}`, details: { params } });
        res = { action: 'create_variant', variant_id: newId, previous_default: null, params };
        break;
      }
      default:
        throw new ConflictError(`Proposal type ${row.proposal_type} cannot be applied automatically.`, { hint: 'Make the change by hand (crl variant …), then reject or keep the proposal.' });
    }
    const next = transition(ctx, row, 'applied', a.by, null, { applied: res });
    out = { proposal: view(next), ...res };
  });
  flush(ctx);
  return out as ApplyResult;
}

export interface ReviewSummary {
  counts: Record<ProposalStatus, number>;
  /** Pending proposals, highest confidence first. */
  top: ProposalView[];
}

/** What the weekly review looks at: counts per status and the top pending proposals by confidence. */
export function reviewSummary(ctx: Ctx, limit = 5): ReviewSummary {
  return { counts: ctx.proposals.countByStatus(), top: ctx.proposals.list({ status: 'pending', limit }).map(view) };
}

/** Plain-text review summary (for logs and the scheduler). */
export function formatReviewSummary(s: ReviewSummary): string {
  const c = s.counts;
  const lines = [`Review queue: ${c.pending} pending, ${c.deferred} deferred, ${c.approved} approved (not yet applied).`];
  if (s.top.length > 0) lines.push('Top proposals by confidence:');
  for (const p of s.top) lines.push(`  ${p.confidence.toFixed(2)}  ${p.proposal_id}  ${p.agent_name}/${p.task_type}  ${p.proposal_type}: ${p.reasoning}`);
  if (s.top.length > 0) lines.push('Review with: crl proposals show <id>, then approve|reject|defer <id> --by NAME');
  return lines.join('\n');
}
