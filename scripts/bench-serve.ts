/**
 * `npm run bench -- --serve`: the HTTP API of `crl serve` over loopback, against the same machine's `crl ingest`.
 *
 *   1. GET /v1/select: 32 concurrent keep-alive clients (node:http Agent) for 10 s, each asking for a fresh subject;
 *      p50 / p99 / max latency and requests per second. Goal: p99 < 10 ms.
 *   2. POST /v1/invocations: N lines in NDJSON batches of 1,000 (4 requests in flight), invocations per second,
 *      next to `crl ingest` of the same lines (a file, whole process) in a fresh data dir. Goal: ≥ 50 %. Two shapes:
 *      per-agent batches (a batch is one agent's: 7 task types × 3 variants, as an agent host flushes its buffer)
 *      and fleet-wide batches (consecutive lines on different tuples: a batch touches ~1,000 of 1,050 tuples).
 *   3. GET /v1/select again, while one client posts batches without pause: what a batch costs the others.
 *   --tiny: 1 s and 5,000 lines (the test suite's smoke run; figures mean nothing).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

export interface ServeBenchOptions {
  cli: string;
  tmp: string;
  tiny: boolean;
  keep: boolean;
  log: (line: string) => void;
}

const GOALS = { selectP99Ms: 10, batchRatio: 0.5 };
const CLIENTS = 32;

const quantile = (sorted: number[], q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : NaN);
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

function run(cli: string, args: string[], input?: string): Promise<{ code: number; stdout: string; stderr: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const c = spawn(process.execPath, [cli, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    c.stdout.on('data', (b) => (stdout += b));
    c.stderr.on('data', (b) => (stderr += b));
    c.on('error', reject);
    c.on('exit', (code) => resolve({ code: code ?? -1, stdout, stderr, ms: performance.now() - t0 }));
    c.stdin.end(input ?? '');
  });
}

async function ok(cli: string, args: string[], input?: string): Promise<{ stdout: string; ms: number }> {
  const r = await run(cli, args, input);
  if (r.code !== 0) throw new Error(`crl ${args.join(' ')} exited ${r.code}: ${r.stderr.slice(0, 2000)}`);
  return r;
}

function startServe(cli: string, dataDir: string): Promise<{ child: ChildProcess; host: string; port: number }> {
  const child = spawn(process.execPath, [cli, '--data-dir', dataDir, 'serve', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  let err = '';
  child.stderr!.on('data', (b) => (err = (err + b).slice(-65_536))); // the request log: keep its end only
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (b) => {
      out += b;
      const m = /listening on http:\/\/([^:]+):(\d+)/.exec(out);
      if (m) resolve({ child, host: m[1], port: Number(m[2]) });
    });
    child.on('exit', (code) => reject(new Error(`crl serve exited ${code}: ${err.slice(0, 2000)}`)));
  });
}

/** One request on the keep-alive agent; resolves with status and body. */
function call(agent: Agent, host: string, port: number, method: string, path: string, headers: Record<string, string>, body?: Buffer): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ agent, host, port, method, path, headers: body ? { ...headers, 'content-length': String(body.length) } : headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (b: Buffer) => chunks.push(b));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

type Shape = 'per-agent' | 'fleet-wide';
/** The i-th line: 50 agents × 7 task types × 3 variants; per-agent lines change agent every 1,000 lines. */
const line = (i: number, tag: string, shape: Shape = 'fleet-wide') =>
  JSON.stringify({
    invocation_id: `${tag}-${String(i).padStart(9, '0')}`, agent_name: `agent-${shape === 'per-agent' ? Math.floor(i / 1000) % 50 : i % 50}`,
    task_type: `task-${i % 7}`, variant_id: `v${i % 3}`, outcome: i % 9 ? 'success' : 'failure', quality_score: 0.8, duration_ms: 1200 + (i % 500),
  });

