import { describe, expect, it } from 'vitest';
import { parseWaltzEnv, WALTZ_ENV_DEFAULTS } from '../../../src/features/waltzrl/env';

describe('parseWaltzEnv', () => {
  it('uses the defaults when nothing is set', () => {
    expect(parseWaltzEnv({})).toEqual({ kind: 'ok', env: WALTZ_ENV_DEFAULTS });
  });

  it.each([
    [{ ENABLE_WALTZRL: 'false' }, { enabled: false }],
    [{ ENABLE_WALTZRL: 'YES' }, { enabled: true }],
    [{ WALTZRL_STAGE: '2' }, { stage: 2 }],
    [{ WALTZRL_FEEDBACK_ONLY: '1' }, { feedbackOnly: true }],
    [{ WALTZRL_BLOCK_ON_FAILURE: 'off' }, { blockOnFailure: false }],
    [{ WALTZRL_SAFETY_THRESHOLD: '0.25' }, { safetyThreshold: 0.25 }],
  ])('%o', (env, expected) => {
    const r = parseWaltzEnv(env);
    expect(r.kind).toBe('ok');
    if (r.kind === 'ok') expect(r.env).toEqual({ ...WALTZ_ENV_DEFAULTS, ...expected });
  });

  it.each([
    ['ENABLE_WALTZRL', 'maybe'],
    ['WALTZRL_STAGE', '3'],
    ['WALTZRL_STAGE', 'two'],
    ['WALTZRL_FEEDBACK_ONLY', 'sometimes'],
    ['WALTZRL_BLOCK_ON_FAILURE', '2'],
    ['WALTZRL_SAFETY_THRESHOLD', '1.5'],
    ['WALTZRL_SAFETY_THRESHOLD', 'high'],
  ])('rejects %s=%s naming the variable', (name, value) => {
    const r = parseWaltzEnv({ [name]: value });
    expect(r.kind).toBe('invalid');
    if (r.kind === 'invalid') expect(r.errors.join(' ')).toContain(name);
  });
});
