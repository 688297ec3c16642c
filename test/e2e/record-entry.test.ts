import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { backendEnv } from '../backend';
import { type CliResult, json, ROOT, runCli, tempDir } from '../helpers';

// `crl record` runs the small record entry (dist/cli/record.cjs); these tests hold it to the full CLI
// (dist/cli/crl.mjs, run directly) for output, messages, exit codes and the config.

const FULL_CLI = join(ROOT, 'dist', 'cli', 'crl.mjs');
const RECORD_BUNDLE = join(ROOT, 'dist', 'cli', 'record.cjs');

/** The data dir of `--data-dir DIR` / `--data-dir=DIR` in args. */
function dataDirOf(args: readonly string[]): string | undefined {
  const i = args.indexOf('--data-dir');
  if (i >= 0) return args[i + 1];
  return args.find((a) => a.startsWith('--data-dir='))?.slice('--data-dir='.length);
}

/** Runs a script of dist/ on the backend of the test run for the data dir named in args (as runCli does). */
function runNode(script: string, args: string[], env: Record<string, string | undefined> = {}): CliResult {
  const r = spawnSync(process.execPath, [script, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', CRL_DATA_DIR: undefined, CRL_CONFIG: undefined, ...backendEnv(dataDirOf(args)), ...env },
    timeout: 60_000,
    cwd: ROOT,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
const fullCli = (args: string[], env?: Record<string, string | undefined>) => runNode(FULL_CLI, args, env);

const rec = (outcome: string, ...extra: string[]) => ['record', '--agent', 'backend-architect', '--task', 'api-design', '--variant', 'v1', '--outcome', outcome, ...extra];

interface QRow { agent_name: string; q_value: number; n_visits: number; last_updated: string }
const qTable = (dir: string) => json<QRow[]>(runCli(['q', '--json'], { dataDir: dir }));

describe('crl record through the record entry', () => {
  it('stores and prints what the full CLI stores and prints (JSON and text)', () => {
    const [small, full] = [tempDir(), tempDir()];
    const steps = [
      rec('success', '--id', 'i-1', '--quality', '0.8', '--duration-ms', '1200', '--at', '2026-03-01T10:00:00Z', '--json'),
      rec('failure', '--id', 'i-2', '--errors', '2', '--json'),
      rec('failure', '--id', 'i-2', '--json'), // duplicate
      rec('partial', '--id', 'i-3', '--reward', '0.4'),
    ];
    for (const args of steps) {
      const a = runCli(args, { dataDir: small });
      const b = fullCli(['--data-dir', full, ...args]);
      expect(a, a.stderr).toMatchObject({ code: 0, stderr: '' });
      expect(a.stdout).toBe(b.stdout);
    }
    expect(json(runCli(rec('success', '--id', 'i-3', '--json'), { dataDir: small }))).toMatchObject({ invocation_id: 'i-3', status: 'duplicate', n_visits: 3 });
    const figures = (dir: string) => qTable(dir).map(({ last_updated: _, ...rest }) => rest);
    expect(figures(small)).toEqual(figures(full));
    expect(figures(small)).toEqual([expect.objectContaining({ agent_name: 'backend-architect', n_visits: 3 })]);
  });

  it('works with only its own bundle present (no full CLI chunks, no zod)', () => {
    const root = tempDir('crl-record-only-');
    mkdirSync(join(root, 'dist', 'cli'), { recursive: true });
    copyFileSync(join(ROOT, 'dist', 'crl.cjs'), join(root, 'dist', 'crl.cjs'));
    copyFileSync(RECORD_BUNDLE, join(root, 'dist', 'cli', 'record.cjs'));
    symlinkSync(join(ROOT, 'migrations'), join(root, 'migrations'));
    symlinkSync(join(ROOT, 'migrations-pg'), join(root, 'migrations-pg'));
    symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'));
    const dir = tempDir();
    const ok = runNode(join(root, 'dist', 'crl.cjs'), ['--data-dir', dir, ...rec('success', '--json')]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(json(ok)).toMatchObject({ status: 'inserted', q_value: 1, n_visits: 1 });
    // A value only zod can judge goes to the full CLI, which is missing here.
    const bad = runNode(join(root, 'dist', 'crl.cjs'), ['--data-dir', dir, ...rec('success', '--quality', '2')]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/crl\.mjs/);
  });

  it('the bundle is small: no zod, no library, no other service', () => {
    const text = readFileSync(RECORD_BUNDLE, 'utf8');
    expect(text).not.toMatch(/zod/i); // zod keeps its `_zod` properties even when minified
    expect(text.length).toBeLessThan(250_000); // the whole library bundle is about 800 KB
    // Messages of other services and of the config schema (string literals survive minification).
    for (const other of ['Input file not found', 'Unknown variant', 'No Python CRL files', 'Benchmark gate failed', 'while this decision was made', 'every key with its default']) {
      expect(text, other).not.toContain(other);
    }
  });

  it.each([
    { name: 'quality out of range', extra: ['--quality', '2'] },
    { name: 'a date that is not one', extra: ['--at', 'not-a-date'] },
    { name: 'a day that does not exist', extra: ['--at', '2024-02-30T00:00:00Z'] },
    { name: 'an empty id', extra: ['--id', ''] },
    { name: 'a reward that is not a number', extra: ['--reward', 'abc'] },
    { name: 'an unknown option', extra: ['--colour', 'red'] },
  ])('$name: exit 2 with the full CLI message, nothing written', ({ extra }) => {
    const dir = tempDir();
    const args = rec('success', ...extra);
    const a = runCli(args, { dataDir: dir });
    const b = fullCli(['--data-dir', dir, ...args]);
    expect(a.code).toBe(2);
    expect(a.stderr).toBe(b.stderr);
    expect(a.stdout).toBe(b.stdout);
    expect(qTable(dir)).toEqual([]);
  });

  it('a valid line in an unusual form goes to the full CLI and is stored as it stores it', () => {
    const dir = tempDir();
    const r = runCli(rec('success', '--id', 'tz', '--at', '2026-03-01T12:00:00+02:00', '--json'), { dataDir: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(json(r)).toMatchObject({ invocation_id: 'tz', status: 'inserted', n_visits: 1 });
    const again = fullCli(['--data-dir', dir, ...rec('success', '--id', 'tz', '--at', '2026-03-01T10:00:00.000Z', '--json')]);
    expect(json(again)).toMatchObject({ invocation_id: 'tz', status: 'duplicate' });
  });

  it('record --help is the full CLI help', () => {
    const a = runCli(['record', '--help']);
    expect(a.code).toBe(0);
    expect(a.stdout).toMatch(/Usage: crl record \[options\]/);
    expect(a.stdout).toMatch(/Global Options:[\s\S]*--data-dir <dir>[\s\S]*--config <file>/);
    expect(a.stdout).toMatch(/Examples:\n\s+\$ crl record/);
    expect(a.stdout).toBe(fullCli(['record', '--help']).stdout);
  });

  it('a missing required option: exit 2 with the full CLI message', () => {
    const args = ['record', '--agent', 'a', '--task', 't', '--outcome', 'success'];
    const a = runCli(args, { dataDir: tempDir() });
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/--variant/);
    expect(a.stderr).toBe(fullCli(['--data-dir', tempDir(), ...args]).stderr);
  });

  it('honours a config file given by --config, --config=, or CRL_CONFIG (learning.alpha changes the Q)', () => {
    const cfg = join(tempDir(), 'crl.json');
    writeFileSync(cfg, JSON.stringify({ learning: { alpha: 0.9 } }));
    // success then failure: with α = max(1/n, alpha), n = 2 gives Q = 1 − 0.9 = 0.1 (defaults: 0.5).
    const twice = (globals: string[], env?: Record<string, string>) => {
      const dir = tempDir();
      const e = { ...backendEnv(dir), ...env };
      expect(runCli([...globals, '--data-dir', dir, ...rec('success')], { env: e }).code).toBe(0);
      return json<{ q_value: number }>(runCli([...globals, '--data-dir', dir, ...rec('failure', '--json')], { env: e })).q_value;
    };
    expect(twice([])).toBeCloseTo(0.5, 10);
    expect(twice(['--config', cfg])).toBeCloseTo(0.1, 10);
    expect(twice([`--config=${cfg}`])).toBeCloseTo(0.1, 10);
    expect(twice([], { CRL_CONFIG: cfg })).toBeCloseTo(0.1, 10);
    const typo = join(tempDir(), 'typo.json');
    writeFileSync(typo, JSON.stringify({ learning: { alpah: 0.9 } }));
    const dir = tempDir();
    const bad = runCli(['--config', typo, '--data-dir', dir, ...rec('success')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/alpah/);
  });

  it('global options before the command, in both spellings, and after it', () => {
    const dir = tempDir();
    for (const args of [
      ['--data-dir', dir, ...rec('success', '--id', 'a')],
      [`--data-dir=${dir}`, ...rec('success', '--id', 'b')],
      [...rec('success', '--id', 'c'), '--data-dir', dir],
    ]) {
      const r = runCli([...args, '--json'], { env: backendEnv(dir) });
      expect(r.code, r.stderr).toBe(0);
    }
    expect(qTable(dir)).toEqual([expect.objectContaining({ n_visits: 3 })]);
    const env = runCli([...rec('success', '--id', 'd'), '--json'], { env: { CRL_DATA_DIR: dir, ...backendEnv(dir) } });
    expect(json(env)).toMatchObject({ n_visits: 4 });
  });

  it('--database-url goes to that database, in every position: never silently to the SQLite file', () => {
    const url = 'postgres://nobody:secret@127.0.0.1:1/x';
    const masked = 'postgres://nobody:***@127.0.0.1:1/x';
    for (const globals of [['--database-url', url], [`--database-url=${url}`]]) {
      const dir = tempDir();
      const r = runCli([...globals, '--data-dir', dir, ...rec('success', '--json')], { env: { CRL_DATABASE_URL: undefined } });
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toContain(`Cannot connect to PostgreSQL at ${masked}`);
      expect(r.stderr).toMatch(/^hint: /m);
      expect(`${r.stdout}${r.stderr}`).not.toContain('secret');
      expect(existsSync(join(dir, 'crl.db')), 'no SQLite file').toBe(false);
      expect(readdirSync(dir)).toEqual([]);
      // The same message as the full CLI's.
      expect(r.stderr).toBe(fullCli([...globals, '--data-dir', dir, ...rec('success', '--json')], { CRL_DATABASE_URL: undefined }).stderr);
    }
    // After the command, and from CRL_DATABASE_URL.
    for (const [args, env] of [
      [[...rec('success'), '--database-url', url], {}],
      [rec('success'), { CRL_DATABASE_URL: url }],
    ] as const) {
      const dir = tempDir();
      const r = runCli(['--data-dir', dir, ...args], { env: { CRL_DATABASE_URL: undefined, ...env } });
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toContain(masked);
      expect(`${r.stdout}${r.stderr}`).not.toContain('secret');
      expect(existsSync(join(dir, 'crl.db'))).toBe(false);
    }
  });

  it('--database-url of another scheme: exit 2 naming the option, nothing written', () => {
    const dir = tempDir();
    const r = runCli(['--database-url', 'mysql://root:secret@db/crl', '--data-dir', dir, ...rec('success')], { env: { CRL_DATABASE_URL: undefined } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--database-url must be a PostgreSQL URL/);
    expect(`${r.stdout}${r.stderr}`).not.toContain('secret');
    expect(existsSync(join(dir, 'crl.db'))).toBe(false);
  });
});
