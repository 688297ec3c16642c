/**
 * A cool-down in force on a variant, as the service found it (decided elsewhere): after a rollback away
 * from the variant (`event_id` rb-…) or after an aborted rollout of it (`event_id` the rollout's id).
 */
export interface CooldownFacts {
  cause: 'rollback' | 'aborted_rollout';
  event_id: string;
  /** ISO 8601 time the cool-down began. */
  since: string;
  /** Invocations (≥ 0) the new default still needs before the cool-down ends. */
  remaining: number;
}

/** The safety gate's verdict on the variant's latest benchmark report; `disabled` when it was not evaluated. */
export type GateFacts = { kind: 'disabled' } | { kind: 'pass'; reason: string } | { kind: 'fail'; reason: string };

/** What the serving decision needs to know about one variant of an agent/task. */
export interface VariantFacts {
  variant_id: string;
  status: 'active' | 'retired';
  /** null when no cool-down is in force. */
  cooldown: CooldownFacts | null;
  gate: GateFacts;
}

export interface EligibilitySettings {
  /**
   * Whether the safety gate is on (a passing, unexpired benchmark report is required to serve). When on, a
   * variant whose gate was not evaluated (`gate.kind === 'disabled'`) is excluded (fail closed); when off,
   * the gate facts are ignored.
   */
  safety_gate_enabled: boolean;
}

/** Machine-readable cause of an exclusion, one per entry of `reasons` (same order). */
export type ExclusionCause = 'retired' | 'cooldown_rollback' | 'cooldown_aborted_rollout' | 'safety_gate';

export type Eligibility =
  | { kind: 'eligible'; reason: string }
  | { kind: 'excluded'; reasons: string[]; causes: ExclusionCause[]; reason: string };

function cooldownReason(c: CooldownFacts): string {
  const after = c.cause === 'rollback' ? `rollback ${c.event_id}` : `aborted rollout ${c.event_id}`;
  return `in a cool-down after ${after} (since ${c.since}; the new default needs ${c.remaining} more invocations)`;
}

/**
 * Whether a variant may be served at all: it must be active, not in a cool-down (after a rollback away from
 * it or an aborted rollout of it) and, while the safety gate is on, hold a passing, unexpired benchmark
 * report. Lists every cause that excludes it, not only the first.
 */
export function variantEligibility(v: VariantFacts, s: EligibilitySettings): Eligibility {
  const reasons: string[] = [];
  const causes: ExclusionCause[] = [];
  if (v.status === 'retired') {
    reasons.push('retired');
    causes.push('retired');
  }
  if (v.cooldown) {
    reasons.push(cooldownReason(v.cooldown));
    causes.push(v.cooldown.cause === 'rollback' ? 'cooldown_rollback' : 'cooldown_aborted_rollout');
  }
  if (s.safety_gate_enabled && v.gate.kind !== 'pass') {
    const why = v.gate.kind === 'fail' ? v.gate.reason : 'the gate was not evaluated for this variant (fail closed)';
    reasons.push(`safety gate on and no passing, unexpired benchmark report: ${why}`);
    causes.push('safety_gate');
  }
  if (reasons.length > 0) return { kind: 'excluded', reasons, causes, reason: `${v.variant_id} is excluded: ${reasons.join('; ')}` };
  const gate = s.safety_gate_enabled && v.gate.kind === 'pass' ? `safety gate passed: ${v.gate.reason}` : 'safety gate off';
  return { kind: 'eligible', reason: `${v.variant_id} is active, in no cool-down; ${gate}` };
}
