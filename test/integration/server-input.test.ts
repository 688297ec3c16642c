import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../server-helpers';

let s: TestServer;
const LIMIT = 64 * 1024;
const inv = (o: Record<string, unknown> = {}) => ({ agent_name: 'bot', task_type: 'faq', variant_id: 'v1', outcome: 'success', ...o });

beforeAll(async () => {
  s = await startTestServer({ server: { body_limit_bytes: LIMIT } });
  await s.crl.variants.add({ agent: 'bot', variant: 'v1', isDefault: true, by: 'test' });
});
afterAll(() => s.stop());

type Case = [name: string, method: string, path: string, type: string | null, body: string | null, status: number, message: RegExp];
const json = 'application/json';
const nd = 'application/x-ndjson';
const lines = (...xs: unknown[]) => `${xs.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join('\n')}\n`;

const CASES: Case[] = [
  ['malformed JSON', 'POST', '/v1/invocations', json, '{"agent_name":', 400, /not valid JSON/],
  ['empty JSON body', 'POST', '/v1/invocations', json, '', 400, /empty/i],
  ['a JSON array', 'POST', '/v1/invocations', json, JSON.stringify([inv()]), 400, /one invocation object/],
  ['a JSON number', 'POST', '/v1/invocations', json, '42', 400, /one invocation object/],
  ['a missing field', 'POST', '/v1/invocations', json, JSON.stringify({ agent_name: 'bot', task_type: 'faq', variant_id: 'v1' }), 400, /line 1: outcome/],
  ['an unknown outcome', 'POST', '/v1/invocations', json, JSON.stringify(inv({ outcome: 'great' })), 400, /line 1: outcome: Invalid option/],
  ['a reward out of range', 'POST', '/v1/invocations', json, JSON.stringify(inv({ reward: 2 })), 400, /reward/],
  ['an unknown field', 'POST', '/v1/invocations', json, JSON.stringify(inv({ colour: 'blue' })), 400, /Unrecognized key: "colour"/],
  ['a bad timestamp', 'POST', '/v1/invocations', json, JSON.stringify(inv({ timestamp: '2026-02-30T00:00:00Z' })), 400, /timestamp: is not a valid date/],
  ['a bad agent name', 'POST', '/v1/invocations', json, JSON.stringify(inv({ agent_name: 'has space' })), 400, /agent_name: may use letters/],
  ['NDJSON: invalid JSON on line 3', 'POST', '/v1/invocations', nd, lines(inv(), inv(), '{oops'), 400, /line 3: invalid JSON/],
  ['NDJSON: line 2 without variant_id', 'POST', '/v1/invocations', nd, lines(inv(), { agent_name: 'bot', task_type: 'faq', outcome: 'success' }), 400, /line 2: variant_id/],
  ['an unsupported media type', 'POST', '/v1/invocations', 'text/plain', 'hello', 415, /Unsupported Media Type/i],
  ['a body over the limit', 'POST', '/v1/invocations', nd, lines(...Array.from({ length: 1000 }, (_, i) => inv({ invocation_id: `big-${i}` }))), 413, /too large/i],
  ['select without agent', 'GET', '/v1/select?task=faq', null, null, 400, /query parameter "agent"/],
  ['select with a text seed', 'GET', '/v1/select?agent=bot&task=faq&seed=abc', null, null, 400, /query parameter "seed": must be an integer/],
  ['select with a bad agent name', 'GET', '/v1/select?agent=has%20space&task=faq', null, null, 400, /agent: may use letters/],
  ['select for an agent without variants', 'GET', '/v1/select?agent=nobody&task=faq', null, null, 404, /nobody/],
  ['rollbacks with limit 0', 'GET', '/v1/rollbacks?limit=0', null, null, 400, /query parameter "limit": must be an integer ≥ 1/],
  ['rollouts with all=maybe', 'GET', '/v1/rollouts?all=maybe', null, null, 400, /query parameter "all"/],
  ['proposals with an unknown status', 'GET', '/v1/proposals?status=bogus', null, null, 400, /query parameter "status"/],
  ['q with an unknown parameter', 'GET', '/v1/q?colour=blue', null, null, 400, /unknown query parameter "colour"/],
  ['q with a repeated parameter', 'GET', '/v1/q?agent=a&agent=b', null, null, 400, /query parameter "agent": .*expected string/],
  ['events with an unknown type', 'GET', '/v1/events?types=rollback,nope', null, null, 400, /query parameter "types"/],
  ['an unknown proposal', 'GET', '/v1/proposals/prop-20260101-00000000', null, null, 404, /prop-20260101-00000000/],
  ['review without response', 'POST', '/v1/waltzrl/review', json, JSON.stringify({ prompt: 'hi' }), 400, /field "response"/],
  ['review with an unknown field', 'POST', '/v1/waltzrl/review', json, JSON.stringify({ prompt: 'hi', response: 'hello', colour: 1 }), 400, /unknown field "colour"/],
  ['review as NDJSON', 'POST', '/v1/waltzrl/review', nd, lines({ prompt: 'hi', response: 'hello' }), 415, /application\/json/],
  ['an unknown route', 'GET', '/v1/nope', null, null, 404, /No route GET \/v1\/nope/],
  ['a wrong method', 'DELETE', '/v1/q', null, null, 404, /No route DELETE \/v1\/q/],
];

