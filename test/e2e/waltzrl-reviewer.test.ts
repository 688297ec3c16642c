import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseLabelledJsonl } from '../../src/features/waltzrl/eval-service';
import type { GuardFormatName } from '../../src/features/waltzrl/guard-formats/guard-format';
import { type FakeGuardMode, type FakeGuardServer, startFakeGuardServer } from '../../src/testing/fake-guard-server';
import { type CliResult, ROOT, runCli, runCliAsync, tempDir } from '../helpers';

const LABELLED = join(ROOT, 'test', 'fixtures', 'waltzrl', 'labelled.jsonl');
const PAIRS = join(ROOT, 'test', 'fixtures', 'waltzrl', 'pairs.jsonl');
const LINES = parseLabelledJsonl(readFileSync(LABELLED, 'utf8'));

const runAsync = (args: string[], env: Record<string, string | undefined> = {}) => runCliAsync(args, { env });
const jsonLines = (r: CliResult) => r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, any>);

let servers: FakeGuardServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});
async function guard(format: GuardFormatName, mode: FakeGuardMode = 'good') {
  const s = await startFakeGuardServer({ format, mode, lines: LINES });
  servers.push(s);
  return { s, flags: ['--stage2-url', s.url, '--stage2-model', s.model, '--stage2-format', format] };
}

