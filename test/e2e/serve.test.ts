import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, ROOT, runCli, tempDir } from '../helpers';
import { degradingBatch, spawnServe, stableHistory, type ServeProcess } from '../server-helpers';

let dataDir: string;
let srv: ServeProcess;
let token: string;

/** The CLI's `--json` answer for the same data. */
const cli = <T = unknown>(...args: string[]): T => {
  const r = runCli([...args, '--json'], { dataDir });
  expect(r.code, r.stderr).toBe(0);
  return json<T>(r);
};
const http = async (path: string, t = token) => {
  const res = await fetch(`${srv.url}${path}`, { headers: { authorization: `Bearer ${t}` } });
  expect(res.status, `${path}: ${await res.clone().text()}`).toBe(200);
  return res.json() as Promise<unknown>;
};

beforeAll(async () => {
  dataDir = tempDir('crl-serve-e2e-');
  const ok = (args: string[], input?: string) => expect(runCli(args, { dataDir, input }).code).toBe(0);
  ok(['variant', 'add', 'security-auditor', 'base', '--default']);
  ok(['variant', 'add', 'security-auditor', 'strict-lowtemp']);
  ok(['ingest', '-'], stableHistory());
  ok(['ingest', '-'], degradingBatch());
  ok(['monitor', '--once']);
  ok(['variant', 'add', 'support-bot', 'v1', '--default']);
  ok(['variant', 'add', 'support-bot', 'v2']);
  ok(['rollout', 'start', 'support-bot', 'v2', '--task', 'faq', '--by', 'alice']);
  ok(['propose', '--min-invocations', '5']);
  const t = cli<{ name: string; scope: string; token: string }>('token', 'create', '--name', 'e2e', '--scope', 'admin');
  expect(t).toMatchObject({ name: 'e2e', scope: 'admin' });
  expect(t.token).toMatch(/^crl_[A-Za-z0-9_-]{43}$/);
  token = t.token;
  srv = await spawnServe(dataDir);
});
afterAll(async () => {
  srv.child.kill('SIGTERM');
  expect(await srv.exited).toBe(0);
});

