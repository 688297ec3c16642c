import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import type { ConfigInput } from '../src/config/config';
import { type Crl } from '../src/crl';
import { startServer, type RunningServer } from '../src/server/serve';
import { CLI, ROOT, tempDir, openTestCrl } from './helpers';
import { backendEnv } from './backend';

export interface TestServer {
  url: string;
  crl: Crl;
  dataDir: string;
  server: RunningServer;
  /** Every JSON log line the server wrote. */
  logs: string[];
  tokens: { admin: string; read: string; record: string };
  stop(): Promise<void>;
}

/** A real `crl serve` app in this process on a temp-file data dir, listening on a free loopback port, with one token per scope. */
export async function startTestServer(config: ConfigInput = {}, o: { wrap?: (crl: Crl) => Crl } = {}): Promise<TestServer> {
  const dataDir = tempDir('crl-server-');
  const crl = await openTestCrl({ dataDir, config });
  const tokens = {
    admin: (await crl.tokens.create({ name: 'admin-1', scope: 'admin', by: 'test' })).token,
    read: (await crl.tokens.create({ name: 'read-1', scope: 'read', by: 'test' })).token,
    record: (await crl.tokens.create({ name: 'record-1', scope: 'record', by: 'test' })).token,
  };
  const logs: string[] = [];
  const server = await startServer(o.wrap ? o.wrap(crl) : crl, {
    host: '127.0.0.1', port: 0, out: () => {}, log: (l) => logs.push(l), logStream: { write: (l: string) => logs.push(l) },
  });
  return {
    url: server.url, crl, dataDir, server, logs, tokens,
    async stop() {
      await server.stop();
      await crl.close();
    },
  };
}

/** fetch with a bearer token. */
export function authed(token: string | undefined, init: RequestInit = {}): RequestInit {
  return { ...init, headers: { ...(init.headers as Record<string, string>), ...(token ? { authorization: `Bearer ${token}` } : {}) } };
}

export interface ServeProcess {
  child: ChildProcessWithoutNullStreams;
  url: string;
  stderr: () => string;
  stdout: () => string;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
}

/** Starts the built CLI's `crl serve --port 0` and waits for the address it prints on stdout. */
export function spawnServe(dataDir: string, args: string[] = [], env: Record<string, string | undefined> = {}): Promise<ServeProcess> {
  const child = spawn(process.execPath, [CLI, '--data-dir', dataDir, 'serve', '--port', '0', ...args], {
    env: { ...process.env, NO_COLOR: '1', CRL_DATA_DIR: undefined, CRL_CONFIG: undefined, ...backendEnv(dataDir), ...env }, cwd: ROOT,
  });
  let out = '';
  let err = '';
  child.stderr.on('data', (b: Buffer) => (err += b.toString()));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`crl serve did not start:\n${err}`)), 20_000);
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1], stderr: () => err, stdout: () => out, exited });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`crl serve exited ${code}:\n${err}`));
    });
  });
}

/** One invocation line of the degradation scenario (security-auditor/security-audit). */
export const auditLine = (i: number, variant: string, ok: boolean, minute: number): string =>
  JSON.stringify({
    invocation_id: `e-${variant}-${minute}-${i}`, timestamp: new Date(Date.UTC(2026, 0, 1, 0, minute, i % 60)).toISOString(),
    agent_name: 'security-auditor', task_type: 'security-audit', variant_id: variant, outcome: ok ? 'success' : 'error',
  });

/** A stable history: `base` (default) and `strict-lowtemp` at 90 % success. */
export const stableHistory = (): string =>
  [
    ...Array.from({ length: 60 }, (_, i) => auditLine(i, 'strict-lowtemp', i % 10 !== 9, 0)),
    ...Array.from({ length: 200 }, (_, i) => auditLine(i, 'base', i % 10 !== 9, 1 + Math.floor(i / 60))),
  ].join('\n');

/** 40 invocations of `base` at 50 % success: the next monitor pass rolls it back to strict-lowtemp. */
export const degradingBatch = (): string => Array.from({ length: 40 }, (_, i) => auditLine(i, 'base', i % 2 === 1, 20)).join('\n');
