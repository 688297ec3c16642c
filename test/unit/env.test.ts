import { describe, expect, it } from 'vitest';
import {
  colorAllowedByEnv, columnsVar, configFileVar, dataDirVar, envOrThrow, parseBoolVar, parseSafetyGateEnv, parseStageVar, parseUnitVar,
  stage2ApiKey, userVar, waltzStage2EndpointEnv,
} from '../../src/env';
import { UsageError } from '../../src/errors';

describe('parseBoolVar: the one boolean parser', () => {
  it.each([
    ['true', true], ['TRUE', true], ['1', true], ['yes', true], ['On', true], [' on ', true],
    ['false', false], ['0', false], ['no', false], ['OFF', false],
    [undefined, undefined], ['', undefined], ['   ', undefined],
  ])('%j → %j', (raw, value) => {
    expect(parseBoolVar('X_FLAG', raw)).toEqual({ kind: 'ok', value });
  });

  it.each(['maybe', '2', 'y', 'n', 'enabled', '-1'])('%j is an error naming the variable, never a default', (raw) => {
    expect(parseBoolVar('X_FLAG', raw)).toEqual({ kind: 'invalid', error: `X_FLAG must be one of true/false/1/0/yes/no/on/off, got "${raw}"` });
  });
});

describe('parseUnitVar and parseStageVar', () => {
  it.each([
    ['0', 0], ['1', 1], ['0.25', 0.25], [' 0.5 ', 0.5], [undefined, undefined], ['', undefined],
  ])('unit %j → %j', (raw, value) => {
    expect(parseUnitVar('X_T', raw)).toEqual({ kind: 'ok', value });
  });

  it.each(['1.5', '-0.1', 'high', 'NaN', 'Infinity'])('unit %j is an error naming the variable', (raw) => {
    expect(parseUnitVar('X_T', raw)).toEqual({ kind: 'invalid', error: `X_T must be a number in [0, 1], got "${raw}"` });
  });

  it.each([['1', 1], ['2', 2], [' 2 ', 2], [undefined, undefined]])('stage %j → %j', (raw, value) => {
    expect(parseStageVar('WALTZRL_STAGE', raw)).toEqual({ kind: 'ok', value });
  });

  it.each(['3', 'two', '1.0'])('stage %j is an error', (raw) => {
    expect(parseStageVar('WALTZRL_STAGE', raw)).toEqual({ kind: 'invalid', error: `WALTZRL_STAGE must be 1 or 2, got "${raw}"` });
  });
});

describe('parseSafetyGateEnv (the WaltzRL notes\' meaning of WALTZRL_BLOCK_ON_FAILURE and WALTZRL_SAFETY_THRESHOLD)', () => {
  it.each([
    [{}, { enabled: false, block: false, threshold: undefined }],
    [{ ENABLE_WALTZRL_SAFETY_BENCHMARKS: 'true' }, { enabled: true, block: false, threshold: undefined }],
    [{ WALTZRL_BLOCK_ON_FAILURE: 'yes', WALTZRL_SAFETY_THRESHOLD: '0.8' }, { enabled: false, block: true, threshold: 0.8 }],
    [{ WALTZRL_BLOCK_ON_REVIEW_FAILURE: 'true', WALTZRL_REVISE_THRESHOLD: '0.1' }, { enabled: false, block: false, threshold: undefined }],
  ])('%o → %o', (env, expected) => {
    expect(parseSafetyGateEnv(env)).toEqual({ kind: 'ok', env: expected });
  });

  it('an invalid group is a UsageError (exit 2) naming every bad variable', () => {
    const r = parseSafetyGateEnv({ ENABLE_WALTZRL_SAFETY_BENCHMARKS: 'maybe', WALTZRL_SAFETY_THRESHOLD: 'high' });
    expect(() => envOrThrow(r)).toThrow(UsageError);
    expect(() => envOrThrow(r)).toThrow(
      'ENABLE_WALTZRL_SAFETY_BENCHMARKS must be one of true/false/1/0/yes/no/on/off, got "maybe"; WALTZRL_SAFETY_THRESHOLD must be a number in [0, 1], got "high"',
    );
  });
});

describe('the other variables', () => {
  it.each([
    [{}, undefined, undefined],
    [{ CRL_DATA_DIR: '/d', CRL_CONFIG: '/c.json' }, '/d', '/c.json'],
    [{ CRL_CONFIG: '' }, undefined, undefined],
  ])('CRL_DATA_DIR / CRL_CONFIG of %o', (env, dir, config) => {
    expect(dataDirVar(env)).toBe(dir);
    expect(configFileVar(env)).toBe(config);
  });

  it('Stage 2 endpoint and key: the key variable is the one the config names', () => {
    expect(waltzStage2EndpointEnv({ WALTZRL_STAGE2_URL: 'http://x/v1', WALTZRL_STAGE2_MODEL: '' })).toEqual({ url: 'http://x/v1', model: undefined });
    expect(stage2ApiKey('MY_GUARD_KEY', { MY_GUARD_KEY: 's3cret', WALTZRL_STAGE2_API_KEY: 'other' })).toBe('s3cret');
    expect(stage2ApiKey('MY_GUARD_KEY', {})).toBeUndefined();
  });

  it.each([
    [{}, true],
    [{ NO_COLOR: '' }, false],
    [{ NO_COLOR: '1' }, false],
    [{ TERM: 'dumb' }, false],
    [{ TERM: 'xterm-256color' }, true],
  ])('colour allowed by %o: %s', (env, allowed) => {
    expect(colorAllowedByEnv(env)).toBe(allowed);
  });

  it.each([[{}, undefined], [{ COLUMNS: '120' }, 120], [{ COLUMNS: 'wide' }, undefined], [{ COLUMNS: '' }, undefined]])('COLUMNS of %o → %j', (env, n) => {
    expect(columnsVar(env)).toBe(n);
  });

  it('USER', () => {
    expect(userVar({ USER: 'alice' })).toBe('alice');
    expect(userVar({})).toBeUndefined();
  });
});