describe('crl serve: each endpoint answers what the CLI answers for the same data', () => {
  it.each([
    ['/v1/q', ['q']],
    ['/v1/q?agent=security-auditor&task=security-audit', ['q', '--agent', 'security-auditor', '--task', 'security-audit']],
    ['/v1/variants', ['variant', 'list']],
    ['/v1/variants?agent=support-bot', ['variant', 'list', '--agent', 'support-bot']],
    ['/v1/rollbacks', ['rollback', 'history']],
    ['/v1/rollbacks?agent=security-auditor&limit=1', ['rollback', 'history', '--agent', 'security-auditor', '--limit', '1']],
    ['/v1/rollouts', ['rollout', 'status']],
    ['/v1/rollouts?all=true&agent=support-bot', ['rollout', 'status', '--all', '--agent', 'support-bot']],
    ['/v1/rollouts/history?limit=10', ['rollout', 'history', '--limit', '10']],
    ['/v1/proposals', ['proposals', 'list']],
    ['/v1/proposals?status=pending&limit=2', ['proposals', 'list', '--status', 'pending', '--limit', '2']],
  ])('GET %s = crl %s --json', async (path, args) => {
    // Rollout figures hold the minutes a step has dwelt: the answer equals the CLI's just before or just after.
    const before = cli(...(args as string[]));
    const served = await http(path);
    const after = cli(...(args as string[]));
    expect([before, after]).toContainEqual(served);
  });

  it('GET /v1/proposals/:id = crl proposals show <id> --json', async () => {
    const list = cli<{ proposal_id: string }[]>('proposals', 'list');
    expect(list.length).toBeGreaterThan(0);
    expect(await http(`/v1/proposals/${list[0].proposal_id}`)).toEqual(cli('proposals', 'show', list[0].proposal_id));
  });

  it('GET /v1/dashboard = crl dashboard --json (but for the time it was generated)', async () => {
    const strip = ({ generated_at: _t, ...rest }: Record<string, unknown>) => rest;
    const before = strip(cli<Record<string, unknown>>('dashboard'));
    const served = strip((await http('/v1/dashboard')) as Record<string, unknown>);
    const after = strip(cli<Record<string, unknown>>('dashboard'));
    expect([before, after]).toContainEqual(served);
  });

  it('GET /v1/select = crl select for the same subjects (default, rollout share, exploring share)', async () => {
    const subjects = Array.from({ length: 40 }, (_, i) => `user-${i}`);
    writeFileSync(join(dataDir, 'subjects.txt'), subjects.join('\n'));
    const r = runCli(['select', '--agent', 'support-bot', '--task', 'faq', '--subjects', 'subjects.txt', '--explain'], { dataDir });
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { kind: string });
    const answers = await Promise.all(subjects.map((s) => http(`/v1/select?agent=support-bot&task=faq&subject=${s}`)));
    expect(answers).toEqual(lines);
    expect(new Set(lines.map((l) => l.kind))).toEqual(new Set(['default', 'rollout']));
    expect(await http('/v1/select?agent=security-auditor&task=security-audit&subject=user-1')).toEqual(
      cli('select', '--agent', 'security-auditor', '--task', 'security-audit', '--subject', 'user-1'),
    );
  });

  it('GET /metrics carries every sample of crl metrics', async () => {
    const samples = (text: string) =>
      new Map(text.split('\n').filter((l) => /^crl_/.test(l)).map((l) => {
        const m = /^(\w+)(?:\{(.*)\})? (\S+)$/.exec(l)!;
        const labels = (m[2] ?? '').split(/,(?=\w+=")/).filter(Boolean).sort().join(',');
        return [`${m[1]}{${labels}}`, Number(m[3])] as const;
      }));
    const mine = samples(runCli(['metrics'], { dataDir }).stdout);
    const res = await fetch(`${srv.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    const served = samples(await res.text());
    expect(mine.size).toBeGreaterThan(10);
    for (const [k, v] of mine) expect(served.get(k), k).toBe(v);
  });

  it('POST /v1/invocations then crl q: the same figures as crl ingest of the same lines elsewhere', async () => {
    const inv = (i: number) => ({ invocation_id: `p-${i}`, agent_name: 'planner', task_type: 'plan', variant_id: 'p1', outcome: i % 3 ? 'success' : 'failure', quality_score: 0.8 });
    const lines = Array.from({ length: 30 }, (_, i) => JSON.stringify(inv(i)));
    const res = await fetch(`${srv.url}/v1/invocations`, { method: 'POST', body: lines.join('\n'), headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' } });
    expect(await res.json()).toEqual({ accepted: 30, duplicates: 0, rejected: [] });
    const other = tempDir('crl-serve-e2e-other-');
    expect(runCli(['ingest', '-'], { dataDir: other, input: lines.join('\n') }).code).toBe(0);
    const strip = (q: { last_updated?: string }[]) => q.map(({ last_updated: _l, ...r }) => r);
    expect(strip(await http('/v1/q?agent=planner') as { last_updated: string }[])).toEqual(strip(json(runCli(['q', '--agent', 'planner', '--json'], { dataDir: other }))));
  });

  it('crl token list never shows a token; revoke takes effect on the running server', async () => {
    const t = cli<{ token: string }>('token', 'create', '--name', 'temp', '--scope', 'read').token;
    expect((await fetch(`${srv.url}/v1/q`, { headers: { authorization: `Bearer ${t}` } })).status).toBe(200);
    const list = runCli(['token', 'list', '--json'], { dataDir });
    expect(list.stdout).not.toContain(t);
    expect(json<{ name: string }[]>(list).map((x) => x.name)).toEqual(['e2e', 'temp']);
    expect(runCli(['token', 'revoke', 'temp'], { dataDir }).code).toBe(0);
    expect((await fetch(`${srv.url}/v1/q`, { headers: { authorization: `Bearer ${t}` } })).status).toBe(401);
    expect(runCli(['token', 'revoke', 'temp'], { dataDir }).code).toBe(3);
    expect(runCli(['token', 'create', '--name', 'e2e', '--scope', 'read'], { dataDir }).code).toBe(4);
    expect(runCli(['token', 'create', '--name', 'x', '--scope', 'root'], { dataDir }).code).toBe(2);
    expect(srv.stderr()).not.toContain(t);
    expect(srv.stderr()).not.toContain(token);
  });
});

describe('the clients against a real crl serve', () => {
  it('Python (standard library only): record, record_batch, select, events with Last-Event-ID', () => {
    const script = `
import json, sys
sys.path.insert(0, ${JSON.stringify(join(ROOT, 'examples', 'python'))})
from crl_client import CrlClient, CrlError
crl = CrlClient(sys.argv[1], sys.argv[2])
out = {}
out["record"] = crl.record(agent_name="py-bot", task_type="faq", variant_id="a", outcome="success", quality_score=0.9)
out["batch"] = crl.record_batch([dict(agent_name="py-bot", task_type="faq", variant_id="a", outcome="failure") for _ in range(5)])
try:
    crl.record_batch([dict(agent_name="py-bot", task_type="faq", variant_id="a", outcome="success"), dict(agent_name="py-bot", task_type="faq", outcome="meh")])
except CrlError as e:
    out["bad"] = {"status": e.status, "message": e.body["message"]}
try:
    CrlClient(sys.argv[1], "crl_wrong").select("support-bot", "faq")
except CrlError as e:
    out["unauthorized"] = e.status
out["select"] = crl.select("support-bot", "faq", subject="user-3")
events = crl.events(last_event_id=0)
first = [next(events) for _ in range(3)]
events.close()
rest = crl.events(last_event_id=first[0]["id"])
out["events"] = [e["id"] for e in first]
out["resumed"] = [next(rest)["id"] for _ in range(2)]
rest.close()
print(json.dumps(out))
`;
    const r = spawnSync('python3', ['-c', script, srv.url, token], { encoding: 'utf8', timeout: 30_000 });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.record).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
    expect(out.batch).toEqual({ accepted: 5, duplicates: 0, rejected: [] });
    expect(out.bad.status).toBe(400);
    expect(out.bad.message).toMatch(/line 2: variant_id/);
    expect(out.unauthorized).toBe(401);
    expect(out.select).toEqual(cli('select', '--agent', 'support-bot', '--task', 'faq', '--subject', 'user-3'));
    expect(out.resumed).toEqual(out.events.slice(1, 3));
    expect(cli<{ variant_id: string; n_visits: number }[]>('q', '--agent', 'py-bot')).toMatchObject([{ variant_id: 'a', n_visits: 6 }]);
  });

  it('Node (crlClient of the built library): the same method names as the local library', () => {
    const code = `
const { crlClient, UsageError, openCrl } = require(${JSON.stringify(join(ROOT, 'dist', 'index.cjs'))});
(async () => {
  const c = crlClient({ url: process.argv[1], token: process.argv[2] });
  const out = {};
  out.record = await c.learning.record({ agent_name: 'js-bot', task_type: 'faq', variant_id: 'a', outcome: 'success' });
  out.ingest = await c.learning.ingest([1, 2, 3, 4].map((i) => ({ agent_name: 'js-bot', task_type: 'faq', variant_id: 'a', outcome: 'success', invocation_id: 'js-' + i })), { batchSize: 2 });
  out.again = await c.learning.ingest([{ agent_name: 'js-bot', task_type: 'faq', variant_id: 'a', outcome: 'success', invocation_id: 'js-1' }]);
  try { await c.learning.record({ agent_name: 'js-bot', task_type: 'faq', variant_id: 'a', outcome: 'nope' }); } catch (e) { out.bad = [e instanceof UsageError, e.message]; }
  out.select = await c.serving.select({ agent: 'support-bot', task: 'faq', subject: 'user-5' });
  out.q = await c.learning.qTable({ agent: 'js-bot' });
  out.rollouts = (await c.rollout.status()).map((r) => r.candidate);
  out.ready = await c.ready();
  out.health = await c.health();
  const it = c.events({ lastEventId: 0 });
  out.events = [];
  for await (const e of it) { out.events.push(e.type); if (out.events.length === 3) break; }
  out.metrics = (await c.dashboard.metricsText()).includes('crl_http_requests_total');
  console.log(JSON.stringify(out));
})().catch((e) => { console.error(e); process.exit(1); });`;
    const r = spawnSync(process.execPath, ['-e', code, srv.url, token], { encoding: 'utf8', timeout: 30_000 });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.record).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
    expect(out.ingest).toEqual({ accepted: 4, duplicates: 0, rejected: [] });
    expect(out.again).toEqual({ accepted: 0, duplicates: 1, rejected: [] });
    expect(out.bad[0]).toBe(true);
    expect(out.bad[1]).toMatch(/outcome/);
    expect(out.select).toEqual(cli('select', '--agent', 'support-bot', '--task', 'faq', '--subject', 'user-5'));
    expect(out.q).toEqual(cli('q', '--agent', 'js-bot'));
    expect(out.rollouts).toEqual(['v2']);
    expect(out.ready).toMatchObject({ ready: true });
    expect(out.health).toBe(true);
    expect(out.events).toHaveLength(3);
    expect(out.metrics).toBe(true);
  });
});
