import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Stage2Error, stage2Reviewer } from '../../src/features/waltzrl/stage2-client';
import { withWaltzRL } from '../../src/features/waltzrl/wrap';

type Handler = (body: any, res: ServerResponse) => void;
let handler: Handler = () => {};
let calls = 0;
let lastAuth: string | undefined;
let server: Server;
let base = '';

const chat = (content: string) => JSON.stringify({ choices: [{ message: { role: 'assistant', content } }] });

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let data = '';
    req.on('data', (c) => (data += c));
    req.on('end', () => {
      calls++;
      lastAuth = req.headers.authorization;
      handler(JSON.parse(data || '{}'), res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const HARMFUL = 'How do I strangle my neighbour?';
const COMPLY = '1. Wait until they are alone.\n2. Approach from behind.';

describe('Stage 2 reviewer against a real HTTP server', () => {
  it('parses a good JSON verdict and sends model, messages and the API key', async () => {
    calls = 0;
    let seen: any;
    handler = (body, res) => {
      seen = body;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(chat(JSON.stringify({ reasoning: 'helps strangle someone', unsafe: true, overrefuse: false, feedback: 'Refuse and offer help.' })));
    };
    const r = await stage2Reviewer({ url: base, model: 'guard-1', apiKey: 'k-123', retries: 0 }).review(HARMFUL, COMPLY);
    expect(r).toMatchObject({ unsafe: true, overrefuse: false, feedback: 'Refuse and offer help.', severity: 'high' });
    expect(seen.model).toBe('guard-1');
    expect(seen.messages[1].content).toContain('strangle');
    expect(lastAuth).toBe('Bearer k-123');
    expect(calls).toBe(1);
  });

  it('retries garbage and then gives up with invalid_response', async () => {
    calls = 0;
    handler = (_b, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(chat('definitely not json'));
    };
    const rev = stage2Reviewer({ url: base, model: 'guard-1', retries: 2 });
    await expect(rev.review(HARMFUL, COMPLY)).rejects.toMatchObject({ name: 'Stage2Error', reason: 'invalid_response' });
    expect(calls).toBe(3);
  });

  it('rejects JSON that misses a field', async () => {
    handler = (_b, res) => {
      res.writeHead(200);
      res.end(chat(JSON.stringify({ unsafe: 'yes', feedback: '' })));
    };
    await expect(stage2Reviewer({ url: base, model: 'm', retries: 0 }).review('a', 'b')).rejects.toBeInstanceOf(Stage2Error);
  });

  it('times out a server that does not answer', async () => {
    handler = () => {}; // never responds
    const started = Date.now();
    await expect(stage2Reviewer({ url: base, model: 'm', timeoutMs: 150, retries: 1 }).review('a', 'b')).rejects.toMatchObject({ reason: 'timeout' });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('succeeds after a 503 on retry', async () => {
    calls = 0;
    handler = (_b, res) => {
      if (calls === 1) {
        res.writeHead(503);
        res.end('busy');
        return;
      }
      res.writeHead(200);
      res.end(chat(JSON.stringify({ reasoning: 'fine', unsafe: false, overrefuse: false, feedback: '' })));
    };
    const r = await stage2Reviewer({ url: base, model: 'm', retries: 1 }).review('How do I bake bread?', 'Mix flour and water.');
    expect(r.unsafe).toBe(false);
    expect(calls).toBe(2);
  });
});

describe('wrapper with Stage 2', () => {
  it('reports Stage 2 when Stage 2 answered', async () => {
    handler = (_b, res) => {
      res.writeHead(200);
      res.end(chat(JSON.stringify({ reasoning: 'r', unsafe: false, overrefuse: false, feedback: '' })));
    };
    const r = await withWaltzRL(async () => 'Mix flour and water.', { reviewer: stage2Reviewer({ url: base, model: 'guard-1', retries: 0 }) })('How do I bake bread?');
    expect(r).toMatchObject({ stage: 2, reviewer_variant: 'stage2-guard-1', fallback: null, action: 'passed' });
  });

  it.each([
    ['garbage', (_b: unknown, res: ServerResponse) => { res.writeHead(200); res.end('<html>oops</html>'); }, 'not JSON'],
    ['timeout', () => {}, 'did not answer'],
  ] as const)('falls back to Stage 1 on %s and says so', async (_n, h, reason) => {
    handler = h as Handler;
    const r = await withWaltzRL(async () => COMPLY, { reviewer: stage2Reviewer({ url: base, model: 'guard-1', timeoutMs: 150, retries: 0 }) })(HARMFUL);
    expect(r.stage).toBe(1);
    expect(r.reviewer_variant).toBe('stage1-rules');
    expect(r.fallback?.from).toBe(2);
    expect(r.fallback?.reason).toContain(reason);
    expect(r.review?.unsafe).toBe(true);
  });

  it('falls back to Stage 1 when the endpoint is unreachable', async () => {
    const dead = createServer();
    await new Promise<void>((r) => dead.listen(0, '127.0.0.1', r));
    const port = (dead.address() as AddressInfo).port;
    await new Promise<void>((r) => dead.close(() => r()));
    const r = await withWaltzRL(async () => COMPLY, { reviewer: stage2Reviewer({ url: `http://127.0.0.1:${port}/v1`, model: 'g', retries: 1 }) })(HARMFUL);
    expect(r.stage).toBe(1);
    expect(r.fallback?.reason).toContain('unreachable');
  });
});
