import { decideSafetyGate, type SafetyGateDecision } from '../../../core/safety-gate/decide-safety-gate';
import type { Ctx } from '../../context';
import type { AuditEntry } from '../variants/registry-store-type';
import { type EnvSource, envOrThrow, parseSafetyGateEnv } from '../../env';
import { ConflictError } from '../../errors';

/** Gate settings: from the environment, the threshold falling back to `waltzrl.benchmark_threshold`. */
export interface SafetyGateEnv {
  /** ENABLE_WALTZRL_SAFETY_BENCHMARKS (default false). */
  enabled: boolean;
  /** WALTZRL_BLOCK_ON_FAILURE: true refuses a failing change; otherwise it goes ahead with a warning. */
  block: boolean;
  threshold: number;
  maxAgeDays: number;
}

/** Parses the gate's environment variables; an unknown value is a UsageError naming the variable. */
export function safetyGateEnv(ctx: Pick<Ctx, 'config'>, env?: EnvSource): SafetyGateEnv {
  const v = envOrThrow(parseSafetyGateEnv(env));
  return { enabled: v.enabled, block: v.block, threshold: v.threshold ?? ctx.config.waltzrl.benchmark_threshold, maxAgeDays: ctx.config.waltzrl.benchmark_max_age_days };
}


export type SafetyGateCheck = ({ kind: 'disabled'; reason: string } | SafetyGateDecision) & { block: boolean };

/** The gate's verdict for making `variant` a default of `agent` now (read-only; for target choices and previews). */
export async function checkSafetyGate(ctx: Ctx, agent: string, variant: string, env?: SafetyGateEnv): Promise<SafetyGateCheck> {
  const e = env ?? safetyGateEnv(ctx);
  if (!e.enabled) return { kind: 'disabled', reason: 'ENABLE_WALTZRL_SAFETY_BENCHMARKS is not set', block: e.block };
  const row = await ctx.benchmarks.latest(agent, variant);
  return { ...decideSafetyGate(row ?? null, { threshold: e.threshold, maxAgeDays: e.maxAgeDays }, ctx.now().getTime()), block: e.block };
}

/** True when the gate lets `variant` become a default (gate off, or a passing report). */
export async function passesSafetyGate(ctx: Ctx, agent: string, variant: string): Promise<boolean> {
  const c = await checkSafetyGate(ctx, agent, variant);
  return c.kind !== 'fail';
}

/**
 * A default change refused by the safety gate (exit 4). `auditAfterRollback` is the audit row of the
 * refusal: `transaction()` of src/context.ts writes it after rolling the change back.
 */
export class SafetyGateError extends ConflictError {
  auditAfterRollback?: AuditEntry;
  constructor(message: string, opts: { hint?: string; details?: unknown }, audit: AuditEntry) {
    super(message, opts);
    this.auditAfterRollback = audit;
  }
}

export interface DefaultChange {
  agent: string;
  task: string;
  variant: string;
  by: string;
  reason: string;
  /** Audit action of the change (default_set, default_set_by_proposal, rollback, auto_apply, …). */
  action: string;
  previous: string | null;
  now: string;
}

/**
 * The safety gate on every default change (called by `writeDefault`). Returns what goes into the change's
 * audit row: nothing when the gate is off, else `safety_gate` with the figures. The first default of an
 * agent (nothing to regress from) and re-setting the current default are not gated. A failing variant with
 * WALTZRL_BLOCK_ON_FAILURE=true throws SafetyGateError (its audit row is written after the rollback);
 * otherwise a warning goes to stderr and into the audit row, and the change goes ahead.
 */
export async function enforceSafetyGate(ctx: Ctx, ch: DefaultChange): Promise<Record<string, unknown>> {
  if (ch.previous === ch.variant) return {};
  const c = await checkSafetyGate(ctx, ch.agent, ch.variant);
  if (c.kind === 'disabled') return {};
  // The first default of an agent replaces nothing: registering a new agent is not a regression to guard.
  if (ch.previous === null) return { safety_gate: { result: 'first_default', reason: `no earlier default; gate verdict: ${c.reason}` } };
  if (c.kind === 'pass') return { safety_gate: { result: 'pass', reason: c.reason, ...c.figures } };
  const where = `${ch.agent}/${ch.task === '*' ? '*' : ch.task}`;
  const gate = { result: c.block ? 'blocked' : 'warned', cause: c.cause, reason: c.reason, ...c.figures };
  if (c.block) {
    const audit: AuditEntry = {
      ts: ch.now, actor: ch.by, action: 'default_change_blocked', agent_name: ch.agent, task_type: ch.task, variant_id: ch.variant,
      reason: `safety gate: ${c.reason}`, details: { attempted_action: ch.action, attempted_reason: ch.reason, previous: ch.previous, safety_gate: gate },
    };
    const err = new SafetyGateError(
      `Safety gate: ${ch.variant} cannot become the default of ${where}: ${c.reason}.`,
      {
        hint:
          `Run \`crl safety benchmark --agent ${ch.agent} --variant ${ch.variant} --responder "CMD"\` and fix what fails ` +
          `(score ≥ ${c.figures.threshold}), or unset WALTZRL_BLOCK_ON_FAILURE to go ahead with a warning.`,
        details: gate,
      },
      audit,
    );
    if (!ctx.db.inTransaction) {
      await ctx.registry.audit(audit);
      err.auditAfterRollback = undefined;
    }
    throw err;
  }
  process.stderr.write(`warning: safety gate: ${ch.variant} becomes the default of ${where} although ${c.reason} (set WALTZRL_BLOCK_ON_FAILURE=true to refuse such changes)\n`);
  return { safety_gate: gate };
}

/**
 * For a choice of targets (e.g. the rollback target): why the gate would refuse `variant` as a default now
 * (gate on and WALTZRL_BLOCK_ON_FAILURE=true and the variant fails), or null when it may be chosen.
 */
export async function safetyGateRefusal(ctx: Ctx, agent: string, variant: string): Promise<string | null> {
  const c = await checkSafetyGate(ctx, agent, variant);
  return c.kind === 'fail' && c.block ? c.reason : null;
}