/** Select latency with `clients` keep-alive clients for `seconds`; `alongside` runs meanwhile (e.g. batches). */
async function selectLoad(t: { host: string; port: number; token: string }, clients: number, seconds: number, alongside?: (until: number) => Promise<unknown>, path?: string) {
  const agent = new Agent({ keepAlive: true, maxSockets: clients + 4 });
  const headers = { authorization: `Bearer ${t.token}` };
  const lat: number[] = [];
  let errors = 0;
  const until = performance.now() + seconds * 1000;
  let n = 0;
  const worker = async () => {
    while (performance.now() < until) {
      const t0 = performance.now();
      const r = await call(agent, t.host, t.port, 'GET', path ?? `/v1/select?agent=bench-agent&task=faq&subject=user-${n++}`, headers);
      lat.push(performance.now() - t0);
      if (r.status !== 200) errors++;
    }
  };
  const t0 = performance.now();
  await Promise.all([...Array.from({ length: clients }, worker), alongside?.(until)]);
  const wall = (performance.now() - t0) / 1000;
  agent.destroy();
  lat.sort((a, b) => a - b);
  return { requests: lat.length, errors, requests_per_s: Math.round(lat.length / wall), p50_ms: round(quantile(lat, 0.5)), p99_ms: round(quantile(lat, 0.99)), max_ms: round(lat.at(-1) ?? NaN) };
}

/** Posts `lines` in batches of `size`, `inFlight` requests at a time. */
async function postBatches(t: { host: string; port: number; token: string }, lines: string[], size: number, inFlight: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: inFlight });
  const headers = { authorization: `Bearer ${t.token}`, 'content-type': 'application/x-ndjson' };
  const bodies: Buffer[] = [];
  for (let i = 0; i < lines.length; i += size) bodies.push(Buffer.from(`${lines.slice(i, i + size).join('\n')}\n`));
  let next = 0;
  let accepted = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: inFlight }, async () => {
    while (next < bodies.length) {
      const r = await call(agent, t.host, t.port, 'POST', '/v1/invocations', headers, bodies[next++]);
      if (r.status !== 200) throw new Error(`POST /v1/invocations: ${r.status} ${r.body.slice(0, 500)}`);
      accepted += (JSON.parse(r.body) as { accepted: number }).accepted;
    }
  }));
  const s = (performance.now() - t0) / 1000;
  agent.destroy();
  return { accepted, wall_s: round(s, 3), per_s: Math.round(accepted / s) };
}

