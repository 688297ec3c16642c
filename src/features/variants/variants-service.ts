import { z } from 'zod';
import { ConflictError, NotFoundError } from '../../errors';
import { type Ctx, transaction } from '../../context';
import type { DefaultRow, VariantRow } from './registry-store-type';
import { nameSchema } from '../../../telemetry/schemas';
import { parseInput } from '../../validate';
import { enforceSafetyGate } from '../safety-gate/safety-gate-service';

export interface VariantInfo {
  agent_name: string;
  variant_id: string;
  status: 'active' | 'retired';
  params: Record<string, unknown>;
  description: string | null;
  created_at: string;
  created_by: string;
  /** Task types this variant is the default for ('*' = agent-wide). */
  default_for: string[];
}

const addSchema = z.object({
  agent: nameSchema,
  variant: nameSchema,
  task: nameSchema.optional(),
  isDefault: z.boolean().default(false),
  params: z.record(z.string(), z.unknown()).default({}),
  description: z.string().max(2000).optional(),
  by: z.string().min(1).default('cli'),
});

function info(v: VariantRow, defaults: DefaultRow[]): VariantInfo {
  return {
    agent_name: v.agent_name,
    variant_id: v.variant_id,
    status: v.status,
    params: JSON.parse(v.params) as Record<string, unknown>,
    description: v.description,
    created_at: v.created_at,
    created_by: v.created_by,
    default_for: defaults.filter((d) => d.agent_name === v.agent_name && d.variant_id === v.variant_id).map((d) => d.task_type),
  };
}

/** Registers a variant; with `isDefault` it also becomes the default (of `task`, or agent-wide). */
export async function addVariant(ctx: Ctx, input: z.input<typeof addSchema>): Promise<VariantInfo> {
  const a = parseInput(addSchema, input);
  const now = ctx.now().toISOString();
  const params = JSON.stringify(a.params);
  await transaction(ctx, async (tx) => {
    const existing = await tx.registry.getVariant(a.agent, a.variant);
    if (existing) {
      // A variant first seen in recorded invocations is adopted; a registered one keeps its params.
      if (existing.created_by !== 'ingest' && existing.params !== params) {
        throw new ConflictError(`Variant ${a.agent}/${a.variant} already exists with other params.`, {
          hint: 'Register the change as a new variant id so that its figures are learned separately.',
        });
      }
      await tx.registry.updateVariant(a.agent, a.variant, { params, description: a.description ?? existing.description });
    } else {
      await tx.registry.insertVariant({
        agent_name: a.agent, variant_id: a.variant, status: 'active', params,
        description: a.description ?? null, created_at: now, created_by: a.by,
      });
      await tx.registry.audit({ ts: now, actor: a.by, action: 'variant_added', agent_name: a.agent, task_type: a.task ?? null, variant_id: a.variant, details: { params: a.params } });
    }
    if (a.isDefault) await writeDefault(tx, a.agent, a.task ?? '*', a.variant, a.by, 'registered as default', {}, now);
  });
  return getVariantInfo(ctx, a.agent, a.variant);
}

export async function getVariantInfo(ctx: Ctx, agent: string, variant: string): Promise<VariantInfo> {
  const v = await ctx.registry.getVariant(agent, variant);
  if (!v) throw new NotFoundError(`Unknown variant ${agent}/${variant}.`, { hint: `Register it: crl variant add ${agent} ${variant}` });
  return info(v, await ctx.registry.listDefaults(agent));
}

export async function listVariants(ctx: Ctx, agent?: string): Promise<VariantInfo[]> {
  const defaults = await ctx.registry.listDefaults(agent);
  return (await ctx.registry.listVariants(agent)).map((v) => info(v, defaults));
}

/**
 * Writes a default and its audit row. Call inside a transaction (`ctx` is its `tx`). With `expected`, it
 * is a compare-and-set (`registry.switchDefault`, which on PostgreSQL locks the pair first): nothing is
 * written and false is returned when the effective default is no longer `expected`.
 */
