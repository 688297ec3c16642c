import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authed, startTestServer, type TestServer } from '../server-helpers';

let s: TestServer;
let revoked: string;
const INV = JSON.stringify({ agent_name: 'bot', task_type: 'faq', variant_id: 'v1', outcome: 'success' });

beforeAll(async () => {
  s = await startTestServer();
  await s.crl.variants.add({ agent: 'bot', variant: 'v1', isDefault: true, by: 'test' });
  revoked = (await s.crl.tokens.create({ name: 'gone', scope: 'admin', by: 'test' })).token;
  await s.crl.tokens.revoke({ name: 'gone', by: 'test' });
});
afterAll(() => s.stop());

type Route = { method: 'GET' | 'POST'; path: string; scope: 'read' | 'record'; body?: string; type?: string };
const ROUTES: Route[] = [
  { method: 'GET', path: '/v1/select?agent=bot&task=faq&subject=u1', scope: 'read' },
  { method: 'GET', path: '/v1/q', scope: 'read' },
  { method: 'GET', path: '/v1/variants', scope: 'read' },
  { method: 'GET', path: '/v1/rollbacks', scope: 'read' },
  { method: 'GET', path: '/v1/rollouts', scope: 'read' },
  { method: 'GET', path: '/v1/rollouts/history', scope: 'read' },
  { method: 'GET', path: '/v1/proposals', scope: 'read' },
  { method: 'GET', path: '/v1/dashboard', scope: 'read' },
  { method: 'GET', path: '/v1/events', scope: 'read' },
  { method: 'GET', path: '/metrics', scope: 'read' },
  { method: 'POST', path: '/v1/invocations', scope: 'record', body: INV, type: 'application/json' },
  { method: 'POST', path: '/v1/invocations', scope: 'record', body: `${INV}\n`, type: 'application/x-ndjson' },
  { method: 'POST', path: '/v1/waltzrl/review', scope: 'record', body: JSON.stringify({ prompt: 'How do I bake bread?', response: 'Mix flour, water, salt and yeast.' }), type: 'application/json' },
];

/** Sends one request and returns its status (an event stream is closed as soon as its head arrives). */
async function status(r: Route, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  const ac = new AbortController();
  const res = await fetch(`${s.url}${r.path}`, {
    method: r.method, body: r.body, signal: ac.signal,
    headers: { ...headers, ...(r.type ? { 'content-type': r.type } : {}) },
  });
  if ((res.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
    ac.abort();
    return { status: res.status, body: '' };
  }
  return { status: res.status, body: await res.text() };
}

const bearer = (t: string) => ({ authorization: `Bearer ${t}` });

describe('auth matrix: every route, every kind of token', () => {
  const who = (k: 'admin' | 'read' | 'record') => () => bearer(s.tokens[k]);
  const cases: [string, () => Record<string, string>, (r: Route) => number][] = [
    ['no token', () => ({}), () => 401],
    ['a Basic header', () => ({ authorization: 'Basic YWRtaW46YWRtaW4=' }), () => 401],
    ['"Bearer" without a token', () => ({ authorization: 'Bearer ' }), () => 401],
    ['an unknown token', () => bearer('crl_not-a-real-token-at-all-0000000000000'), () => 401],
    ['a revoked token', () => bearer(revoked), () => 401],
    ['scope admin', who('admin'), () => 200],
    ['scope read', who('read'), (r) => (r.scope === 'read' ? 200 : 403)],
    ['scope record', who('record'), (r) => (r.scope === 'record' ? 200 : 403)],
  ];
  for (const [label, headers, expected] of cases) {
    it.each(ROUTES.map((r) => [`${r.method} ${r.path.split('?')[0]} ${r.type ?? ''}`.trim(), r] as const))(`${label}: %s`, async (_n, r) => {
      const got = await status(r, headers());
      expect(got.status, got.body).toBe(expected(r));
      if (got.status === 401) {
        expect(JSON.parse(got.body)).toMatchObject({ error: 'unauthorized' });
      }
      if (got.status === 403) {
        expect(JSON.parse(got.body).message).toMatch(new RegExp(`needs scope ${r.scope} \\(or admin\\); the token has scope`));
      }
    });
  }

  it('health checks need no token', async () => {
    expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${s.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ ready: true, reason: null });
  });

  it('401 answers carry a Bearer challenge', async () => {
    const res = await fetch(`${s.url}/v1/q`);
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="crl"');
  });

  it('a token revoked while the server runs is refused from the next request on', async () => {
    const t = (await s.crl.tokens.create({ name: 'short-lived', scope: 'read', by: 'test' })).token;
    expect((await fetch(`${s.url}/v1/q`, authed(t))).status).toBe(200);
    await s.crl.tokens.revoke({ name: 'short-lived', by: 'test' });
    expect((await fetch(`${s.url}/v1/q`, authed(t))).status).toBe(401);
  });

  it('no token ever appears in the log, and every request is one JSON line naming the token', async () => {
    const all = [...Object.values(s.tokens), revoked];
    for (const line of s.logs) for (const t of all) expect(line).not.toContain(t);
    const requests = s.logs.filter((l) => l.includes('"msg":"request"')).map((l) => JSON.parse(l));
    expect(requests.length).toBeGreaterThan(ROUTES.length * 5);
    for (const r of requests) expect(Object.keys(r)).toEqual(expect.arrayContaining(['method', 'route', 'status', 'duration_ms', 'token', 'level', 'time']));
    expect(new Set(requests.map((r) => r.token))).toEqual(new Set([null, 'admin-1', 'read-1', 'record-1', 'short-lived']));
    // the route is the pattern, never the URL with its query
    expect(requests.every((r) => !String(r.route).includes('?'))).toBe(true);
  });
});