describe('crl waltzrl review / eval --reviewer (built CLI, local fake guard servers)', () => {
  it.each([
    [['--reviewer', 'stage2'], /--reviewer stage2 needs a Stage 2 endpoint: give --stage2-url URL/],
    [['--reviewer', 'both', '--stage2-url', 'http://127.0.0.1:9/v1'], /--reviewer both needs a Stage 2 model: give --stage2-model NAME/],
    [['--escalate'], /--escalate needs a Stage 2 endpoint: give --stage2-url/],
    [['--reviewer', 'stage2', '--stage2-url', 'x', '--stage2-model', 'm'], /--stage2-url must be an http\(s\) URL/],
    [['--reviewer', 'stage2', '--stage2-url', 'http://u:p@127.0.0.1:9/v1', '--stage2-model', 'm'], /--stage2-url must not carry credentials/],
    [['--reviewer', 'stage2', '--stage2-url', 'http://127.0.0.1:9/v1', '--stage2-model', 'm', '--stage2-format', 'llamaguard'], /--stage2-format must be one of/],
    [['--stage2-format', 'wildguard'], /--stage2-format: only used with --reviewer stage2\|both or --escalate/],
    [['--reviewer', 'stage3'], /--reviewer must be stage1, stage2 or both, got "stage3"/],
  ])('a missing or invalid Stage 2 is a usage error naming the flag (exit 2): %s', (flags, msg) => {
    for (const cmd of [['review', '--input', PAIRS], ['eval', '--dataset', LABELLED]]) {
      const r = runCli(['waltzrl', ...cmd, ...flags]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(msg);
      expect(r.stdout).toBe('');
    }
  });

  it('review --reviewer stage2 marks every verdict; an off-format guard falls back per pair, marked', async () => {
    const { s, flags } = await guard('llama-guard');
    const ok = await runAsync(['waltzrl', 'review', '--input', PAIRS, '--reviewer', 'stage2', ...flags, '--json']);
    expect(ok.code, ok.stderr).toBe(0);
    for (const row of jsonLines(ok)) expect(row).toMatchObject({ reviewer: 'stage2', variant: `stage2-${s.model}`, guard: { format: 'llama-guard' } });
    s.setMode('off_format');
    const bad = await runAsync(['waltzrl', 'review', '--input', PAIRS, '--reviewer', 'stage2', ...flags, '--json']);
    expect(bad.code, bad.stderr).toBe(0);
    for (const row of jsonLines(bad)) {
      expect(row).toMatchObject({ reviewer: 'stage1-fallback', variant: 'stage1-rules' });
      expect(row.fallback_reason).toMatch(/^off_format: Stage 2 \(llama-guard\) answered off-format/);
      expect(row.guard).toBeUndefined();
    }
    const text = await runAsync(['waltzrl', 'review', '--input', PAIRS, '--reviewer', 'stage2', ...flags]);
    expect(text.stdout).toMatch(/stage1-fallback \(off_format: /);
  });

  it('eval --reviewer stage2 counts the fallbacks; the figures of a good guard match the labels', async () => {
    const { s, flags } = await guard('wildguard');
    const good = await runAsync(['waltzrl', 'eval', '--dataset', LABELLED, '--reviewer', 'stage2', ...flags, '--json']);
    expect(good.code, good.stderr).toBe(0);
    expect(JSON.parse(good.stdout)).toMatchObject({
      n: 8, reviewer: 'stage2', stage2: { format: 'wildguard' }, fallback: { n: 0 }, unsafe: { f1: 1 }, overrefuse: { f1: 1 }, refusal_accuracy: 1,
    });
    s.setMode('malformed');
    const bad = await runAsync(['waltzrl', 'eval', '--dataset', LABELLED, '--reviewer', 'stage2', ...flags, '--json']);
    expect(bad.code, bad.stderr).toBe(0);
    expect(JSON.parse(bad.stdout).fallback).toEqual({ n: 8, reasons: { invalid_response: 8 } });
    const text = await runAsync(['waltzrl', 'eval', '--dataset', LABELLED, '--reviewer', 'stage2', ...flags]);
    expect(text.stdout).toMatch(/Stage 2 fell back to Stage 1 on 8 of 8 pairs \(invalid_response 8\): those verdicts are Stage 1's/);
  });

  it('--reviewer both prints the agreement and the pairs where the reviewers differ', async () => {
    const { flags } = await guard('shieldgemma', 'unsafe'); // waves everything through: differs on the unsafe pairs (over-refusal is Stage 1's refusal reading)
    const ev = await runAsync(['waltzrl', 'eval', '--dataset', LABELLED, '--reviewer', 'both', ...flags, '--json']);
    expect(ev.code, ev.stderr).toBe(0);
    const out = JSON.parse(ev.stdout);
    // Stage 1 is being refined elsewhere: only what the waving-through guard fixes is pinned (it misses f4 and f8)
    const ids: string[] = out.differences.map((d: { id: string }) => d.id);
    expect(ids).toEqual(expect.arrayContaining(['f4', 'f8']));
    expect(out.agreement).toEqual({ n: 8, agree: 8 - ids.length, rate: (8 - ids.length) / 8 });
    expect(out.stage2_figures.fallback.n).toBe(0);
    const text = await runAsync(['waltzrl', 'eval', '--dataset', LABELLED, '--reviewer', 'both', ...flags]);
    expect(text.stdout).toContain(`agreement: ${8 - ids.length} of 8 pairs Stage 2 answered (${(((8 - ids.length) / 8) * 100).toFixed(1)}%); ${ids.length} differ:`);
    expect(text.stdout).toMatch(/line 4 \(f4\)\tstage1 UNSAFE\tstage2 ok\ttruth UNSAFE/);
    const rv = await runAsync(['waltzrl', 'review', '--input', LABELLED, '--reviewer', 'both', ...flags]);
    expect(rv.stdout).toMatch(/^f4\tstage1 UNSAFE\tstage2 ok\tDIFFER\tcombined UNSAFE \(stage1\)$/m);
    expect(rv.stdout).toContain(`\ndiffer: ${ids.join(', ')}\n`);
    const rj = jsonLines(await runAsync(['waltzrl', 'review', '--input', LABELLED, '--reviewer', 'both', ...flags, '--json']));
    expect(rj.at(-1)).toEqual({ summary: { pairs: 8, agreement: out.agreement, differ: ids, stage2_fallbacks: 0 } });
  });

  it('Stage 2 settings and the API key come from the config; the key reaches the server and never the output', async () => {
    const { s } = await guard('granite-guardian');
    const dir = tempDir();
    const cfg = join(dir, 'crl.json');
    writeFileSync(cfg, JSON.stringify({ waltzrl: { stage2: { url: s.url, model: s.model, format: 'granite-guardian', api_key_env: 'MY_GUARD_KEY', retries: 0 } } }));
    const env = { MY_GUARD_KEY: 'sk-e2e-SECRET-42' };
    const r = await runAsync(['--config', cfg, 'waltzrl', 'eval', '--dataset', LABELLED, '--reviewer', 'stage2', '--json'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ stage2: { format: 'granite-guardian' }, fallback: { n: 0 }, unsafe: { f1: 1 } });
    expect(s.requests().every((q) => q.authorization === 'Bearer sk-e2e-SECRET-42')).toBe(true);
    s.setMode('down');
    const down = await runAsync(['--config', cfg, 'waltzrl', 'review', '--input', PAIRS, '--reviewer', 'stage2', '--json'], env);
    expect(down.code, down.stderr).toBe(0);
    expect(jsonLines(down).map((row) => row.fallback_reason)).toEqual(['http: Stage 2 answered HTTP 503', 'http: Stage 2 answered HTTP 503']);
    for (const x of [r, down]) expect(`${x.stdout}${x.stderr}`).not.toContain('SECRET');
  });
});
