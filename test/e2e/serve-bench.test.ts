import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../helpers';

describe('npm run bench -- --serve --tiny', () => {
  it('runs the serve bench on a tiny workload and writes its figures', () => {
    const dir = tempDir('crl-serve-bench-');
    const out = join(dir, 'results-serve.json');
    const r = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'scripts/bench.ts', '--serve', '--tiny', '--out', out, '--tmp', dir], {
      cwd: ROOT, encoding: 'utf8', timeout: 180_000,
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/GET \/v1\/select +p50 [\d.]+ ms +p99 [\d.]+ ms/);
    expect(r.stdout).toMatch(/POST \/v1\/invocations +\d+ invocations\/s, per-agent/);
    const res = JSON.parse(readFileSync(out, 'utf8'));
    expect(res).toMatchObject({ mode: 'serve-tiny', clients: 32, seconds: 1, select: { errors: 0 } });
    expect(res.select.requests).toBeGreaterThan(100);
    expect(Object.keys(res.batches.shapes)).toEqual(['per-agent', 'fleet-wide']);
    for (const s of Object.values(res.batches.shapes) as { http: { accepted: number } }[]) expect(s.http.accepted).toBe(5000);
    expect(res.goals.map((g: { name: string }) => g.name)).toEqual(['GET /v1/select p99', 'batches, per-agent', 'batches, fleet-wide']);
  });
});