export async function benchServe(o: ServeBenchOptions) {
  const dir = mkdtempSync(join(o.tmp, 'crl-bench-serve-'));
  const seconds = o.tiny ? 1 : 10;
  const lines = o.tiny ? 5_000 : 100_000;
  const data = join(dir, 'served');
  const cli = (args: string[], input?: string) => ok(o.cli, ['--data-dir', data, ...args], input);
  await cli(['variant', 'add', 'bench-agent', 'v1', '--default']);
  for (const v of ['v2', 'v3']) await cli(['variant', 'add', 'bench-agent', v]);
  const seed = Array.from({ length: 3_000 }, (_, i) =>
    JSON.stringify({ invocation_id: `seed-${i}`, agent_name: 'bench-agent', task_type: 'faq', variant_id: `v${1 + (i % 3)}`, outcome: i % 5 ? 'success' : 'failure' }),
  );
  await cli(['ingest', '-'], seed.join('\n'));
  const token = (JSON.parse((await cli(['token', 'create', '--name', 'bench', '--scope', 'admin', '--json'])).stdout) as { token: string }).token;
  const srv = await startServe(o.cli, data);
  const t = { host: srv.host, port: srv.port, token };
  try {
    o.log(`select: ${CLIENTS} keep-alive clients for ${seconds} s`);
    await selectLoad(t, 4, 0.5); // warm-up
    const select = await selectLoad(t, CLIENTS, seconds);
    o.log(`  p50 ${select.p50_ms} ms, p99 ${select.p99_ms} ms, ${select.requests_per_s} req/s`);
    const floor = await selectLoad(t, CLIENTS, Math.max(1, seconds / 3), undefined, '/healthz');
    o.log(`  GET /healthz (no token, no store: the floor here): p50 ${floor.p50_ms} ms, p99 ${floor.p99_ms} ms, ${floor.requests_per_s} req/s`);
    const one = await selectLoad(t, 1, Math.max(1, seconds / 3));
    o.log(`  one client: p50 ${one.p50_ms} ms, p99 ${one.p99_ms} ms, ${one.requests_per_s} req/s`);
    const shapes: Record<Shape, { http: Awaited<ReturnType<typeof postBatches>>; direct: { wall_s: number; per_s: number }; ratio: number }> = {} as never;
    for (const shape of ['per-agent', 'fleet-wide'] as Shape[]) {
      const all = Array.from({ length: lines }, (_, i) => line(i, shape, shape));
      o.log(`batches (${shape}): ${lines} invocations in batches of 1,000 over HTTP`);
      const http = await postBatches(t, all, 1000, 4);
      const file = join(dir, `${shape}.jsonl`);
      writeFileSync(file, `${all.join('\n')}\n`);
      const direct = await ok(o.cli, ['--data-dir', join(dir, `direct-${shape}`), 'ingest', file, '--json']);
      const perS = Math.round(lines / (direct.ms / 1000));
      shapes[shape] = { http, direct: { wall_s: round(direct.ms / 1000, 3), per_s: perS }, ratio: round(http.per_s / perS, 3) };
      o.log(`  ${http.per_s} invocations/s; crl ingest of the same lines ${perS} invocations/s (whole process)`);
    }
    o.log(`select while one client posts batches without pause, ${seconds} s`);
    let posted = 0;
    const during = await selectLoad(t, CLIENTS, seconds, async (until) => {
      let i = 0;
      while (performance.now() < until) {
        const r = await postBatches(t, Array.from({ length: 1000 }, (_, k) => line(i * 1000 + k, 'load', 'per-agent')), 1000, 1);
        i++;
        posted += r.accepted;
      }
    });
    o.log(`  p50 ${during.p50_ms} ms, p99 ${during.p99_ms} ms (${posted} invocations posted meanwhile)`);
    const batchGoal = (shape: Shape) => {
      const x = shapes[shape];
      const value = `${Math.round(x.ratio * 100)}% (${x.http.per_s} vs ${x.direct.per_s} invocations/s)`;
      return { name: `batches, ${shape}`, goal: `≥ ${GOALS.batchRatio * 100}%`, value, met: x.ratio >= GOALS.batchRatio };
    };
    const goals = [
      { name: 'GET /v1/select p99', goal: `< ${GOALS.selectP99Ms} ms`, value: `${select.p99_ms} ms (p50 ${select.p50_ms} ms, ${select.requests_per_s} req/s)`, met: select.p99_ms < GOALS.selectP99Ms },
      batchGoal('per-agent'),
      batchGoal('fleet-wide'),
    ];
    return {
      mode: o.tiny ? 'serve-tiny' : 'serve', clients: CLIENTS, seconds, select, select_one_client: one, healthz_floor: floor, select_during_batches: { ...during, invocations_posted: posted },
      batches: { lines, batch_size: 1000, in_flight: 4, shapes }, goals,
    };
  } finally {
    srv.child.kill('SIGTERM');
    await new Promise((r) => srv.child.once('exit', r));
    if (!o.keep) rmSync(dir, { recursive: true, force: true });
  }
}

export function serveTable(r: Awaited<ReturnType<typeof benchServe>>): string {
  const d = r.select_during_batches;
  const out = [
    `crl serve bench (${r.mode}): ${r.clients} keep-alive clients over loopback for ${r.seconds} s`,
    '',
    `GET /v1/select              p50 ${r.select.p50_ms} ms   p99 ${r.select.p99_ms} ms   max ${r.select.max_ms} ms   ${r.select.requests_per_s} req/s   errors ${r.select.errors}`,
    `  … one client              p50 ${r.select_one_client.p50_ms} ms   p99 ${r.select_one_client.p99_ms} ms   ${r.select_one_client.requests_per_s} req/s`,
    `GET /healthz (the floor)    p50 ${r.healthz_floor.p50_ms} ms   p99 ${r.healthz_floor.p99_ms} ms   ${r.healthz_floor.requests_per_s} req/s (no token, no store)`,
    `  … while batches arrive    p50 ${d.p50_ms} ms   p99 ${d.p99_ms} ms   max ${d.max_ms} ms   ${d.requests_per_s} req/s`,
    ...Object.entries(r.batches.shapes).flatMap(([shape, x]) => [
      `POST /v1/invocations        ${x.http.per_s} invocations/s, ${shape} (${r.batches.lines} in batches of ${r.batches.batch_size}, ${r.batches.in_flight} in flight, ${x.http.wall_s} s)`,
      `  crl ingest, same lines    ${x.direct.per_s} invocations/s (whole process, ${x.direct.wall_s} s)`,
    ]),
    '',
    'Goals',
    ...r.goals.map((g) => `  ${g.name.padEnd(24)} ${g.goal.padStart(8)}  ${g.value.padEnd(52)} ${g.met ? 'met' : 'MISSED'}`),
  ];
  return `${out.join('\n')}\n`;
}
