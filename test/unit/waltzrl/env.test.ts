import { describe, expect, it } from 'vitest';
import { parseWaltzEnv, WALTZ_ENV_DEFAULTS } from '../../../src/env';

describe('parseWaltzEnv (the withWaltzRL wrapper: `crl waltzrl wrap`)', () => {
  it('uses the defaults when nothing is set', () => {
    expect(parseWaltzEnv({})).toEqual({ kind: 'ok', env: WALTZ_ENV_DEFAULTS });
    expect(WALTZ_ENV_DEFAULTS).toEqual({ enabled: true, stage: 1, feedbackOnly: false, blockOnReviewFailure: true, reviseThreshold: 0.7 });
  });

  it.each([
    [{ ENABLE_WALTZRL: 'false' }, { enabled: false }],
    [{ ENABLE_WALTZRL: 'YES' }, { enabled: true }],
    [{ WALTZRL_STAGE: '2' }, { stage: 2 }],
    [{ WALTZRL_STAGE: ' 1 ' }, { stage: 1 }],
    [{ WALTZRL_FEEDBACK_ONLY: '1' }, { feedbackOnly: true }],
    [{ WALTZRL_BLOCK_ON_REVIEW_FAILURE: 'off' }, { blockOnReviewFailure: false }],
    [{ WALTZRL_REVISE_THRESHOLD: '0.25' }, { reviseThreshold: 0.25 }],
    [{ WALTZRL_REVISE_THRESHOLD: '' }, {}],
  ])('%o', (env, expected) => {
    expect(parseWaltzEnv(env)).toEqual({ kind: 'ok', env: { ...WALTZ_ENV_DEFAULTS, ...expected } });
  });

  it.each([
    ['WALTZRL_BLOCK_ON_FAILURE', 'false'],
    ['WALTZRL_SAFETY_THRESHOLD', '0.1'],
    ['WALTZRL_SAFETY_THRESHOLD', 'not even a number'],
  ])('%s=%s is the safety gate\'s variable: the wrapper ignores it', (name, value) => {
    expect(parseWaltzEnv({ [name]: value })).toEqual({ kind: 'ok', env: WALTZ_ENV_DEFAULTS });
  });

  it.each([
    ['ENABLE_WALTZRL', 'maybe'],
    ['WALTZRL_STAGE', '3'],
    ['WALTZRL_STAGE', 'two'],
    ['WALTZRL_FEEDBACK_ONLY', 'sometimes'],
    ['WALTZRL_BLOCK_ON_REVIEW_FAILURE', '2'],
    ['WALTZRL_REVISE_THRESHOLD', '1.5'],
    ['WALTZRL_REVISE_THRESHOLD', 'high'],
  ])('rejects %s=%s naming the variable', (name, value) => {
    const r = parseWaltzEnv({ [name]: value });
    expect(r).toEqual({ kind: 'invalid', errors: [expect.stringContaining(`${name} must be`)] });
  });

  it('names every bad variable at once', () => {
    const r = parseWaltzEnv({ ENABLE_WALTZRL: 'maybe', WALTZRL_REVISE_THRESHOLD: '2' });
    expect(r).toEqual({
      kind: 'invalid',
      errors: ['ENABLE_WALTZRL must be one of true/false/1/0/yes/no/on/off, got "maybe"', 'WALTZRL_REVISE_THRESHOLD must be a number in [0, 1], got "2"'],
    });
  });
});
