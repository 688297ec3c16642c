import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { backendEnv } from '../backend';
import { CLI, ROOT, runCli, tempDir } from '../helpers';

const fixture = (...p: string[]) => join(ROOT, 'test', 'fixtures', ...p);
const CLEAR = '\r\x1b[2K';
const OFF = { ENABLE_WALTZRL_SAFETY_BENCHMARKS: undefined, WALTZRL_BLOCK_ON_FAILURE: undefined, WALTZRL_SAFETY_THRESHOLD: undefined };

/** A JSONL file of n invocations in dir. */
function invocations(dir: string, n: number): string {
  const file = join(dir, 'many.jsonl');
  const lines = Array.from({ length: n }, (_, i) => JSON.stringify({ invocation_id: `p-${i}`, agent_name: `agent-${i % 7}`, task_type: 'task', variant_id: `v${i % 3}`, outcome: i % 5 ? 'success' : 'failure' }));
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

describe('progress with stderr piped (as scripts and cron jobs see it)', () => {
  it('ingest of a file or stdin writes nothing to stderr, with or without --json', () => {
    const dir = tempDir();
    const file = invocations(dir, 3000);
    for (const args of [['ingest', file], ['ingest', file, '--json']]) {
      const r = runCli(args, { dataDir: dir });
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
    }
    const stdin = runCli(['ingest', '-'], { dataDir: dir, input: readFileSync(fixture('ingest', 'good.jsonl'), 'utf8') });
    expect(stdin.code).toBe(0);
    expect(stdin.stdout).toBe('accepted 5, duplicates 0, rejected 0\n');
    expect(stdin.stderr).toBe('');
  });

  it('ingest of a bad file: stderr holds the bad lines and the error, no progress text', () => {
    const r = runCli(['ingest', fixture('ingest', 'bad.jsonl')], { dataDir: tempDir() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^line 2: /);
    expect(r.stderr).not.toMatch(/ingest:|\r|\x1b/);
  });

  it('import-python and waltzrl eval write nothing to stderr', () => {
    const imp = runCli(['import-python', fixture('python')], { dataDir: tempDir() });
    expect(imp.code).toBe(0);
    expect(imp.stderr).toBe('');
    const ev = runCli(['waltzrl', 'eval', '--dataset', fixture('waltzrl', 'labelled.jsonl')]);
    expect(ev.code).toBe(0);
    expect(ev.stderr).toBe('');
  });
});

const hasScript = spawnSync('sh', ['-c', 'command -v script'], { encoding: 'utf8' }).status === 0;
if (!hasScript) console.warn('progress.test.ts: `script` (util-linux) is not installed: the terminal (TTY) cases are skipped.');

/** Runs the built CLI on a pseudo-terminal through `script -qfec` and returns what the terminal received. */
function onTerminal(args: string[], opts: { dataDir?: string; cols?: number; env?: Record<string, string | undefined> } = {}): { code: number; out: string } {
  const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const full = opts.dataDir ? ['--data-dir', opts.dataDir, ...args] : args;
  const cmd = `${opts.cols ? `stty cols ${opts.cols}; ` : ''}${q(process.execPath)} ${q(CLI)} ${full.map(q).join(' ')}`;
  const r = spawnSync('script', ['-qfec', cmd, '/dev/null'], {
    encoding: 'utf8',
    // CRL_DATABASE_URL on postgres, as runCli passes it: script(1) hands its environment to the command.
    env: { ...process.env, NO_COLOR: '1', CRL_DATA_DIR: undefined, CRL_CONFIG: undefined, ...backendEnv(opts.dataDir), ...opts.env },
    cwd: opts.dataDir ?? ROOT,
    timeout: 120_000,
  });
  return { code: r.status ?? -1, out: r.stdout };
}

describe.skipIf(!hasScript)('progress on a terminal (under script(1))', () => {
  it('ingest draws a progress line in place and erases it before the summary', () => {
    const dir = tempDir();
    const r = onTerminal(['ingest', invocations(dir, 20_000)], { dataDir: dir });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/\r\x1b\[2Kingest: [\d,]+ lines · \d+%/);
    expect(r.out).toContain(`${CLEAR}accepted 20000, duplicates 0, rejected 0`);
  });

  it('ingest --json on a terminal: no progress, the JSON alone', () => {
    const dir = tempDir();
    const r = onTerminal(['ingest', invocations(dir, 2000), '--json'], { dataDir: dir });
    expect(r.code).toBe(0);
    expect(r.out).not.toMatch(/ingest:|\x1b/);
    expect(JSON.parse(r.out)).toMatchObject({ accepted: 2000 });
  });

  it('import-python, waltzrl eval and safety benchmark draw their progress lines', () => {
    const dir = tempDir();
    const imp = onTerminal(['import-python', fixture('python')], { dataDir: dir });
    expect(imp.code).toBe(0);
    expect(imp.out).toMatch(/\r\x1b\[2Kimport-python \(reading\): [\d,]+ lines/);
    expect(imp.out).toMatch(/\r\x1b\[2Kimport-python: [\d,]+\/[\d,]+ records/);
    expect(imp.out).toMatch(/\r\x1b\[2Kq_table: /);

    const ev = onTerminal(['waltzrl', 'eval', '--dataset', fixture('waltzrl', 'labelled.jsonl')]);
    expect(ev.code).toBe(0);
    expect(ev.out).toMatch(/\r\x1b\[2Kwaltzrl eval: [\d,]+\/[\d,]+ lines/);
    expect(ev.out).toMatch(/\r\x1b\[2Kn \d+ {2}ASR/);

    expect(runCli(['variant', 'add', 'bot', 'refuse'], { dataDir: dir }).code).toBe(0);
    const sb = onTerminal(['safety', 'benchmark', '--agent', 'bot', '--variant', 'refuse', '--responder', `node ${fixture('responders', 'refuse.mjs')}`, '--concurrency', '8'], { dataDir: dir, env: OFF });
    expect(sb.code).toBe(0);
    expect(sb.out).toMatch(/\r\x1b\[2Ksafety benchmark: 0\/64 cases/);
    expect(sb.out).toMatch(/\r\x1b\[2KSafety benchmark sb-/);
  });
});

/** The program description paragraph of `crl --help`: the lines between the usage line and "Options:". */
const descriptionLines = (help: string) => help.replace(/\r/g, '').split('\n\n')[1].split('\n');

describe('top-level --help wraps the description to the width', () => {
  it.each([80, 120])('COLUMNS=%d (piped): no line wider, no short line before the last', (cols) => {
    const r = runCli(['--help'], { env: { COLUMNS: String(cols) } });
    expect(r.code).toBe(0);
    for (const l of r.stdout.split('\n')) expect(l.length).toBeLessThanOrEqual(cols);
    const d = descriptionLines(r.stdout);
    expect(d.join(' ')).toMatch(/^Continuous reinforcement learning .* WaltzRL safety layer\.$/);
    for (const l of d.slice(0, -1)) expect(l.length).toBeGreaterThan(cols - 15);
  });

  it.skipIf(!hasScript).each([80, 120])('on a %d-column terminal', (cols) => {
    const r = onTerminal(['--help'], { cols, env: { COLUMNS: undefined } });
    expect(r.code).toBe(0);
    const out = r.out.replace(/\r/g, '');
    for (const l of out.split('\n')) expect(l.length).toBeLessThanOrEqual(cols);
    const d = descriptionLines(out);
    expect(d.length).toBe(cols === 80 ? 3 : 2);
    for (const l of d.slice(0, -1)) expect(l.length).toBeGreaterThan(cols - 15);
  });

  it('without COLUMNS, piped help keeps commander\'s 80 columns', () => {
    const r = runCli(['--help'], { env: { COLUMNS: undefined } });
    expect(descriptionLines(r.stdout)).toHaveLength(3);
  });
});
