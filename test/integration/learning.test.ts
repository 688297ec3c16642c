import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { type Crl } from '../../src/crl';
import { onPostgres, psql } from '../backend';
import { ROOT, tempDir, openTestCrl } from '../helpers';

const fixture = (name: string) => join(ROOT, 'test', 'fixtures', name);
const opened: Crl[] = [];
const open = async (dataDir = tempDir(), now?: () => Date) => {
  const c = await openTestCrl({ dataDir, now });
  opened.push(c);
  return c;
};
afterEach(async () => {
  for (const c of opened.splice(0)) await c.close();
});

describe('store on a real SQLite file', () => {
  // The SQLite file's own settings; the PostgreSQL server has none of these (docs/postgres.md).
  it.skipIf(onPostgres)('uses WAL, foreign keys and owner-only permissions', async () => {
    const crl = await open();
    const db = crl.ctx.db.sqlite!;
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(statSync(crl.dataDir).mode & 0o777).toBe(0o700);
    expect(statSync(join(crl.dataDir, 'crl.db')).mode & 0o777).toBe(0o600);
  });

  it('opening twice is idempotent and keeps data', async () => {
    const dir = tempDir();
    const a = await open(dir);
    await a.learning.record({ agent_name: 'a', task_type: 't', variant_id: 'v', outcome: 'success' });
    await a.close();
    const b = await open(dir);
    expect(await b.learning.qTable()).toHaveLength(1);
  });
});

describe('record', () => {
  it('updates Q in the same transaction and is idempotent by id', async () => {
    const crl = await open();
    const base = { agent_name: 'a', task_type: 't', variant_id: 'v' } as const;
    const r1 = await crl.learning.record({ ...base, outcome: 'success', invocation_id: 'x1' });
    expect(r1).toMatchObject({ status: 'inserted', q_value: 1, n_visits: 1, reward: 1 });
    const r2 = await crl.learning.record({ ...base, outcome: 'failure', invocation_id: 'x2' });
    expect(r2).toMatchObject({ status: 'inserted', q_value: 0.5, n_visits: 2 });
    const again = await crl.learning.record({ ...base, outcome: 'failure', invocation_id: 'x2' });
    expect(again).toMatchObject({ status: 'duplicate', q_value: 0.5, n_visits: 2 });
    expect((await crl.learning.qTable())[0]).toMatchObject({ invocations: 2, success_rate: 0.5, error_rate: 0.5, status: 'active' });
  });

  it('Q equals the success rate over the first 10 visits', async () => {
    const crl = await open();
    const outcomes = ['success', 'failure', 'success', 'success', 'error', 'success', 'success', 'failure', 'success', 'success'] as const;
    for (const outcome of outcomes) await crl.learning.record({ agent_name: 'a', task_type: 't', variant_id: 'v', outcome });
    expect((await crl.learning.qTable())[0].q_value).toBeCloseTo(0.7, 4);
  });

  it('rejects bad input naming the field and writes nothing', async () => {
    const crl = await open();
    await expect(crl.learning.record({ agent_name: 'a', task_type: 't', variant_id: 'v', outcome: 'success', reward: 2 })).rejects.toThrow(/reward/);
    await expect(crl.learning.record({ agent_name: 'a b', task_type: 't', variant_id: 'v', outcome: 'success' })).rejects.toThrow(/agent_name/);
    expect(await crl.learning.qTable()).toHaveLength(0);
  });
});

