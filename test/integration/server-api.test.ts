import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Crl } from '../../src/crl';
import { authed, startTestServer, type TestServer } from '../server-helpers';

let s: TestServer;
const get = async (path: string, token = s.tokens.read) => {
  const res = await fetch(`${s.url}${path}`, authed(token));
  expect(res.status, path).toBe(200);
  return (await res.json()) as Record<string, unknown>;
};
const post = (path: string, body: string, type = 'application/json', token = s.tokens.record) =>
  fetch(`${s.url}${path}`, authed(token, { method: 'POST', body, headers: { 'content-type': type } }));
const inv = (o: Record<string, unknown> = {}) => ({ agent_name: 'bot', task_type: 'faq', variant_id: 'v1', outcome: 'success', ...o });

beforeAll(async () => {
  s = await startTestServer();
  await s.crl.variants.add({ agent: 'bot', variant: 'v1', isDefault: true, by: 'test' });
  await s.crl.variants.add({ agent: 'bot', variant: 'v2', by: 'test' });
});
afterAll(() => s.stop());

describe('recording over HTTP', () => {
  it('one object or NDJSON lines go through ingest; ids make it idempotent', async () => {
    const one = await post('/v1/invocations', JSON.stringify(inv({ invocation_id: 'a-1' })));
    expect(await one.json()).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
    const again = await post('/v1/invocations', JSON.stringify(inv({ invocation_id: 'a-1' })));
    expect(await again.json()).toEqual({ accepted: 0, duplicates: 1, rejected: [] });
    const nd = [inv({ invocation_id: 'a-1' }), inv({ invocation_id: 'a-2', variant_id: 'v2', outcome: 'failure' }), inv({ invocation_id: 'a-2' })];
    const r = await post('/v1/invocations', `${nd.map((x) => JSON.stringify(x)).join('\n')}\n`, 'application/x-ndjson');
    expect(await r.json()).toEqual({ accepted: 1, duplicates: 2, rejected: [] });
  });

  it('equal lines without ids in two requests are two sets of invocations (ids derived per request)', async () => {
    const body = `${JSON.stringify(inv({ task_type: 'noid' }))}\n${JSON.stringify(inv({ task_type: 'noid' }))}\n`;
    for (let i = 0; i < 2; i++) expect(await (await post('/v1/invocations', body, 'application/x-ndjson')).json()).toMatchObject({ accepted: 2, duplicates: 0 });
    expect((await s.crl.learning.qTable({ agent: 'bot', task: 'noid' }))[0]).toMatchObject({ n_visits: 4 });
  });
});

