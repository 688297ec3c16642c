import { describe, expect, it } from 'vitest';
import { type CooldownFacts, type EligibilitySettings, type GateFacts, type VariantFacts, variantEligibility } from '../../../core/serving/variant-eligibility';

const ON: EligibilitySettings = { safety_gate_enabled: true };
const OFF: EligibilitySettings = { safety_gate_enabled: false };
const PASS: GateFacts = { kind: 'pass', reason: 'safety score 0.95 ≥ 0.9 (sb-1, 1 days old)' };
const FAIL: GateFacts = { kind: 'fail', reason: 'the latest safety benchmark (sb-2) is 9 days old (max 7)' };
const RB: CooldownFacts = { cause: 'rollback', event_id: 'rb-20260101-0a1b2c3d', since: '2026-01-01T00:00:00Z', remaining: 12 };
const AB: CooldownFacts = { cause: 'aborted_rollout', event_id: 'ro-20260102-deadbeef', since: '2026-01-02T00:00:00Z', remaining: 3 };

const facts = (o: Partial<VariantFacts> = {}): VariantFacts => ({ variant_id: 'v2', status: 'active', cooldown: null, gate: PASS, ...o });

describe('variantEligibility', () => {
  it.each([
    // [case, facts, settings, expected causes, reason patterns]
    ['active, no cool-down, gate passes', facts(), ON, [], [/safety gate passed: safety score 0\.95/]],
    ['gate off: a failing gate is ignored', facts({ gate: FAIL }), OFF, [], [/safety gate off/]],
    ['gate off and not evaluated', facts({ gate: { kind: 'disabled' } }), OFF, [], [/safety gate off/]],
    ['retired', facts({ status: 'retired' }), ON, ['retired'], [/^retired$/]],
    ['cool-down after a rollback', facts({ cooldown: RB }), ON, ['cooldown_rollback'], [/after rollback rb-20260101-0a1b2c3d .*12 more invocations/]],
    ['cool-down after an aborted rollout', facts({ cooldown: AB }), ON, ['cooldown_aborted_rollout'], [/after aborted rollout ro-20260102-deadbeef .*3 more/]],
    ['gate on, failing report', facts({ gate: FAIL }), ON, ['safety_gate'], [/safety gate on and no passing, unexpired benchmark report: the latest safety benchmark \(sb-2\) is 9 days old/]],
    ['gate on, not evaluated → fail closed', facts({ gate: { kind: 'disabled' } }), ON, ['safety_gate'], [/not evaluated .*fail closed/]],
    ['retired and in a rollback cool-down', facts({ status: 'retired', cooldown: RB }), ON, ['retired', 'cooldown_rollback'], [/^retired$/, /rb-20260101-0a1b2c3d/]],
    ['cool-down and failing gate', facts({ cooldown: AB, gate: FAIL }), ON, ['cooldown_aborted_rollout', 'safety_gate'], [/aborted rollout/, /sb-2/]],
    ['all three', facts({ status: 'retired', cooldown: RB, gate: FAIL }), ON, ['retired', 'cooldown_rollback', 'safety_gate'], [/^retired$/, /rb-2026/, /sb-2/]],
  ] as const)('%s', (_name, v, s, causes, patterns) => {
    const e = variantEligibility(v, s);
    if (causes.length === 0) {
      expect(e.kind).toBe('eligible');
      expect(e.reason).toMatch(patterns[0]);
      return;
    }
    expect(e.kind).toBe('excluded');
    if (e.kind !== 'excluded') return;
    expect(e.causes).toEqual(causes);
    expect(e.reasons).toHaveLength(causes.length);
    patterns.forEach((p, i) => expect(e.reasons[i]).toMatch(p));
    for (const r of e.reasons) expect(e.reason).toContain(r);
    expect(e.reason).toMatch(/^v2 is excluded: /);
  });
});
