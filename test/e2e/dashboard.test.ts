import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { json, ROOT, runCli, spawnCli, tempDir } from '../helpers';

/**
 * A fixed data set (test/fixtures/dashboard) evaluated at a fixed instant (hidden `--now` option):
 * - backend-architect/api-design: default base (Q ≈ 0.67), v2 and a long-named v3 at Q 1.0, a rollback 6 h ago
 *   (cool-down);
 * - security-auditor/security-audit: default base with 40 successes then 20 failures (degraded), v2 at Q 1.0;
 * - code-reviewer/review: default base at Q 1.0, rollbacks 13 days ago; data-analyst: a rollback 75 days ago;
 * - proposals: one pending 1 day, one pending 14 days (stale), one approved.
 */
const FIX = join(ROOT, 'test', 'fixtures', 'dashboard');
const NOW = '2025-01-15T12:00:00Z';
const ANSI = /\u001b\[[0-9;]*m/;

let dir: string;

function ok(args: string[], env?: Record<string, string | undefined>) {
  const r = runCli(args, { dataDir: dir, env });
  expect(r.code, r.stderr).toBe(0);
  return r;
}

beforeAll(() => {
  dir = tempDir('crl-dashboard-');
  ok(['variant', 'add', 'backend-architect', 'base', '--default', '--by', 'test']);
  ok(['variant', 'add', 'backend-architect', 'v2', '--by', 'test']);
  ok(['variant', 'add', 'security-auditor', 'base', '--default', '--by', 'test']);
  ok(['variant', 'add', 'security-auditor', 'v2', '--by', 'test']);
  ok(['variant', 'add', 'code-reviewer', 'base', '--default', '--by', 'test']);
  ok(['ingest', join(FIX, 'invocations.jsonl')]);
  ok(['import-python', join(FIX, 'python')]);
});

/** The agreement test needs `crl monitor` (SafetyMonitor/RollbackManager); it runs once the command is there. */
const monitorExists = (() => {
  try {
    return /^\s+monitor\b/m.test(runCli(['--help']).stdout);
  } catch {
    return false;
  }
})();

describe('crl dashboard (plain, piped)', () => {
  it('renders the fixed data set exactly', async () => {
    const r = ok(['dashboard', '--now', NOW]);
    await expect(r.stdout).toMatchFileSnapshot('./__snapshots__/dashboard.txt');
  });

  it('is plain when piped even without NO_COLOR, and fits 100 columns', () => {
    const withNoColor = ok(['dashboard', '--now', NOW]).stdout;
    const piped = ok(['dashboard', '--now', NOW], { NO_COLOR: undefined }).stdout;
    expect(piped).toBe(withNoColor);
    expect(piped).not.toMatch(ANSI);
    for (const line of piped.split('\n')) expect([...line].length, line).toBeLessThanOrEqual(100);
    expect(piped).toContain('v3-experime…');
    expect(piped).not.toContain('v3-experimental-variant-with-a-very-long-name-that-never-fits-a-column');
  });

  it('prints the same content as one JSON object with --json', () => {
    const d = json<Record<string, any>>(ok(['dashboard', '--json', '--now', NOW]));
    expect(d.generated_at).toBe('2025-01-15T12:00:00.000Z');
    expect(d.health).toMatchObject({
      q_table_entries: 7,
      agents_with_variants: 3,
      invocations: 147,
      rollbacks_recent: 2,
      rollbacks_attention: 1,
      skipped_rollbacks_attention: 0,
      pending_proposals: 2,
      stale_proposals: 1,
    });
    expect(d.last_rollbacks.map((r: { rollback_id: string }) => r.rollback_id)).toEqual([
      'rb-20250115-0000a001',
      'rb-20250102-0000a002',
      'rb-20241101-0000a003',
    ]);
    expect(d.pending_proposals.items.map((p: { proposal_id: string; age_days: number }) => [p.proposal_id, p.age_days])).toEqual([
      ['prop-20250114-0000b00a', 1],
      ['prop-20250101-0000b00b', 14],
    ]);
    expect(d.high_confidence_variants.available).toBe(true);
    expect(
      d.high_confidence_variants.items.map((x: { agent_name: string; variant_id: string; decision: string }) => `${x.agent_name}/${x.variant_id}:${x.decision}`),
    ).toEqual([
      'code-reviewer/base:no_action',
      'backend-architect/v2:no_action',
      'backend-architect/v3-experimental-variant-with-a-very-long-name-that-never-fits-a-column:no_action',
      'security-auditor/v2:auto_apply',
    ]);
    expect(d.high_confidence_variants.items[1].reason).toMatch(/cool-down/i);
    expect(d.degradation_alerts.available).toBe(true);
    expect(d.degradation_alerts.items.map((a: { agent_name: string; variant_id: string; action: string }) => [a.agent_name, a.variant_id, a.action])).toEqual([
      ['security-auditor', 'base', 'rollback_due'],
    ]);
    expect(d.health.status).toBe('ATTENTION NEEDED');
    expect(d.health.reason).toBe('1 degradation alert; 1 rollback in the last 24 h; 1 proposal pending for more than 7 days');
  });

  it('drops the rollback condition once the attention window has passed (same data, later clock)', () => {
    const d = json<Record<string, any>>(ok(['dashboard', '--json', '--now', '2025-01-16T12:00:00Z']));
    expect(d.health.rollbacks_attention).toBe(0);
    // The alert and the stale proposal are still there.
    expect(d.health.status).toBe('ATTENTION NEEDED');
    expect(d.health.reason).toBe('1 degradation alert; 1 proposal pending for more than 7 days');
  });

  it.runIf(monitorExists)('lists exactly the variants `crl monitor --once --dry-run --json` reports as degraded', () => {
    const d = json<Record<string, any>>(ok(['dashboard', '--json', '--now', NOW]));
    const m = json<{ checked: number; degraded: { agent_name: string; task_type: string; variant_id: string; reason: string }[] }>(
      ok(['monitor', '--once', '--dry-run', '--json']),
    );
    const key = (x: { agent_name: string; task_type: string; variant_id: string; reason: string }) => `${x.agent_name}|${x.task_type}|${x.variant_id}|${x.reason}`;
    expect(m.degraded.length).toBeGreaterThan(0);
    expect(d.degradation_alerts.items.map(key).sort()).toEqual(m.degraded.map(key).sort());
    expect(d.degradation_alerts.checked).toBe(m.checked);
  });

  it('gives each high-confidence variant the decision `crl safety check` gives', () => {
    const d = json<Record<string, any>>(ok(['dashboard', '--json', '--now', NOW]));
    for (const x of d.high_confidence_variants.items as { agent_name: string; task_type: string; variant_id: string; decision: string; reason: string }[]) {
      const c = json<{ decision: string; reason: string }>(ok(['safety', 'check', '--agent', x.agent_name, '--task', x.task_type, '--variant', x.variant_id, '--json']));
      expect([x.decision, x.reason]).toEqual([c.decision, c.reason]);
    }
  });

  it('rejects a bad --now or --watch with exit 2', () => {
    expect(runCli(['dashboard', '--now', 'yesterday'], { dataDir: dir }).code).toBe(2);
    expect(runCli(['dashboard', '--watch', '0'], { dataDir: dir }).code).toBe(2);
    expect(runCli(['dashboard', '--watch', 'soon'], { dataDir: dir }).code).toBe(2);
  });
});

describe('crl dashboard --watch', () => {
  it('refreshes until interrupted, then exits 0', async () => {
    const child = spawnCli(['dashboard', '--watch', '0.2', '--json', '--now', NOW], { dataDir: dir });
    let out = '';
    const code = await new Promise<number | null>((resolve) => {
      child.stdout.on('data', (b: Buffer) => {
        out += b.toString();
        if (out.split('\n').filter(Boolean).length >= 2 && !child.killed) child.kill('SIGINT');
      });
      child.on('exit', (c) => resolve(c));
    });
    expect(code).toBe(0);
    const frames = out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { health: { status: string } });
    expect(frames.length).toBeGreaterThanOrEqual(2);
    for (const f of frames) expect(f.health.status).toBe('ATTENTION NEEDED');
  });
});

