import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/config';
import { DEFAULT_CONFIG } from '../../../src/config/config-defaults';
import { resolveConfig } from '../../../src/context';

describe('DEFAULT_CONFIG', () => {
  const env = process.env.CRL_CONFIG;
  afterEach(() => {
    if (env === undefined) delete process.env.CRL_CONFIG;
    else process.env.CRL_CONFIG = env;
  });

  it('is what the zod schema gives for an empty config', () => {
    expect(parseConfig({})).toStrictEqual(DEFAULT_CONFIG);
  });

  it('without a config file, resolveConfig returns a fresh copy of it', () => {
    delete process.env.CRL_CONFIG;
    const c = resolveConfig(undefined);
    expect(c).toStrictEqual(DEFAULT_CONFIG);
    c.learning.alpha = 0.5;
    c.waltzrl.steps.push(7);
    expect(DEFAULT_CONFIG.learning.alpha).toBe(0.1);
    expect(DEFAULT_CONFIG.waltzrl.steps).toEqual([10, 25, 50, 100]);
    expect(resolveConfig(undefined)).toStrictEqual(DEFAULT_CONFIG);
  });

  it('a config file (option or CRL_CONFIG) is read and validated; a config object is validated', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'crl-config-')), 'crl.json');
    writeFileSync(file, JSON.stringify({ learning: { alpha: 0.3 } }));
    delete process.env.CRL_CONFIG;
    expect(resolveConfig(file).learning.alpha).toBe(0.3);
    process.env.CRL_CONFIG = file;
    expect(resolveConfig(undefined).learning.alpha).toBe(0.3);
    expect(resolveConfig({ learning: { alpha: 0.2 } }).learning.alpha).toBe(0.2);
    expect(() => resolveConfig({ learning: { alpha: 2 } })).toThrow(/learning\.alpha/);
  });
});
