import { afterEach, describe, expect, it } from 'vitest';
import { type Crl, openCrl } from '../../src/crl';
import { checkAll, runMonitor } from '../../src/services/monitor';
import { tempDir } from '../helpers';

const opened: Crl[] = [];
afterEach(() => {
  for (const c of opened.splice(0)) c.close();
});

let seq = 0;
function record(crl: Crl, agent: string, variant: string, outcome: 'success' | 'failure', count: number) {
  for (let i = 0; i < count; i++) {
    seq += 1;
    crl.record({ agent_name: agent, task_type: 't', variant_id: variant, outcome, timestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString() });
  }
}

function setup(dataDir = tempDir(), config?: object) {
  const crl = openCrl({ dataDir, config, now: () => new Date('2026-02-01T00:00:00Z') });
  opened.push(crl);
  for (const agent of ['stable', 'falls']) {
    crl.addVariant({ agent, variant: 'v1', isDefault: true });
    crl.addVariant({ agent, variant: 'v2' });
  }
  record(crl, 'stable', 'v1', 'success', 60);
  record(crl, 'falls', 'v1', 'success', 60);
  return crl;
}

const cacheRows = (crl: Crl) => (crl.ctx.sqlite.prepare('select count(*) as c from degradation_checks').get() as { c: number }).c;

describe('cached degradation verdicts', () => {
  it('are written by a monitor pass (not a dry run) and give the same checks as a fresh computation', () => {
    const crl = setup();
    record(crl, 'falls', 'v1', 'failure', 20);
    runMonitor(crl.ctx, { dryRun: true });
    expect(cacheRows(crl)).toBe(0);
    const fresh = checkAll(crl.ctx);
    runMonitor(crl.ctx, { dryRun: true });
    crl.ctx.sqlite.exec('delete from degradation_checks');
    const r = runMonitor(crl.ctx, { actor: 'test' });
    expect(r.rollbacks).toHaveLength(0); // v2 has no figures: no target, a skipped rollback
    expect(cacheRows(crl)).toBe(2);
    expect(checkAll(crl.ctx)).toEqual(fresh);
    expect(fresh.find((c) => c.agent_name === 'falls')?.status).toBe('degraded');
  });

  it('are not used once the tuple has new invocations', () => {
    const crl = setup();
    runMonitor(crl.ctx, { actor: 'test' });
    expect(checkAll(crl.ctx).map((c) => c.status)).toEqual(['healthy', 'healthy']);
    record(crl, 'falls', 'v1', 'failure', 20);
    const after = checkAll(crl.ctx);
    expect(after.find((c) => c.agent_name === 'falls')?.status).toBe('degraded');
    expect(after.find((c) => c.agent_name === 'stable')?.status).toBe('healthy');
  });

  it('are not used with other degradation settings', () => {
    const dir = tempDir();
    const crl = setup(dir);
    record(crl, 'falls', 'v1', 'failure', 2); // 18 of 20: a drop of exactly 10%, not more
    runMonitor(crl.ctx, { actor: 'test' });
    const strict = openCrl({ dataDir: dir, config: { degradation: { method: 'threshold', success_rate_drop: 0.05 } } });
    opened.push(strict);
    expect(checkAll(strict.ctx).find((c) => c.agent_name === 'falls')?.status).toBe('degraded');
    expect(checkAll(crl.ctx).find((c) => c.agent_name === 'falls')?.status).toBe('healthy');
  });
});
