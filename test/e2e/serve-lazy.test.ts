import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, spawnCli, tempDir } from '../helpers';

const PRELOAD = { NODE_OPTIONS: `--require ${join(ROOT, 'test', 'fixtures', 'loaded-modules.cjs')}` };
const loaded = (stderr: string) => JSON.parse(/LOADED (\{.*\})/.exec(stderr)?.[1] ?? 'null') as Record<string, boolean> | null;

/** Files reachable from `file` by static imports only (what loads before any command runs). */
function staticGraph(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(/(?:^|[;\n])\s*import\s*(?:[^'"();]*?\sfrom\s*)?["'](\.[^"']+)["']/g)) staticGraph(join(dirname(file), m[1]), seen);
  return seen;
}

describe('the server code is loaded by `crl serve` only', () => {
  it('no file the CLI loads at start imports fastify or prom-client; the record entry has neither', () => {
    const files = staticGraph(join(ROOT, 'dist', 'cli', 'crl.mjs'));
    expect(files.size).toBeGreaterThan(1);
    for (const f of files) expect(readFileSync(f, 'utf8'), f).not.toMatch(/["'](fastify|prom-client)["']/);
    expect(readFileSync(join(ROOT, 'dist', 'cli', 'record.cjs'), 'utf8')).not.toMatch(/fastify|prom-client/);
    for (const lib of ['index.cjs', 'index.mjs']) expect(readFileSync(join(ROOT, 'dist', lib), 'utf8')).not.toMatch(/require\("fastify"\)|from "fastify"/);
  });

  it.each([
    [['record', '--agent', 'a', '--task', 't', '--variant', 'v', '--outcome', 'success']],
    [['q', '--json']],
    [['token', 'list', '--json']],
    [['serve', '--help']],
  ])('crl %j does not load them', (args) => {
    const dataDir = tempDir();
    const r = runCli(args, { dataDir, env: PRELOAD });
    expect(r.code, r.stderr).toBe(0);
    expect(loaded(r.stderr)).toEqual({ fastify: false, 'prom-client': false });
  });

  it('crl serve does', async () => {
    const child = spawnCli(['serve', '--port', '0'], { dataDir: tempDir(), env: PRELOAD });
    let err = '';
    child.stderr.on('data', (b: Buffer) => (err += b));
    await new Promise<void>((r) => child.stdout.on('data', (b: Buffer) => /listening on/.test(b.toString()) && r()));
    child.kill('SIGTERM');
    await new Promise((r) => child.on('exit', r));
    expect(loaded(err)).toEqual({ fastify: true, 'prom-client': true });
  });
});
