import { z } from 'zod';
import { proposeVariant, type ProposerSettings, type VariantFigures } from '../../../core/proposals/propose-variant';
import { recommendModifications, type VariantSignals } from '../../../core/proposals/recommend-modifications';
import type { ProposalLine } from '../../../telemetry/schemas';
import { type Ctx, transaction } from '../../context';
import type { TupleRow } from '../learning/learning-store-type';
import { PROPOSAL_STATUSES, type ProposalRow, type ProposalStatus } from './proposal-store-type';
import { NotFoundError, UsageError } from '../../errors';
import { proposalLine, queueProposal } from './review-queue';
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

/** Recent invocations looked at for quality and duration means. */
const SIGNAL_WINDOW = 200;

const r4 = (x: number) => Math.round(x * 10_000) / 10_000;
const share = (k: number, n: number) => (n > 0 ? r4(k / n) : null);

export function view(row: ProposalRow): ProposalView {
  return { ...proposalLine(row), updated_at: row.updated_at };
}

/** Figures of the active variants of an agent on a task type (the default included even without figures). */
export async function currentFigures(ctx: Ctx, agent: string, task: string): Promise<{ figures: VariantFigures[]; tuples: Map<string, TupleRow> }> {
  const def = (await ctx.registry.resolveDefault(agent, task))?.variant_id;
  const active = new Set((await ctx.registry.listVariants(agent)).filter((v) => v.status === 'active').map((v) => v.variant_id));
  const tuples = new Map<string, TupleRow>();
  for (const t of await ctx.learning.qTable({ agent, task })) if (active.has(t.variant_id)) tuples.set(t.variant_id, t);
  const figures: VariantFigures[] = [...tuples.values()].map((t) => ({ variant_id: t.variant_id, q: t.q_value, n: t.n_visits, is_default: t.variant_id === def }));
  if (def && active.has(def) && !tuples.has(def)) figures.push({ variant_id: def, q: 0, n: 0, is_default: true });
  return { figures, tuples };
}

async function variantSignals(ctx: Ctx, agent: string, task: string, variant: string, t: TupleRow | undefined): Promise<VariantSignals> {
  const v = await ctx.registry.getVariant(agent, variant);
  const n = t?.inv_count ?? 0;
  const recent = t ? await ctx.signals.recentSignals(t.id, SIGNAL_WINDOW) : null;
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

export function settings(ctx: Ctx, minInvocations?: number): ProposerSettings {
  return { ...ctx.config.proposals, min_invocations: minInvocations ?? ctx.config.proposals.min_invocations };
}

export async function flush(ctx: Ctx): Promise<void> {
  await ctx.outbox.flush(ctx.dataDir, ctx.now().toISOString());
}

const proposeSchema = z.object({ minInvocations: z.number().int().min(1).optional(), actor: z.string().min(1).default('propose') });

/**
 * The VariantProposer over every agent/task with figures: at most one proposal each, queued as pending
 * (one transaction), then appended to variant_proposals.jsonl. A trigger whose (agent, task, type) already
 * has a pending, deferred or approved proposal adds nothing.
 */
export async function runPropose(ctx: Ctx, input: z.input<typeof proposeSchema> = {}): Promise<ProposeRunResult> {
  const o = parseInput(proposeSchema, input);
  const s = settings(ctx, o.minInvocations);
  const result: ProposeRunResult = { checked: 0, created: [], duplicates: [], none: [] };
  await transaction(ctx, async (tx) => {
    for (const { agent_name, task_type } of await tx.learning.agentTasks()) {
      result.checked += 1;
      const { figures, tuples } = await currentFigures(tx, agent_name, task_type);
      const p = proposeVariant(figures, s);
      if (p.kind === 'none') {
        result.none.push({ agent_name, task_type, reason: p.reason });
        continue;
      }
      const approved = (await tx.proposals.list({ status: 'approved', agent: agent_name }))
        .find((x) => x.task_type === task_type && x.proposal_type === p.kind);
      if (approved) {
        result.duplicates.push(view(approved));
        continue;
      }
      const subject = p.figures.variant_id as string;
      const sig = await variantSignals(tx, agent_name, task_type, subject, tuples.get(subject));
      const best = p.figures.best_variant ? { variant_id: p.figures.best_variant, q: p.figures.best_q ?? 0 } : undefined;
      const q = await queueProposal(tx, {
        agent_name, task_type, proposal_type: p.kind, reasoning: p.reason, confidence: p.confidence,
        supporting_data: {
          ...p.figures,
          success_rate: sig.success_rate, partial_rate: sig.partial_rate, error_rate: sig.error_rate,
          avg_quality: sig.avg_quality, avg_duration_ms: sig.avg_duration_ms,
          variants: figures.map((f) => ({ variant_id: f.variant_id, q_value: r4(f.q), n_visits: f.n, is_default: f.is_default })),
        },
        recommended_modifications: recommendModifications(p.kind, task_type, sig, best),
      }, o.actor);
      const row = (await tx.proposals.get(q.proposal.proposal_id)) as ProposalRow;
      (q.kind === 'queued' ? result.created : result.duplicates).push(view(row));
    }
  });
  await flush(ctx);
  return result;
}

export async function listProposals(ctx: Ctx, filter: { status?: ProposalStatus; agent?: string; limit?: number } = {}): Promise<ProposalView[]> {
  if (filter.status && !PROPOSAL_STATUSES.includes(filter.status)) {
    throw new UsageError(`Unknown status "${filter.status}".`, { hint: `Use one of: ${PROPOSAL_STATUSES.join(', ')}` });
  }
  return (await ctx.proposals.list(filter)).map(view);
}

export async function getRow(ctx: Ctx, id: string): Promise<ProposalRow> {
  const row = await ctx.proposals.get(id);
  if (!row) throw new NotFoundError(`No proposal ${id}.`, { hint: 'List them with: crl proposals list' });
  return row;
}

/** A proposal with its status history (who, when, from → to, note). */
export async function showProposal(ctx: Ctx, id: string): Promise<ProposalView & { history: ProposalHistoryEntry[] }> {
  const row = await getRow(ctx, id);
  const history = (await ctx.proposals.events(id)).map((e) => ({
    ts: e.ts, actor: e.actor, from_status: e.from_status, to_status: e.to_status, note: e.note,
    details: JSON.parse(e.details) as Record<string, unknown>,
  }));
  return { ...view(row), history };
}

export interface ReviewSummary {
  counts: Record<ProposalStatus, number>;
  /** Pending proposals, highest confidence first. */
  top: ProposalView[];
}

/** What the weekly review looks at: counts per status and the top pending proposals by confidence. */
export async function reviewSummary(ctx: Ctx, limit = 5): Promise<ReviewSummary> {
  return { counts: await ctx.proposals.countByStatus(), top: (await ctx.proposals.list({ status: 'pending', limit })).map(view) };
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
