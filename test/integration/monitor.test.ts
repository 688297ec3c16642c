import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConfigInput } from '../../src/config/config';
import { type Crl } from '../../src/crl';
import { acquireLease, releaseLease } from '../../src/features/schedule/lease-service';
import { tempDir, openTestCrl } from '../helpers';

const open: Crl[] = [];
afterEach(async () => {
  for (const c of open.splice(0)) await c.close();
});

/** A Crl whose clock advances one second per reading, so every event has its own timestamp. */
async function setup(config: ConfigInput = {}, dataDir = tempDir()) {
  let t = Date.parse('2026-03-01T00:00:00Z');
  const crl = await openTestCrl({ dataDir, config, now: () => new Date((t += 1000)) });
  open.push(crl);
  let i = 0;
  const rec = async (variant: string, outcomes: string, task = 'security-audit') => {
    for (const ch of outcomes) {
      await crl.learning.record({ agent_name: 'security-auditor', task_type: task, variant_id: variant, outcome: ch === 's' ? 'success' : ch === 'p' ? 'partial' : 'error', invocation_id: `i${i++}` });
    }
  };
  return { crl, rec, dataDir };
}

const stable = (n: number) => Array.from({ length: n }, (_, k) => (k % 10 === 9 ? 'e' : 's')).join('');
const bad = (n: number) => Array.from({ length: n }, (_, k) => (k % 2 ? 'e' : 's')).join('');

async function degradedSetup(config: ConfigInput = {}) {
  const s = await setup(config);
  await s.crl.variants.add({ agent: 'security-auditor', variant: 'base', isDefault: true, by: 'test' });
  await s.crl.variants.add({ agent: 'security-auditor', variant: 'strict', by: 'test' });
  await s.crl.variants.add({ agent: 'security-auditor', variant: 'fast', by: 'test' });
  await s.rec('strict', stable(60));
  await s.rec('fast', 'ssss'); // n 4 < 5: never a target
  await s.rec('base', stable(200));
  await s.rec('base', bad(40));
  return s;
}

