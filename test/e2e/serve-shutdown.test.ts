import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { json, runCli, tempDir } from '../helpers';
import { spawnServe, type ServeProcess } from '../server-helpers';

const N = 50_000;
const batch = (tag: string) =>
  Buffer.from(
    Array.from({ length: N }, (_, i) => JSON.stringify({ invocation_id: `${tag}-${i}`, agent_name: 'bulk', task_type: tag, variant_id: 'v1', outcome: i % 7 ? 'success' : 'failure' })).join('\n'),
  );

/** Uploads `body` in 64 KB pieces, 5 ms apart, calling `during(sentBytes)` after each; resolves with the answer or the error. */
function upload(srv: ServeProcess, token: string, body: Buffer, during: (sent: number) => void): Promise<{ status: number; text: string } | { error: string }> {
  const { hostname, port } = new URL(srv.url);
  return new Promise((resolve) => {
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson', 'content-length': body.length };
    const req = request({ host: hostname, port, method: 'POST', path: '/v1/invocations', headers }, (res) => {
      let text = '';
      res.on('data', (b) => (text += b));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      res.on('error', (e) => resolve({ error: e.message }));
    });
    req.on('error', (e) => resolve({ error: e.message }));
    let sent = 0;
    const piece = () => {
      if (sent >= body.length) return void req.end();
      const n = Math.min(65_536, body.length - sent);
      req.write(body.subarray(sent, sent + n));
      sent += n;
      during(sent);
      setTimeout(piece, 5);
    };
    piece();
  });
}

function setup() {
  const dataDir = tempDir('crl-serve-stop-');
  const token = json<{ token: string }>(runCli(['token', 'create', '--name', 'bulk', '--scope', 'record', '--json'], { dataDir })).token;
  const stored = (task: string) => json<{ n_visits: number }[]>(runCli(['q', '--agent', 'bulk', '--task', task, '--json'], { dataDir })).reduce((a, r) => a + r.n_visits, 0);
  return { dataDir, token, stored };
}

describe('crl serve: SIGTERM during a large batch leaves it all or nothing', () => {
  it('SIGTERM mid-upload: the batch in flight is finished and stored whole, then the process exits 0', async () => {
    const { dataDir, token, stored } = setup();
    const srv = await spawnServe(dataDir);
    const body = batch('term');
    let signalled = false;
    const r = await upload(srv, token, body, (sent) => {
      if (!signalled && sent > body.length / 3) {
        signalled = true;
        srv.child.kill('SIGTERM');
      }
    });
    expect(r).toMatchObject({ status: 200 });
    expect(JSON.parse((r as { text: string }).text)).toEqual({ accepted: N, duplicates: 0, rejected: [] });
    expect(await srv.exited).toBe(0);
    expect(srv.stderr()).toMatch(/SIGTERM received: finishing in-flight requests/);
    expect(stored('term')).toBe(N);
  });

  it('a second signal mid-upload closes the connection: nothing of the batch is stored', async () => {
    const { dataDir, token, stored } = setup();
    const srv = await spawnServe(dataDir);
    const body = batch('twice');
    let signals = 0;
    const r = await upload(srv, token, body, (sent) => {
      if (signals === 0 && sent > body.length / 4) (signals++, srv.child.kill('SIGTERM'));
      else if (signals === 1 && sent > body.length / 2) (signals++, srv.child.kill('SIGINT'));
    });
    expect(r).toHaveProperty('error');
    expect(await srv.exited).toBe(0);
    expect(stored('twice')).toBe(0);
  });

  it.each([50, 250])('SIGKILL %i ms after the whole batch arrived: all or nothing', async (delay) => {
    const { dataDir, token, stored } = setup();
    const srv = await spawnServe(dataDir);
    const body = batch(`kill${delay}`);
    const r = await upload(srv, token, body, (sent) => {
      if (sent === body.length) setTimeout(() => srv.child.kill('SIGKILL'), delay);
    });
    await srv.exited;
    const n = stored(`kill${delay}`);
    expect([0, N]).toContain(n);
    if ('status' in r && r.status === 200) expect(n).toBe(N);
  });
});
