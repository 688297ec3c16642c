import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../helpers';

describe('npm run bench --tiny', () => {
  it('runs every part on a tiny workload and writes a results file with the expected keys', () => {
    const dir = tempDir('crl-bench-smoke-');
    const out = join(dir, 'results.json');
    const r = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'scripts/bench.ts', '--tiny', '--out', out, '--tmp', dir], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 180_000,
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('Ingest (JSONL');
    expect(r.stdout).toContain('Reference figures');
    const res = JSON.parse(readFileSync(out, 'utf8'));
    expect(res.mode).toBe('tiny');
    expect(Object.keys(res.machine)).toEqual(expect.arrayContaining(['cpu', 'cores', 'node', 'load_before', 'load_after']));
    expect(res.ingest).toHaveLength(2);
    // The raw limit is measured up to the plan's size and reused above it (marked in the table).
    expect(res.ingest[0]).toMatchObject({ rows: 1000, raw_measured_at: 1000 });
    expect(res.ingest[1]).toMatchObject({ rows: 2000, raw_measured_at: 1000, raw_rows_per_s: res.ingest[0].raw_rows_per_s });
    expect(r.stdout).toContain('* raw limit measured at 1,000 rows');
    expect(Object.keys(res.ingest[0]).sort()).toEqual(['file_mb', 'ingest_rows_per_s', 'ingest_wall_s', 'peak_rss_mb', 'ratio_to_raw', 'raw_measured_at', 'raw_rows_per_s', 'rows', 'us_per_row']);
    expect(res.monitor).toHaveLength(1);
    expect(res.monitor[0]).toMatchObject({ active_tuples: 20, tuples: 40, invocations: 2200 });
    expect(Object.keys(res.monitor[0])).toEqual(expect.arrayContaining(['monitor_once_ms', 'monitor_repeat_ms', 'monitor_dry_run_ms']));
    expect(Object.keys(res.dashboard).sort()).toEqual(['in_process_ms', 'in_process_warm_ms', 'json_ms', 'render_ms', 'status']);
    expect(res.q_one_agent.rows).toBe(10); // 20 pairs over 4 agents: 5 tasks × 2 variants
    expect(Object.keys(res.record)).toEqual(['cli_ms', 'peak_rss_mb']);
    expect(res.goals.map((g: { name: string }) => g.name)).toEqual(['ingest vs raw insert', 'ingest peak RSS', 'monitor --once', 'dashboard render', 'q --json, one agent', 'record, whole process']);
    expect(res.reference.map((x: { measured_here: boolean }) => x.measured_here)).toEqual([false, false]);
  });
});
