import { describe, expect, it } from 'vitest';

import { json, runCli, spawnCli, tempDir, openTestCrl } from '../helpers';

async function seed(dataDir: string) {
  let t = Date.parse('2026-03-01T00:00:00Z');
  const crl = await openTestCrl({ dataDir, now: () => new Date((t += 1000)) });
  await crl.variants.add({ agent: 'security-auditor', variant: 'base', isDefault: true, by: 'test' });
  await crl.variants.add({ agent: 'security-auditor', variant: 'strict', by: 'test' });
  let i = 0;
  const rec = async (variant: string, pattern: (k: number) => boolean, n: number) => {
    for (let k = 0; k < n; k++) await crl.learning.record({ agent_name: 'security-auditor', task_type: 'security-audit', variant_id: variant, outcome: pattern(k) ? 'success' : 'error', invocation_id: `c${i++}` });
  };
  await rec('strict', (k) => k % 10 !== 9, 60);
  await rec('base', (k) => k % 10 !== 9, 200);
  await rec('base', (k) => k % 2 === 1, 40);
  await crl.close();
}

function run(args: string[], dataDir: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawnCli(args, { dataDir });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

describe('two monitors at the same moment', () => {
  it('two `crl monitor --once` processes produce exactly one rollback', async () => {
    const dataDir = tempDir();
    await seed(dataDir);
    const [a, b] = await Promise.all([run(['monitor', '--once', '--json'], dataDir), run(['monitor', '--once', '--json'], dataDir)]);
    expect([a.code, b.code]).toEqual([0, 0]);
    const total = [a, b].map((r) => (JSON.parse(r.stdout) as { rollbacks: unknown[] }).rollbacks.length);
    expect(total.sort()).toEqual([0, 1]);
    const hist = json<{ event_type: string }[]>(runCli(['rollback', 'history', '--json'], { dataDir }));
    expect(hist.map((h) => h.event_type)).toEqual(['rollback']);
  });
});