describe('monitor: rollback transaction', () => {
  it('rolls the degraded default back to the best other variant: default, rollback row, audit row and one JSONL line', async () => {
    const { crl, dataDir } = await degradedSetup();
    const checks = await crl.monitor.checks();
    expect(checks.map((c) => [c.variant_id, c.status])).toEqual([['base', 'degraded']]);

    const r = await crl.monitor.run();
    expect(r.checked).toBe(1);
    expect(r.rollbacks).toHaveLength(1);
    const rb = r.rollbacks[0];
    expect(rb).toMatchObject({ agent_name: 'security-auditor', task_type: 'security-audit', from_variant: 'base', to_variant: 'strict' });
    expect(rb.rollback_id).toMatch(/^rb-20260301-[0-9a-f]{8}$/);
    expect((await crl.ctx.registry.resolveDefault('security-auditor', 'security-audit'))?.variant_id).toBe('strict');

    const audit = await crl.ctx.registry.auditLog({ agent: 'security-auditor', task: 'security-audit' });
    expect(audit[0]).toMatchObject({ action: 'rollback', actor: 'monitor', variant_id: 'strict' });
    expect(JSON.parse(audit[0].details)).toMatchObject({ previous: 'base', rollback_id: rb.rollback_id });

    const lines = readFileSync(join(dataDir, 'rollback_events.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(1);
    expect(Object.keys(lines[0])).toEqual(['rollback_id', 'timestamp', 'agent_name', 'task_type', 'from_variant', 'to_variant', 'reason', 'degradation_metrics']);
    expect(lines[0].degradation_metrics.window.success_rate).toBe(0.5);

    const hist = await crl.monitor.rollbacks({ agent: 'security-auditor' });
    expect(hist.map((h) => [h.rollback_id, h.event_type, h.triggered_by])).toEqual([[rb.rollback_id, 'rollback', 'monitor']]);
  });

  it('a second run changes nothing; --dry-run changes nothing', async () => {
    const { crl, dataDir } = await degradedSetup();
    const dry = await crl.monitor.run({ dryRun: true });
    expect(dry.degraded.map((d) => [d.action, d.to_variant])).toEqual([['would_roll_back', 'strict']]);
    expect(await crl.monitor.rollbacks()).toHaveLength(0);
    expect(existsSync(join(dataDir, 'rollback_events.jsonl'))).toBe(false);

    await crl.monitor.run();
    const again = await crl.monitor.run();
    expect(again.rollbacks).toEqual([]);
    expect(await crl.monitor.rollbacks()).toHaveLength(1);
    expect(readFileSync(join(dataDir, 'rollback_events.jsonl'), 'utf8').trim().split('\n')).toHaveLength(1);
  });

  it('cool-down: no second rollback and no auto-apply until the new default has a full window of its own', async () => {
    const { crl, rec } = await degradedSetup();
    await crl.monitor.run();
    await rec('strict', 'eeeeeeeeee'); // the new default degrades at once, but has only 10 invocations of its own
    const during = await crl.monitor.run();
    expect(during.degraded.map((d) => [d.variant_id, d.action])).toEqual([['strict', 'cooldown']]);
    expect(during.rollbacks).toEqual([]);
    expect(await crl.promotion.check({ agent: 'security-auditor', task: 'security-audit', variant: 'fast', q: 0.95, n: 50 })).toMatchObject({ decision: 'no_action' });
    expect((await crl.promotion.check({ agent: 'security-auditor', task: 'security-audit', variant: 'fast', q: 0.95, n: 50 })).reason).toMatch(/^In cool-down/);

    await rec('strict', 'eeeeeeeeee'); // 20 of its own now: the cool-down is over
    const after = await crl.monitor.run();
    expect(after.rollbacks.map((r) => [r.from_variant, r.to_variant])).toEqual([['strict', 'base']]);
  });

  it('no target: one rollback_skipped event and alert, not one per run', async () => {
    const { crl, rec } = await setup();
    await crl.variants.add({ agent: 'security-auditor', variant: 'base', isDefault: true, by: 'test' });
    await rec('base', stable(100) + bad(40));
    const lines: string[] = [];
    const first = await crl.monitor.run({ alertWrite: (l) => lines.push(l) });
    expect(first.rollbacks).toEqual([]);
    expect(first.rollbacks_skipped).toHaveLength(1);
    expect(first.degraded[0].action).toBe('rollback_skipped');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^ALERT rollback skipped rb-/);
    await rec('base', bad(20));
    const second = await crl.monitor.run({ alertWrite: (l) => lines.push(l) });
    expect(second.degraded[0].action).toBe('already_alerted');
    expect(lines).toHaveLength(1);
    expect((await crl.monitor.rollbacks()).map((h) => h.event_type)).toEqual(['rollback_skipped']);
  });

  it('alerts: the command gets the event JSON on stdin; a failing command is reported and the rollback stands', async () => {
    const out = join(tempDir(), 'alert.json');
    const ok = await degradedSetup({ alerts: { command: `cat > '${out}'` } });
    const r = await ok.crl.monitor.run({ alertWrite: () => {} });
    expect(r.alerts).toEqual([{ rollback_id: r.rollbacks[0].rollback_id, command_ok: true }]);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toMatchObject({ event_type: 'rollback', rollback_id: r.rollbacks[0].rollback_id, to_variant: 'strict' });

    const failing = await degradedSetup({ alerts: { command: 'echo nope >&2; exit 3' } });
    const lines: string[] = [];
    const f = await failing.crl.monitor.run({ alertWrite: (l) => lines.push(l) });
    expect(f.alerts[0]).toMatchObject({ command_ok: false, error: 'exit 3: nope' });
    expect(lines[1]).toMatch(/alert command failed .*exit 3.*rollback stands/);
    expect((await failing.crl.ctx.registry.resolveDefault('security-auditor', 'security-audit'))?.variant_id).toBe('strict');
  });

  it('threshold method trips on what sequential does not confirm', async () => {
    const noisy = stable(200) + 'eeesssssssssssssssss'.split('').reverse().join('');
    const th = await setup({ degradation: { method: 'threshold' } });
    await th.crl.variants.add({ agent: 'security-auditor', variant: 'base', isDefault: true, by: 'test' });
    await th.rec('base', noisy);
    expect((await th.crl.monitor.checks())[0].status).toBe('degraded');
    const sq = await setup();
    await sq.crl.variants.add({ agent: 'security-auditor', variant: 'base', isDefault: true, by: 'test' });
    await sq.rec('base', noisy);
    expect((await sq.crl.monitor.checks())[0].status).toBe('healthy');
  });

  it('the lease excludes a second holder until it is released or expires', async () => {
    const { crl } = await setup({ schedule: { lease_ttl_ms: 60_000 } });
    const a = await acquireLease(crl.ctx, 'monitor', 'a');
    expect(a.acquired).toBe(true);
    const b = await acquireLease(crl.ctx, 'monitor', 'b');
    expect(b).toMatchObject({ acquired: false, held_by: { holder: 'a' } });
    expect(await releaseLease(crl.ctx, 'monitor', 'a')).toBe(true);
    expect((await acquireLease(crl.ctx, 'monitor', 'b')).acquired).toBe(true);
    const later = await openTestCrl({ dataDir: crl.dataDir, now: () => new Date(Date.parse('2026-03-01T01:00:00Z')) });
    open.push(later);
    expect((await acquireLease(later.ctx, 'monitor', 'c')).acquired).toBe(true); // b's lease expired
  });
});
