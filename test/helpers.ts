import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { openContext, type OpenCrlOptions } from '../src/context';
import { openCrl } from '../src/crl';
import { backendEnv, bindDataDir, databaseUrlOf } from './backend';

/** The repository root (under vitest, and when a script imports this file as ESM through tsx). */
export const ROOT = resolve(typeof __dirname === 'string' ? __dirname : dirname(new URL(import.meta.url).pathname), '..');
export const CLI = join(ROOT, 'dist', 'crl.cjs');

/**
 * A fresh temporary directory, used as a data dir: a real SQLite file with WAL, or on the postgres test
 * project a database of its own on the test server (`sharedWith`: the database of another data dir, as a
 * second host of the same installation).
 */
export function tempDir(prefix = 'crl-test-', sharedWith?: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  bindDataDir(dir, sharedWith);
  return dir;
}

/** openCrl on a test data dir, on the backend of the test run. */
export const openTestCrl = (opts: OpenCrlOptions = {}) => openCrl({ databaseUrl: databaseUrlOf(opts.dataDir), ...opts });

/** openContext on a test data dir, on the backend of the test run. */
export const openTestContext = (opts: OpenCrlOptions = {}) => openContext({ databaseUrl: databaseUrlOf(opts.dataDir), ...opts });

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

function assertBuilt(): void {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` (npm test does it first).`);
}

/** Runs the built CLI as a subprocess and waits for it. */
export function runCli(args: string[], opts: { dataDir?: string; input?: string; env?: Record<string, string | undefined>; timeoutMs?: number } = {}): CliResult {
  assertBuilt();
  const full = opts.dataDir ? ['--data-dir', opts.dataDir, ...args] : args;
  const r = spawnSync(process.execPath, [CLI, ...full], {
    input: opts.input,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', CRL_DATA_DIR: undefined, CRL_CONFIG: undefined, ...backendEnv(opts.dataDir), ...opts.env },
    timeout: opts.timeoutMs ?? 60_000,
    cwd: opts.dataDir ?? ROOT,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Starts the built CLI without waiting (for concurrency and kill tests). */
export function spawnCli(args: string[], opts: { dataDir?: string; env?: Record<string, string | undefined> } = {}) {
  assertBuilt();
  const full = opts.dataDir ? ['--data-dir', opts.dataDir, ...args] : args;
  return spawn(process.execPath, [CLI, ...full], {
    env: { ...process.env, NO_COLOR: '1', CRL_DATA_DIR: undefined, CRL_CONFIG: undefined, ...backendEnv(opts.dataDir), ...opts.env },
    cwd: opts.dataDir ?? ROOT,
  });
}

/**
 * Runs the built CLI without blocking this process and resolves with its result: for tests whose test double
 * (a fake model or guard server) lives in this process and must keep answering while the CLI runs.
 */
export function runCliAsync(args: string[], opts: { dataDir?: string; env?: Record<string, string | undefined> } = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    const p = spawnCli(args, opts);
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** Parses CLI stdout as JSON with a helpful failure message. */
export function json<T = unknown>(r: CliResult): T {
  try {
    return JSON.parse(r.stdout) as T;
  } catch {
    throw new Error(`stdout is not JSON (exit ${r.code}):\n${r.stdout}\nstderr:\n${r.stderr}`);
  }
}