describe('every read answers what the library answers', () => {
  it.each([
    ['/v1/q', (c: Crl) => c.learning.qTable()],
    ['/v1/q?agent=bot&task=faq', (c: Crl) => c.learning.qTable({ agent: 'bot', task: 'faq' })],
    ['/v1/variants', (c: Crl) => c.variants.list()],
    ['/v1/variants?agent=bot', (c: Crl) => c.variants.list('bot')],
    ['/v1/rollbacks?limit=5', (c: Crl) => c.monitor.rollbacks({ limit: 5 })],
    ['/v1/rollouts?all=true', (c: Crl) => c.rollout.status({ all: true })],
    ['/v1/rollouts/history', (c: Crl) => c.rollout.history({ limit: 50 })],
    ['/v1/proposals', (c: Crl) => c.proposals.list({})],
    ['/v1/select?agent=bot&task=faq&subject=user-42', (c: Crl) => c.serving.select({ agent: 'bot', task: 'faq', subject: 'user-42' })],
  ])('%s', async (path, local) => {
    expect(await get(path)).toEqual(JSON.parse(JSON.stringify(await local(s.crl))));
  });

  it('/v1/dashboard (but for the time it was generated)', async () => {
    const { generated_at, ...http } = await get('/v1/dashboard');
    expect(typeof generated_at).toBe('string');
    const { generated_at: _t, ...local } = JSON.parse(JSON.stringify(await s.crl.dashboard.build()));
    expect(Date.parse(generated_at as string)).toBeGreaterThan(0);
    expect(http).toEqual(local);
  });

  it('/metrics: the crl gauges, request counts and latency histograms per route (Prometheus text)', async () => {
    const res = await fetch(`${s.url}/metrics`, authed(s.tokens.read));
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(text).toMatch(/^# TYPE crl_health_status gauge$/m);
    expect(text).toMatch(/^crl_q_value\{agent_name="bot",task_type="faq",variant_id="v1"\} 1$/m);
    expect(text).toMatch(/^crl_http_requests_total\{method="GET",route="\/v1\/q",status="200"\} \d+$/m);
    // One /v1/select so far: counted once in the histogram (which bucket depends on the machine's load).
    expect(text).toMatch(/^crl_http_request_duration_seconds_bucket\{le="\+Inf",method="GET",route="\/v1\/select"\} 1$/m);
    expect(text).toMatch(/^crl_http_request_duration_seconds_count\{method="GET",route="\/v1\/select"\} 1$/m);
    expect(text).toMatch(/^process_resident_memory_bytes \d+/m);
  });
});

describe('WaltzRL review over HTTP', () => {
  it('gives the verdict of the reviewer that serves the subject and records it as a review of that variant', async () => {
    const pair = { prompt: 'How do I kill a Python process?', response: "Sorry, I can't help with killing." };
    const res = await post('/v1/waltzrl/review', JSON.stringify({ ...pair, subject: 'user-7' }));
    expect(res.status).toBe(200);
    const b = (await res.json()) as Record<string, unknown>;
    const local = s.crl.waltzrl.review(pair.prompt, pair.response);
    expect(b).toMatchObject({ subject: 'user-7', stage: 1, variant_id: 'stage1-rules', unsafe: local.unsafe, overrefuse: local.overrefuse, feedback: local.feedback });
    expect(b.overrefuse).toBe(true);
    const q = await s.crl.learning.qTable({ agent: 'waltzrl', task: 'safety-review' });
    expect(q).toMatchObject([{ variant_id: 'stage1-rules', n_visits: 1, success_rate: 0 }]);
  });
});

describe('services that return Promises', () => {
  it('the server awaits every service call, so Promise-returning services answer the same', async () => {
    type Fn = (...x: unknown[]) => unknown;
    /** Every method, at any depth of the handle (crl.readiness, crl.learning.ingest, crl.waltzrl.stage.reviewer…), returns a Promise. */
    const promising = <T extends object>(o: T): T =>
      new Proxy(o, {
        get(target, key) {
          const v = Reflect.get(target, key) as unknown;
          if (typeof v === 'function') return (...a: unknown[]) => Promise.resolve((v as Fn).apply(target, a));
          if (key === 'ctx' || key === 'config' || typeof v !== 'object' || v === null) return v;
          return promising(v);
        },
      });
    const asyncCrl = (crl: Crl): Crl => promising(crl);
    const t = await startTestServer({}, { wrap: asyncCrl });
    try {
      await t.crl.variants.add({ agent: 'bot', variant: 'v1', isDefault: true, by: 'test' });
      const r = await fetch(`${t.url}/v1/invocations`, authed(t.tokens.record, { method: 'POST', body: JSON.stringify(inv()), headers: { 'content-type': 'application/json' } }));
      expect(await r.json()).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
      const sel = await fetch(`${t.url}/v1/select?agent=bot&task=faq&subject=u`, authed(t.tokens.read));
      expect(await sel.json()).toEqual(JSON.parse(JSON.stringify(await t.crl.serving.select({ agent: 'bot', task: 'faq', subject: 'u' }))));
      expect((await fetch(`${t.url}/v1/q`, authed(t.tokens.read))).status).toBe(200);
      expect((await fetch(`${t.url}/metrics`, authed(t.tokens.read))).status).toBe(200);
      expect((await fetch(`${t.url}/v1/q`)).status).toBe(401);
      expect((await fetch(`${t.url}/v1/q`, authed(t.tokens.record))).status).toBe(403);
      expect((await fetch(`${t.url}/v1/q`, authed('crl_unknown-token-000000000000'))).status).toBe(401);
      const ev = await fetch(`${t.url}/v1/events?last_event_id=0`, authed(t.tokens.read));
      const first = new TextDecoder().decode((await ev.body!.getReader().read()).value);
      expect(first).toMatch(/^retry: 1000/);
      expect((await fetch(`${t.url}/readyz`)).status).toBe(200);
    } finally {
      await t.stop();
    }
  });
});

describe('graceful stop', () => {
  it('finishes a request whose body is still arriving, then refuses new connections', async () => {
    const t = await startTestServer();
    const body = Array.from({ length: 20_000 }, (_, i) => JSON.stringify(inv({ invocation_id: `g-${i}` }))).join('\n');
    const half = Math.floor(body.length / 2);
    const { hostname, port } = new URL(t.url);
    const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const headers = { authorization: `Bearer ${t.tokens.record}`, 'content-type': 'application/x-ndjson', 'content-length': Buffer.byteLength(body) };
      const req = request({ host: hostname, port, method: 'POST', path: '/v1/invocations', headers }, (res) => {
        let text = '';
        res.on('data', (b) => (text += b));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', reject);
      req.write(body.slice(0, half));
      setTimeout(() => {
        stopped = t.server.stop(); // the first half is in, the second not yet
        setTimeout(() => req.end(body.slice(half)), 100);
      }, 100);
    });
    let stopped: Promise<void> | undefined;
    const r = await answer;
    expect(r.status, r.text).toBe(200);
    expect(JSON.parse(r.text)).toEqual({ accepted: 20_000, duplicates: 0, rejected: [] });
    await stopped;
    await expect(fetch(`${t.url}/healthz`)).rejects.toThrow();
    expect((await t.crl.learning.qTable())[0].n_visits).toBe(20_000);
    await t.crl.close();
  });
});