describe('ingest', () => {
  it('stores good lines, updates Q, and a re-ingest adds nothing', async () => {
    const crl = await open();
    const r = await crl.learning.ingest(fixture('ingest/good.jsonl'));
    expect(r).toMatchObject({ accepted: 5, duplicates: 0, rejected: [], blank_lines: 1, aborted: false });
    const again = await crl.learning.ingest(fixture('ingest/good.jsonl'));
    expect(again).toMatchObject({ accepted: 0, duplicates: 5 });
    const v1 = (await crl.learning.qTable({ agent: 'backend-architect', variant: 'v1' }))[0];
    // rewards: success 1, failure 0, success with quality 0.5 → (0.5 + 0.15) / 0.8
    expect(v1.q_value).toBeCloseTo((1 + 0 + 0.65 / 0.8) / 3, 4);
    expect(v1.n_visits).toBe(3);
    const sec = (await crl.learning.qTable({ agent: 'security-auditor' }))[0];
    expect(sec).toMatchObject({ q_value: 0.1, n_visits: 1 });
    // unknown variants are registered on first sight
    expect((await crl.variants.list('backend-architect')).map((v) => v.variant_id)).toEqual(['v1', 'v2']);
  });

  it('rejects the whole file with every bad line and writes nothing', async () => {
    const crl = await open();
    const r = await crl.learning.ingest(fixture('ingest/bad.jsonl'));
    expect(r.aborted).toBe(true);
    expect(r.rejected.map((x) => x.line)).toEqual([2, 3, 4, 5, 6]);
    expect(r.rejected[0].error).toMatch(/outcome/);
    expect(r.rejected[1].error).toMatch(/invalid JSON/);
    expect(r.rejected[2].error).toMatch(/reward/);
    expect(r.rejected[3].error).toMatch(/timestamp.*2026-02-30/);
    expect(r.rejected[4].error).toMatch(/error_count/);
    expect(await crl.learning.qTable()).toHaveLength(0);
    expect(await crl.variants.list()).toHaveLength(0);
  });

  it('with skipInvalid stores good lines and writes the bad ones to a rejects file', async () => {
    const crl = await open();
    const rejectsFile = join(crl.dataDir, 'rejects.jsonl');
    const r = await crl.learning.ingest(fixture('ingest/bad.jsonl'), { skipInvalid: true, rejectsFile });
    expect(r).toMatchObject({ accepted: 2, duplicates: 0, aborted: false, rejects_file: rejectsFile });
    const lines = readFileSync(rejectsFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { line: number });
    expect(lines.map((l) => l.line)).toEqual([2, 3, 4, 5, 6]);
    expect((await crl.learning.qTable())[0]).toMatchObject({ n_visits: 2, q_value: 0.75 });
  });

  it('streams chunks split anywhere, with BOM and CRLF', async () => {
    const crl = await open();
    const text = '\uFEFF' + readFileSync(fixture('ingest/good.jsonl'), 'utf8').replace(/\n/g, '\r\n');
    const bytes = Buffer.from(text, 'utf8');
    async function* chunks() {
      for (let i = 0; i < bytes.length; i += 7) yield bytes.subarray(i, i + 7);
    }
    const r = await crl.learning.ingest(chunks());
    expect(r).toMatchObject({ accepted: 5, rejected: [] });
  });

  it('lines without invocation_id get a stable derived id', async () => {
    const dir = tempDir();
    const crl = await open(dir);
    const line = JSON.stringify({ agent_name: 'a', task_type: 't', variant_id: 'v', outcome: 'success' });
    const src = () => (async function* () { yield `${line}\n${line}\n`; })();
    expect((await crl.learning.ingest(src())).accepted).toBe(2); // two lines, two invocations
    expect((await crl.learning.ingest(src())).duplicates).toBe(2);
  });
});

