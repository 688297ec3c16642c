import { z } from 'zod';
import { decidePromotion, type PromotionDecision } from '../../../core/promotion/decide-promotion';
import { nameSchema } from '../../../telemetry/schemas';
import { type Ctx, transaction } from '../../context';
import { startRollout } from '../rollout/rollout-service';
import { UsageError } from '../../errors';
import { cooldownOf, degradedRecently } from '../monitor/cooldown';
import { writeDefault } from '../variants/variants-service';
import { type QueueResult, queueProposal } from '../proposals/review-queue';
import { parseInput } from '../../validate';

const checkSchema = z.object({
  agent: nameSchema,
  task: nameSchema,
  variant: nameSchema,
  /** Hypothetical figures instead of the stored ones (both or neither). */
  q: z.number().min(0).max(1).optional(),
  n: z.number().int().min(0).optional(),
});

export type PromotionCheckInput = z.input<typeof checkSchema>;

export interface PromotionCheckResult {
  agent_name: string;
  task_type: string;
  variant_id: string;
  decision: PromotionDecision['kind'];
  reason: string;
  figures: PromotionDecision['figures'] & { source: 'stored' | 'given'; default_variant: string | null };
}

/**
 * The SafetyMonitor's decision for making `variant` the default of agent/task, from the stored Q and n
 * (or the given ones), the current default, the cool-down and recent rollbacks. Read-only.
 */
export async function checkPromotion(ctx: Ctx, input: PromotionCheckInput): Promise<PromotionCheckResult> {
  const a = parseInput(checkSchema, input);
  if ((a.q === undefined) !== (a.n === undefined)) {
    throw new UsageError('Give both --q and --n, or neither (then the stored figures are used).');
  }
  if ((await ctx.registry.listVariants(a.agent)).length === 0) {
    // A name that matches nothing is bad input to this check (exit 2), not a missing resource.
    throw new UsageError(`--agent: unknown agent "${a.agent}".`, { hint: 'List agents and variants with: crl variant list' });
  }
  const v = await ctx.registry.getVariant(a.agent, a.variant);
  if (!v) throw new UsageError(`--variant: unknown variant ${a.agent}/${a.variant}.`, { hint: `See the agent's variants: crl variant list --agent ${a.agent}` });
  const t = await ctx.learning.getTuple(a.agent, a.task, a.variant);
  const q = a.q ?? t?.q_value ?? 0;
  const n = a.n ?? t?.n_visits ?? 0;
  const def = await ctx.registry.resolveDefault(a.agent, a.task);
  const defT = def ? await ctx.learning.getTuple(a.agent, a.task, def.variant_id) : undefined;
  const defaultQ = def ? defT?.q_value ?? 0 : null;
  const isDefault = def?.variant_id === a.variant;
  const d = decidePromotion(
    {
      q, n, isDefault, defaultQ,
      betterThanDefault: defaultQ === null || q > defaultQ,
      inCooldown: def ? (await cooldownOf(ctx, a.agent, a.task, def.variant_id)).in_cooldown : false,
      degradedRecently: await degradedRecently(ctx, a.agent, a.task, a.variant),
    },
    ctx.config.safety,
  );
  const base = { agent_name: a.agent, task_type: a.task, variant_id: a.variant };
  const figures = { ...d.figures, source: a.q === undefined ? ('stored' as const) : ('given' as const), default_variant: def?.variant_id ?? null };
  if (v.status === 'retired') return { ...base, decision: 'no_action', reason: 'Variant is retired', figures };
  return { ...base, decision: d.kind, reason: d.reason, figures };
}

export interface PromotionApplyResult extends PromotionCheckResult {
  /**
   * What was done: a staged rollout started (`promotion.mode: staged`), the default switched (`immediate`),
   * a review item queued (or already open), or nothing.
   */
  applied: 'rollout_started' | 'default_switched' | 'queued' | 'already_queued' | 'none';
  proposal_id: string | null;
  rollout_id: string | null;
}

/**
 * Acts on the decision: auto_apply switches the default (audited via writeDefault with who, when, why and
 * the figures); human_approval queues a `crl_promote_variant_to_default` review item. Stored figures only;
 * the decision is re-taken inside the transaction.
 */
export async function applyPromotionDecision(ctx: Ctx, input: PromotionCheckInput, by: string): Promise<PromotionApplyResult> {
  if (!by || by.trim() === '') throw new UsageError('--by is required: who applies the decision.');
  if (input.q !== undefined || input.n !== undefined) {
    throw new UsageError('A decision is applied from the stored figures only; drop --q/--n.');
  }
  const result = await transaction(ctx, async (tx): Promise<PromotionApplyResult> => {
    const c = await checkPromotion(tx, input);
    const ts = tx.now().toISOString();
    if (c.decision === 'auto_apply' && tx.config.promotion.mode === 'staged') {
      const r = await startRollout(tx, { agent: c.agent_name, task: c.task_type, variant: c.variant_id, by, reason: `SafetyMonitor auto_apply: ${c.reason}` });
      return { ...c, applied: 'rollout_started', proposal_id: null, rollout_id: r.kind === 'started' ? r.rollout.rollout_id : null };
    }
    if (c.decision === 'auto_apply') {
      const prev = c.figures.default_variant;
      const ok = await writeDefault(tx, c.agent_name, c.task_type, c.variant_id, by, c.reason, { decision: c.decision, ...c.figures }, ts, 'safety_auto_apply', prev ?? undefined);
      if (!ok) return { ...c, decision: 'no_action', reason: 'The default changed meanwhile; run the check again', applied: 'none', proposal_id: null, rollout_id: null };
      return { ...c, applied: 'default_switched', proposal_id: null, rollout_id: null };
    }
    if (c.decision === 'human_approval') {
      const q: QueueResult = await queueProposal(
        tx,
        {
          agent_name: c.agent_name, task_type: c.task_type, proposal_type: 'crl_promote_variant_to_default',
          reasoning: `SafetyMonitor: ${c.reason}`,
          confidence: Math.min(1, Math.round(c.figures.q * 100) / 100),
          supporting_data: { q_value: c.figures.q, n_visits: c.figures.n, default_variant: c.figures.default_variant, default_q: c.figures.default_q, thresholds: c.figures.thresholds },
          recommended_modifications: { set_default: c.variant_id, task_type: c.task_type },
        },
        by,
      );
      return { ...c, applied: q.kind === 'queued' ? 'queued' : 'already_queued', proposal_id: q.proposal.proposal_id, rollout_id: null };
    }
    return { ...c, applied: 'none', proposal_id: null, rollout_id: null };
  });
  await ctx.outbox.flush(ctx.dataDir, ctx.now().toISOString());
  return result;
}
