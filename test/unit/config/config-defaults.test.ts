import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
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

/** The modules `file` imports, transitively (relative imports resolved to files; packages by name). */
function importsOf(file: string, withTypes: boolean, seen = new Map<string, string[]>()): Map<string, string[]> {
  if (seen.has(file)) return seen;
  const specs: string[] = [];
  seen.set(file, specs);
  for (const m of readFileSync(file, 'utf8').matchAll(/^(?:import|export)\s+(type\s+)?[^'";]*?from\s+'([^']+)'/gm)) {
    if (m[1] && !withTypes) continue;
    const spec = m[2];
    if (!spec.startsWith('.')) specs.push(spec);
    else {
      const target = [`${resolve(dirname(file), spec)}.ts`, join(resolve(dirname(file), spec), 'index.ts')].find((f) => existsSync(f));
      if (!target) throw new Error(`${file}: cannot resolve ${spec}`);
      specs.push(target);
      importsOf(target, withTypes, seen);
    }
  }
  return seen;
}

describe('config-defaults.ts', () => {
  const root = resolve(__dirname, '../../..');
  const defaults = join(root, 'src/config/config-defaults.ts');

  it('loads no zod at run time (the `crl record` entry bundles it), nor anything that does', () => {
    const all = [...importsOf(defaults, false).values()].flat();
    expect(all.filter((s) => s === 'zod' || s.startsWith('zod/'))).toEqual([]);
  });

  it('does not import the schema, not even its types: the dependency runs config → config-defaults only', () => {
    const reached = [...importsOf(defaults, true).keys()].map((f) => relative(root, f));
    expect(reached).not.toContain('src/config/config.ts');
    expect(reached).not.toContain('src/config/config-rules.ts');
  });
});
