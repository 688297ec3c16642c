import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crlClient } from '../../src/client/crl-client';
import type { CrlEvent } from '../../src/features/events/events-service';
import { startTestServer, type TestServer } from '../server-helpers';

let s: TestServer;

beforeAll(async () => {
  s = await startTestServer({ server: { events_poll_ms: 50, events_heartbeat_ms: 200 } });
  await s.crl.variants.add({ agent: 'bot', variant: 'v1', isDefault: true, by: 'test' });
  await s.crl.variants.add({ agent: 'bot', variant: 'v2', by: 'test' });
  await s.crl.variants.add({ agent: 'other', variant: 'o1', isDefault: true, by: 'test' });
});
afterAll(() => s.stop());

/** Takes `n` events from an iterator, failing after `ms`. */
async function take(it: AsyncGenerator<CrlEvent>, n: number, ms = 2000): Promise<CrlEvent[]> {
  const out: CrlEvent[] = [];
  const timer = new Promise<never>((_, rej) => setTimeout(() => rej(new Error(`only ${out.length} of ${n} events within ${ms} ms`)), ms));
  while (out.length < n) {
    const r = await Promise.race([it.next(), timer]);
    if (r.done) break;
    out.push(r.value);
  }
  return out;
}

describe('GET /v1/events (Server-Sent Events from the audit log)', () => {
  it('streams default changes, rollout steps and aborts, each with its audit id; registrations are not events', async () => {
    const client = crlClient({ url: s.url, token: s.tokens.read });
    const it1 = client.events();
    const first = it1.next(); // opens the stream (it starts after the newest audit row)
    await new Promise((r) => setTimeout(r, 150));
    await s.crl.variants.add({ agent: 'bot', variant: 'v3', by: 'test' }); // not an event
    await s.crl.variants.setDefault({ agent: 'bot', variant: 'v2', task: 'faq', by: 'alice', reason: 'won the A/B' });
    await s.crl.rollout.start({ agent: 'bot', variant: 'v1', task: 'faq', by: 'alice' });
    await s.crl.rollout.abort({ agent: 'bot', task: 'faq', by: 'alice', reason: 'complaints' });
    const e0 = await first;
    const rest = await take(it1, 2);
    await it1.return(undefined);
    const events = [e0.value as CrlEvent, ...rest];
    expect(events.map((e) => [e.type, e.action, e.agent_name, e.task_type, e.variant_id])).toEqual([
      ['default_changed', 'default_set', 'bot', 'faq', 'v2'],
      ['rollout_step', 'rollout_start', 'bot', 'faq', 'v1'],
      ['rollout_abort', 'rollout_abort', 'bot', 'faq', 'v1'],
    ]);
    expect(events[0]).toMatchObject({ actor: 'alice', reason: 'won the A/B', details: { previous: 'v1' } });
    const ids = events.map((e) => e.id);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
  });

  it('a client that reconnects with Last-Event-ID gets every event it missed, once, in order', async () => {
    const client = crlClient({ url: s.url, token: s.tokens.read });
    const a = client.events();
    const p = a.next();
    await new Promise((r) => setTimeout(r, 150));
    await s.crl.variants.setDefault({ agent: 'bot', variant: 'v1', task: 'faq', by: 'bob' });
    const seen = (await p).value as CrlEvent;
    await a.return(undefined); // the client goes away
    await s.crl.variants.setDefault({ agent: 'bot', variant: 'v2', task: 'faq', by: 'bob' });
    await s.crl.variants.setDefault({ agent: 'other', variant: 'o1', task: 'faq', by: 'bob' });
    await s.crl.variants.setDefault({ agent: 'bot', variant: 'v3', task: 'faq', by: 'bob' });
    const b = client.events({ lastEventId: seen.id });
    const missed = await take(b, 3);
    await b.return(undefined);
    expect(missed.map((e) => [e.agent_name, e.variant_id])).toEqual([['bot', 'v2'], ['other', 'o1'], ['bot', 'v3']]);
    expect(missed.every((e) => e.id > seen.id)).toBe(true);
    const c = client.events({ lastEventId: seen.id, agent: 'other' });
    expect((await take(c, 1)).map((e) => e.variant_id)).toEqual(['o1']);
    await c.return(undefined);
  });

  it('the raw stream: id, event and data lines, a retry hint, heartbeats while idle', async () => {
    const ac = new AbortController();
    const last = await s.crl.events.latestId();
    const res = await fetch(`${s.url}/v1/events`, { headers: { authorization: `Bearer ${s.tokens.admin}`, 'last-event-id': String(last - 1) }, signal: ac.signal });
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const reader = res.body!.getReader();
    let text = '';
    const until = Date.now() + 2000;
    while (!/: heartbeat/.test(text) && Date.now() < until) text += new TextDecoder().decode((await reader.read()).value);
    ac.abort();
    expect(text).toMatch(/^retry: 1000\n/);
    expect(text).toMatch(new RegExp(`\\nid: ${last}\\nevent: default_changed\\ndata: \\{"id":${last},`));
    expect(text).toMatch(/\n: heartbeat /);
  });

  it('a bad Last-Event-ID is a 400 naming the header', async () => {
    const res = await fetch(`${s.url}/v1/events`, { headers: { authorization: `Bearer ${s.tokens.read}`, 'last-event-id': 'abc' } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toMatch(/header "Last-Event-ID"/);
  });

  it('stopping the server ends its event streams (the stop does not wait for them)', async () => {
    const t = await startTestServer();
    const res = await fetch(`${t.url}/v1/events`, { headers: { authorization: `Bearer ${t.tokens.read}` } });
    const reader = res.body!.getReader();
    await reader.read();
    const t0 = Date.now();
    await t.stop();
    expect(Date.now() - t0).toBeLessThan(2000);
    let done = false;
    while (!done) done = (await reader.read()).done;
    expect(done).toBe(true);
  });
});