export async function writeDefault(
  ctx: Ctx, agent: string, task: string, variant: string, by: string, reason: string,
  figures: Record<string, unknown>, now: string, action = 'default_set', expected?: string,
): Promise<boolean> {
  const previous = (await ctx.registry.resolveDefault(agent, task))?.variant_id ?? null;
  const gate = await enforceSafetyGate(ctx, { agent, task, variant, by, reason, action, previous, now }); // safety gate: may throw (blocked) or warn
  const row = { agent_name: agent, task_type: task, variant_id: variant, updated_at: now, updated_by: by };
  if (expected !== undefined) {
    if (!(await ctx.registry.switchDefault(row, expected))) return false;
  } else await ctx.registry.setDefault(row);
  await ctx.registry.audit({ ts: now, actor: by, action, agent_name: agent, task_type: task, variant_id: variant, reason, details: { previous, ...figures, ...gate } });
  return true;
}

const setDefaultSchema = z.object({
  agent: nameSchema,
  variant: nameSchema,
  task: nameSchema.optional(),
  by: z.string().min(1, 'is required: who makes the change'),
  reason: z.string().max(2000).optional(),
});

/** Makes a variant the default of an agent (for one task type, or agent-wide). Audited. */
export async function setDefault(ctx: Ctx, input: z.input<typeof setDefaultSchema>): Promise<{ agent_name: string; task_type: string; variant_id: string; previous: string | null }> {
  const a = parseInput(setDefaultSchema, input);
  const task = a.task ?? '*';
  const now = ctx.now().toISOString();
  let previous: string | null = null;
  await transaction(ctx, async (tx) => {
    const v = await tx.registry.getVariant(a.agent, a.variant);
    if (!v) throw new NotFoundError(`Unknown variant ${a.agent}/${a.variant}.`, { hint: `Register it first: crl variant add ${a.agent} ${a.variant}` });
    if (v.status === 'retired') throw new ConflictError(`Variant ${a.agent}/${a.variant} is retired and cannot become a default.`);
    previous = (await tx.registry.resolveDefault(a.agent, task))?.variant_id ?? null;
    const t = a.task ? await tx.learning.getTuple(a.agent, a.task, a.variant) : undefined;
    await writeDefault(tx, a.agent, task, a.variant, a.by, a.reason ?? 'manual change', t ? { q_value: t.q_value, n_visits: t.n_visits } : {}, now);
  });
  return { agent_name: a.agent, task_type: task, variant_id: a.variant, previous };
}

const retireSchema = z.object({ agent: nameSchema, variant: nameSchema, by: z.string().min(1, 'is required: who makes the change'), reason: z.string().max(2000).optional() });

/** Retires a variant: it is never selected nor used as a rollback target again. */
export async function retireVariant(ctx: Ctx, input: z.input<typeof retireSchema>): Promise<VariantInfo> {
  const a = parseInput(retireSchema, input);
  const now = ctx.now().toISOString();
  await transaction(ctx, async (tx) => {
    const v = await tx.registry.getVariant(a.agent, a.variant);
    if (!v) throw new NotFoundError(`Unknown variant ${a.agent}/${a.variant}.`);
    if (v.status === 'retired') throw new ConflictError(`Variant ${a.agent}/${a.variant} is already retired.`);
    const defaults = (await tx.registry.listDefaults(a.agent)).filter((d) => d.variant_id === a.variant);
    if (defaults.length > 0) {
      throw new ConflictError(`Variant ${a.agent}/${a.variant} is the default for ${defaults.map((d) => d.task_type).join(', ')}.`, {
        hint: 'Make another variant the default first (crl variant set-default).',
      });
    }
    await tx.registry.updateVariant(a.agent, a.variant, { status: 'retired' });
    await tx.registry.audit({ ts: now, actor: a.by, action: 'variant_retired', agent_name: a.agent, variant_id: a.variant, reason: a.reason ?? null });
  });
  return getVariantInfo(ctx, a.agent, a.variant);
}