describe('crl metrics', () => {
  it('prints the health figures in the Prometheus text format', async () => {
    const r = ok(['metrics', '--now', NOW]);
    await expect(r.stdout).toMatchFileSnapshot('./__snapshots__/metrics.prom');
    expect(r.stdout).toContain('# TYPE crl_q_value gauge');
    expect(r.stdout).toContain('crl_q_value{agent_name="security-auditor",task_type="security-audit",variant_id="v2"} 1');
    expect(r.stdout).toContain('crl_health_status{status="ATTENTION NEEDED"} 1');
    expect(r.stdout).toContain('crl_pending_proposals 2');
    // Every sample line is `name{labels} value` with a numeric value.
    for (const line of r.stdout.trim().split('\n').filter((l) => !l.startsWith('#'))) {
      expect(line).toMatch(/^[a-z_]+(\{[a-z_]+="[^"]*"(,[a-z_]+="[^"]*")*\})? (-?[0-9.e+-]+|NaN)$/);
    }
  });

  it('prints the same families as JSON with --json', () => {
    const families = json<{ name: string; type: string; samples: unknown[] }[]>(ok(['metrics', '--json', '--now', NOW]));
    const byName = new Map(families.map((f) => [f.name, f]));
    expect(byName.get('crl_n_visits')?.samples).toHaveLength(7);
    expect(byName.get('crl_degradation_alerts')?.samples).toEqual([{ labels: {}, value: 1 }]);
  });
});