describe('bad input over HTTP: every case a 4xx naming the problem, nothing written', () => {
  it.each(CASES)('%s', async (_name, method, path, type, body, status, message) => {
    const payload = body ?? undefined;
    const res = await fetch(`${s.url}${path}`, {
      method, body: payload, headers: { authorization: `Bearer ${s.tokens.admin}`, ...(type ? { 'content-type': type } : {}) },
    });
    const text = await res.text();
    expect(res.status, text).toBe(status);
    const b = JSON.parse(text);
    expect(typeof b.error).toBe('string');
    expect(b.message).toMatch(message);
  });

  it('a bad line lists every bad line with its number and nothing of the request is stored', async () => {
    const res = await fetch(`${s.url}/v1/invocations`, {
      method: 'POST', headers: { authorization: `Bearer ${s.tokens.record}`, 'content-type': nd },
      body: lines(inv({ invocation_id: 'ok-1' }), inv({ outcome: 'x' }), inv({ invocation_id: 'ok-2' }), inv({ reward: -1 })),
    });
    expect(res.status).toBe(400);
    const b = (await res.json()) as { rejected: { line: number }[] };
    expect(b).toMatchObject({ error: 'usage', accepted: 0, duplicates: 0 });
    expect(b.rejected.map((r: { line: number }) => r.line)).toEqual([2, 4]);
  });

  it('after the whole corpus nothing was written: no invocation, no review', async () => {
    expect(await s.crl.learning.qTable()).toEqual([]);
    expect((await s.crl.dashboard.build()).health.invocations).toBe(0);
  });

  it('a chunked body over the limit (no Content-Length) is 413 too', async () => {
    const big = lines(...Array.from({ length: 1000 }, (_, i) => inv({ invocation_id: `chunk-${i}` })));
    const stream = new ReadableStream({
      start(c) {
        for (let i = 0; i < big.length; i += 4096) c.enqueue(new TextEncoder().encode(big.slice(i, i + 4096)));
        c.close();
      },
    });
    const res = await fetch(`${s.url}/v1/invocations`, {
      method: 'POST', body: stream, duplex: 'half', headers: { authorization: `Bearer ${s.tokens.record}`, 'content-type': nd },
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(await s.crl.learning.qTable()).toEqual([]);
  });
});

/** Sends `head` (and `body`) on a raw socket, then stalls; resolves with what the server answered and when. */
function stall(url: string, head: string, body = ''): Promise<{ text: string; ms: number }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const sock = connect(Number(port), hostname, () => sock.write(head + body));
    let text = '';
    sock.on('data', (b) => (text += b.toString()));
    sock.on('close', () => resolve({ text, ms: Date.now() - t0 }));
    sock.on('error', reject);
    setTimeout(() => (sock.destroy(), reject(new Error('no timeout after 10 s'))), 10_000);
  });
}

describe('slow or stalled clients time out', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ server: { request_timeout_ms: 400, headers_timeout_ms: 300 } });
  });
  afterAll(() => t.stop());

  it('a body that stops arriving is answered 408 and the connection closed', async () => {
    const head = `POST /v1/invocations HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${t.tokens.record}\r\nContent-Type: application/x-ndjson\r\nContent-Length: 1000\r\n\r\n`;
    const r = await stall(t.url, head, '{"agent_name":"bot",');
    expect(r.text).toMatch(/^HTTP\/1\.1 408/);
    expect(r.ms).toBeLessThan(3000);
    expect(await t.crl.learning.qTable()).toEqual([]);
  });

  it('headers that stop arriving are answered 408', async () => {
    const r = await stall(t.url, 'GET /v1/q HTTP/1.1\r\nHost: x\r\n');
    expect(r.text).toMatch(/^HTTP\/1\.1 408/);
    expect(r.ms).toBeLessThan(3000);
  });
});
