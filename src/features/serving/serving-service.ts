import { z } from 'zod';
import { decideServing, type ServingDecision, type ServingFigures, type ExplainRow } from '../../../core/serving/decide-serving';
import { type GateFacts, variantEligibility } from '../../../core/serving/variant-eligibility';
import { cooldownsFrom } from '../monitor/cooldown';
import { seededRng } from '../../../core/learning/rng';
import type { SelectionPolicy } from '../../../core/learning/select-variant';
import { nameSchema } from '../../../telemetry/schemas';
import type { Ctx } from '../../context';
import { NotFoundError } from '../../errors';
import { parseInput } from '../../validate';
import { checkSafetyGate, type SafetyGateCheck, safetyGateEnv } from '../safety-gate/safety-gate-service';
import type { SqlDb } from '../../db/sql-db';
import { createServingStore } from './serving-store';
import type { ServingStore } from './serving-store-type';

const selectSchema = z.object({
  agent: nameSchema,
  task: nameSchema,
  /** Request subject (user, session or tenant id); without one a random subject is drawn (shares hold in aggregate). */
  subject: z.string().min(1).max(500).optional(),
  /** Overrides `selection.policy` for the exploring share and cold starts. */
  policy: z.enum(['greedy', 'epsilon-greedy', 'ucb1', 'thompson']).optional(),
  /** Seed of the random source (the drawn subject and the policy's draws): the answer is reproducible. */
  seed: z.number().int().optional(),
});

export type SelectInput = z.input<typeof selectSchema>;

/** The serving decision of one request: which variant it runs, and why. */
export interface SelectAnswer {
  agent_name: string;
  task_type: string;
  subject: string;
  variant_id: string;
  kind: Exclude<ServingDecision['kind'], 'none'>;
  reason: string;
  /** The running rollout that routed the subject, if any. */
  rollout_id: string | null;
  default_variant: string | null;
  figures: ServingFigures;
  /** Every variant of the agent with why it is or is not eligible. */
  explain: ExplainRow[];
}

/** What the decision reads about an agent/task, gathered once (also for a whole list of subjects). */
export interface ServingFacts {
  agent: string;
  task: string;
  default_variant: string | null;
  rollout: { rollout_id: string; candidate: string; percent: number } | null;
  variants: { variant_id: string; q: number; n: number; eligibility: ReturnType<typeof variantEligibility> }[];
}

const servingStores = new WeakMap<SqlDb, ServingStore>();
function servingStore(db: SqlDb): ServingStore {
  let store = servingStores.get(db);
  if (!store) servingStores.set(db, (store = createServingStore(db)));
  return store;
}

/**
 * Gathers the facts of the serving decision for an agent/task in two statements (select latency; on PostgreSQL
 * each is a round trip): the variants, then in one statement their figures, the newest rollback away from each,
 * the routing rollout and the default. Only when there is something more to read: the invocations since a
 * rollback for each active variant that may still cool down after it (a rollback that went to a variant with
 * figures), and each active variant's benchmark report when the safety gate is on. The statements are issued
 * one after another: issued together on the pool they were slower on a loaded 2-core host (PostgreSQL's
 * backends then compete with each other and with crl for the cores), and a transaction has one connection.
 */
export async function servingFacts(ctx: Ctx, agent: string, task: string): Promise<ServingFacts> {
  const gateEnv = safetyGateEnv(ctx);
  const listed = await ctx.registry.listVariants(agent);
  const { tuples, away, rollout: r, default_variant } = await servingStore(ctx.db).reads(agent, task);
  const active = new Set(listed.filter((v) => v.status === 'active').map((v) => v.variant_id));
  const cooldowns = await cooldownsFrom(ctx, away, (v) => active.has(v), (v) => tuples.get(v)?.id);
  const gates: (SafetyGateCheck | null)[] = [];
  for (const v of listed) gates.push(active.has(v.variant_id) ? await checkSafetyGate(ctx, agent, v.variant_id, gateEnv) : null);
  const variants: ServingFacts['variants'] = listed.map((v, i) => {
    const t = tuples.get(v.variant_id);
    const g = gates[i];
    const gate: GateFacts = !g || g.kind === 'disabled' ? { kind: 'disabled' } : { kind: g.kind, reason: g.reason };
    const cooldown = v.status === 'active' ? (cooldowns.get(v.variant_id) ?? null) : null;
    const eligibility = variantEligibility({ variant_id: v.variant_id, status: v.status, cooldown, gate }, { safety_gate_enabled: gateEnv.enabled });
    return { variant_id: v.variant_id, q: t?.q_value ?? 0, n: t?.n_visits ?? 0, eligibility };
  });
  return {
    agent, task,
    default_variant,
    rollout: r ? { rollout_id: r.rollout_id, candidate: r.candidate, percent: r.step_percent } : null,
    variants,
  };
}

/** Decides for one subject over gathered facts; no eligible variant is a NotFoundError saying why for each. */
export function decideFor(ctx: Ctx, facts: ServingFacts, subject: string, policy: SelectionPolicy, rng: () => number): SelectAnswer {
  if (facts.variants.length === 0) {
    throw new NotFoundError(`No variant registered for agent "${facts.agent}".`, { hint: `Register one: crl variant add ${facts.agent} <variant>` });
  }
  const d = decideServing({
    agent: facts.agent, task: facts.task, subject, variants: facts.variants, default_variant: facts.default_variant,
    rollout: facts.rollout, explore_share: ctx.config.selection.explore_share, policy, selection: ctx.config.selection,
  }, rng);
  if (d.kind === 'none') {
    throw new NotFoundError(`No eligible variant for ${facts.agent}/${facts.task}: ${d.reason}`, {
      hint: 'See why with: crl select --agent A --task T --explain --json', details: { explain: d.explain },
    });
  }
  return {
    agent_name: facts.agent, task_type: facts.task, subject, variant_id: d.variant_id, kind: d.kind, reason: d.reason,
    rollout_id: d.kind === 'rollout' || (facts.rollout && d.kind === 'default') ? (facts.rollout?.rollout_id ?? null) : null,
    default_variant: facts.default_variant, figures: d.figures, explain: d.explain,
  };
}

const randomSubject = (rng: () => number) => `anon-${Math.floor(rng() * 2 ** 32).toString(16).padStart(8, '0')}`;

/** Which variant this request runs (`crl select`, `GET /v1/select`): defaults, rollouts, cool-downs and the gate honoured. */
export async function select(ctx: Ctx, input: SelectInput): Promise<SelectAnswer> {
  const a = parseInput(selectSchema, input);
  const rng = a.seed != null ? seededRng(a.seed) : Math.random;
  const subject = a.subject ?? randomSubject(rng);
  return decideFor(ctx, await servingFacts(ctx, a.agent, a.task), subject, a.policy ?? ctx.config.selection.policy, rng);
}

/**
 * The decision for each subject of a list, the facts read once (replays, audits, checks): an async generator
 * (`for await (const a of selectMany(…))`); nothing is read before the first answer is asked for.
 */
export async function* selectMany(ctx: Ctx, input: Omit<SelectInput, 'subject'>, subjects: Iterable<string>): AsyncGenerator<SelectAnswer> {
  const a = parseInput(selectSchema, input);
  const rng = a.seed != null ? seededRng(a.seed) : Math.random;
  const facts = await servingFacts(ctx, a.agent, a.task);
  const policy = a.policy ?? ctx.config.selection.policy;
  for (const s of subjects) yield decideFor(ctx, facts, s, policy, rng);
}