describe('import-python', () => {
  it('imports the four files; q_table figures stand, invocations replay otherwise', async () => {
    const crl = await open();
    const r = await crl.learning.importPython(fixture('python'));
    expect(r).toEqual({
      q_table: { imported: 3 },
      agent_invocations: { imported: 4, duplicates: 0, skipped_unknown: 1, history_only: 1 },
      rollback_events: { imported: 1, duplicates: 0 },
      variant_proposals: { imported: 1 },
      files_missing: [],
    });
    const q = await crl.learning.qTable();
    const get = (v: string) => q.find((e) => e.variant_id === v);
    expect(get('v2-structured')).toMatchObject({ q_value: 0.8421, n_visits: 37, invocations: 1 });
    expect(get('v1-baseline')).toMatchObject({ q_value: 0, n_visits: 12 }); // clamped from -0.2
    expect(get('v1')).toMatchObject({ q_value: 1, n_visits: 3 }); // clamped from 1.3
    // security-auditor/base replayed in time order: success (10:01), failure (10:05), partial (10:09);
    // rewards from our rule with speed: 20 s, 30 s, 45 s of 60 s expected.
    const r1 = (0.5 + 0.2 * (1 - 20 / 60)) / 0.7;
    const r2 = (0 + 0.2 * (1 - 30 / 60)) / 0.7;
    const r3 = (0.25 + 0.2 * (1 - 45 / 60)) / 0.7;
    expect(get('base')?.q_value).toBeCloseTo((r1 + r2 + r3) / 3, 4);
    expect(get('base')?.n_visits).toBe(3);
    const p = await crl.ctx.proposals.get('prop-20260929-aaaa1111');
    expect(p?.status).toBe('approved');
    const meta = (await crl.ctx.db.get<{ metadata: string }>("select metadata from invocations where invocation_id = 'py-1'"))!;
    expect(JSON.parse(meta.metadata)).toMatchObject({ repo: 'shop', python: { reward: 0.9, session_id: 's1', task_description: 'Design the orders API' } });
  });

  it('re-importing adds nothing', async () => {
    const crl = await open();
    await crl.learning.importPython(fixture('python'));
    const r = await crl.learning.importPython(fixture('python'));
    expect(r.agent_invocations).toMatchObject({ imported: 0, duplicates: 4 });
    expect(r.rollback_events).toMatchObject({ imported: 0, duplicates: 1 });
    expect((await crl.learning.qTable()).find((e) => e.variant_id === 'base')?.n_visits).toBe(3);
  });
});

describe('registry', () => {
  it('add, set-default (audited), retire; retired variants are never selected', async () => {
    const crl = await open();
    await crl.variants.add({ agent: 'a', variant: 'v1', isDefault: true, by: 'alice' });
    await crl.variants.add({ agent: 'a', variant: 'v2', params: { temperature: 0.2 }, by: 'alice' });
    for (let i = 0; i < 5; i++) await crl.learning.record({ agent_name: 'a', task_type: 't', variant_id: 'v2', outcome: 'success' });
    expect(await crl.serving.select({ agent: 'a', task: 't', subject: 'u1' })).toMatchObject({ kind: 'default', variant_id: 'v1' });
    const sd = await crl.variants.setDefault({ agent: 'a', variant: 'v2', task: 't', by: 'bob', reason: 'better' });
    expect(sd).toEqual({ agent_name: 'a', task_type: 't', variant_id: 'v2', previous: 'v1' });
    const audit = (await crl.ctx.registry.auditLog({ agent: 'a', task: 't' }))[0];
    expect(audit).toMatchObject({ actor: 'bob', action: 'default_set', variant_id: 'v2', reason: 'better' });
    expect(JSON.parse(audit.details)).toMatchObject({ previous: 'v1', q_value: 1, n_visits: 5 });
    await expect(crl.variants.retire({ agent: 'a', variant: 'v2', by: 'bob' })).rejects.toThrow(/default/);
    await crl.variants.setDefault({ agent: 'a', variant: 'v1', task: 't', by: 'bob' });
    await crl.variants.retire({ agent: 'a', variant: 'v2', by: 'bob' });
    for (let i = 0; i < 200; i++) {
      expect(await crl.serving.select({ agent: 'a', task: 't', subject: `u${i}` })).toMatchObject({ variant_id: 'v1' });
    }
  });

  it('audit rows cannot be changed', async () => {
    const crl = await open();
    await crl.variants.add({ agent: 'a', variant: 'v1', by: 'alice' });
    await expect(crl.ctx.db.run("update audit_log set actor = 'mallory'")).rejects.toThrow(/append-only/);
    await expect(crl.ctx.db.run('delete from audit_log')).rejects.toThrow(/append-only/);
  });

  it('refuses a database written by a newer schema', async () => {
    const dir = tempDir();
    await (await open(dir)).close();
    if (onPostgres) psql(dir, "insert into drizzle.__drizzle_migrations (hash, created_at) values ('future', 99999999999999)");
    else {
      const raw = new Database(join(dir, 'crl.db'));
      raw.prepare("insert into __drizzle_migrations (hash, created_at) values ('future', 99999999999999)").run();
      raw.close();
    }
    await expect(open(dir)).rejects.toThrow(/newer version of crl/);
    if (!onPostgres) expect(existsSync(join(dir, 'crl.db'))).toBe(true);
  });
});
