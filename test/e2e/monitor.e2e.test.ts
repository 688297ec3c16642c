import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { json, runCli, tempDir } from '../helpers';

const line = (i: number, variant: string, ok: boolean, minute: number) =>
  JSON.stringify({ invocation_id: `e-${variant}-${minute}-${i}`, timestamp: new Date(Date.UTC(2026, 0, 1, 0, minute, i % 60)).toISOString(), agent_name: 'security-auditor', task_type: 'security-audit', variant_id: variant, outcome: ok ? 'success' : 'error' });

describe('e2e: record → degrade → monitor → rollback → history', () => {
  it('rolls back the degraded default once and shows it in the history and the JSONL file', () => {
    const dataDir = tempDir();
    expect(runCli(['variant', 'add', 'security-auditor', 'base', '--default'], { dataDir }).code).toBe(0);
    expect(runCli(['variant', 'add', 'security-auditor', 'strict-lowtemp'], { dataDir }).code).toBe(0);
    const history = [
      ...Array.from({ length: 60 }, (_, i) => line(i, 'strict-lowtemp', i % 10 !== 9, Math.floor(i / 60))),
      ...Array.from({ length: 200 }, (_, i) => line(i, 'base', i % 10 !== 9, 1 + Math.floor(i / 60))),
    ].join('\n');
    expect(runCli(['ingest', '-'], { dataDir, input: history }).code).toBe(0);
    for (let i = 0; i < 3; i++) {
      const r = runCli(['record', '--agent', 'security-auditor', '--task', 'security-audit', '--variant', 'base', '--outcome', 'success', '--at', `2026-01-01T00:10:0${i}Z`, '--json'], { dataDir });
      expect(r.code).toBe(0);
    }
    const healthy = json<{ checked: number; degraded: unknown[] }>(runCli(['monitor', '--once', '--json'], { dataDir }));
    expect(healthy).toMatchObject({ checked: 1, degraded: [] });

    const degrade = Array.from({ length: 40 }, (_, i) => line(i, 'base', i % 2 === 1, 20)).join('\n');
    expect(runCli(['ingest', '-'], { dataDir, input: degrade }).code).toBe(0);

    const dry = json<{ degraded: { action: string; to_variant: string }[]; rollbacks: unknown[] }>(runCli(['monitor', '--once', '--dry-run', '--json'], { dataDir }));
    expect(dry.degraded.map((d) => [d.action, d.to_variant])).toEqual([['would_roll_back', 'strict-lowtemp']]);
    expect(dry.rollbacks).toEqual([]);

    const run = runCli(['monitor', '--once', '--json'], { dataDir });
    expect(run.code).toBe(0);
    const r = json<{ checked: number; degraded: { action: string }[]; rollbacks: { rollback_id: string; from_variant: string; to_variant: string }[] }>(run);
    expect(r.checked).toBe(1);
    expect(r.degraded.map((d) => d.action)).toEqual(['rolled_back']);
    expect(r.rollbacks.map((x) => [x.from_variant, x.to_variant])).toEqual([['base', 'strict-lowtemp']]);
    expect(run.stderr).toMatch(/ALERT rollback rb-\d{8}-[0-9a-f]{8}: security-auditor\/security-audit base → strict-lowtemp/);

    const again = json<{ rollbacks: unknown[] }>(runCli(['monitor', '--once', '--json'], { dataDir }));
    expect(again.rollbacks).toEqual([]);

    const hist = json<{ rollback_id: string; event_type: string; from_variant: string; to_variant: string }[]>(runCli(['rollback', 'history', '--agent', 'security-auditor', '--json'], { dataDir }));
    expect(hist.map((h) => [h.rollback_id, h.event_type, h.from_variant, h.to_variant])).toEqual([[r.rollbacks[0].rollback_id, 'rollback', 'base', 'strict-lowtemp']]);
    expect(json(runCli(['rollback', 'history', '--task', 'other-task', '--json'], { dataDir }))).toEqual([]);
    const table = runCli(['rollback', 'history'], { dataDir });
    expect(table.stdout).toContain(r.rollbacks[0].rollback_id);

    const jsonl = readFileSync(join(dataDir, 'rollback_events.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(jsonl.map((l) => l.rollback_id)).toEqual([r.rollbacks[0].rollback_id]);

    const q = json<{ variant_id: string; is_default: boolean }[]>(runCli(['q', '--agent', 'security-auditor', '--json'], { dataDir }));
    expect(q.filter((e) => e.is_default).map((e) => e.variant_id)).toEqual(['strict-lowtemp']);
  });

  it.each([
    ['0.9', '10', 'auto_apply'],
    ['0.8999', '10', 'human_approval'],
    ['0.95', '4', 'no_action'],
  ])('safety check --q %s --n %s → %s', (q, n, decision) => {
    const dataDir = tempDir();
    runCli(['variant', 'add', 'backend-architect', 'v1', '--default'], { dataDir });
    runCli(['variant', 'add', 'backend-architect', 'v2'], { dataDir });
    const r = runCli(['safety', 'check', '--agent', 'backend-architect', '--task', 'api-design', '--variant', 'v2', '--q', q, '--n', n, '--json'], { dataDir });
    expect(r.code).toBe(0);
    expect(json<{ decision: string }>(r).decision).toBe(decision);
  });

  it('safety check: unknown variant → exit 2; --apply without --by → exit 2', () => {
    const dataDir = tempDir();
    runCli(['variant', 'add', 'backend-architect', 'v1', '--default'], { dataDir });
    const a = runCli(['safety', 'check', '--agent', 'backend-architect', '--task', 'api-design', '--variant', 'nope'], { dataDir });
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/unknown variant backend-architect\/nope/);
    const b = runCli(['safety', 'check', '--agent', 'backend-architect', '--task', 'api-design', '--variant', 'v1', '--apply'], { dataDir });
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/--by is required/);
  });
});
