import Database from 'better-sqlite3';
import { existsSync, readFileSync, statSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { transaction } from '../../src/context';
import { openCrl } from '../../src/crl';
import { CrlError } from '../../src/errors';
import { bindDataDir, onPostgres } from '../backend';
import { tempDir, openTestCrl } from '../helpers';
import { dbAll, dbExec, dbGet, rawDb, runCrl, writeWorkload } from './support';

const mode = (p: string) => statSync(p).mode & 0o777;

describe('files are owner-only', () => {
  let oldUmask: number | undefined;
  afterEach(() => {
    if (oldUmask !== undefined) process.umask(oldUmask);
    oldUmask = undefined;
  });

  it('data dir 0700, crl.db and its -wal/-shm 0600, JSONL exports 0600 — even with a permissive umask', async () => {
    oldUmask = process.umask(0o000);
    const dataDir = join(tempDir(), 'nested', 'data');
    bindDataDir(dataDir);
    const crl = await openTestCrl({ dataDir });
    try {
      await crl.learning.record({ agent_name: 'a', task_type: 't', variant_id: 'v', outcome: 'success' });
      expect(mode(dataDir)).toBe(0o700);
      // The SQLite file and its WAL exist only on SQLite; on postgres the data dir holds the JSONL exports alone.
      for (const f of ['crl.db', 'crl.db-wal', 'crl.db-shm']) {
        expect(existsSync(join(dataDir, f)), f).toBe(!onPostgres);
        if (!onPostgres) expect(mode(join(dataDir, f)), f).toBe(0o600);
      }
      // A JSONL export written through the outbox.
      await transaction(crl.ctx, async (tx) => {
        await tx.outbox.enqueue('rollback_events', { rollback_id: 'rb-test-1' }, '2026-01-01T00:00:00.000Z');
      });
      await crl.flushOutbox();
      expect(mode(join(dataDir, 'rollback_events.jsonl'))).toBe(0o600);
    } finally {
      await crl.close();
    }
  });

  it('the CLI creates them owner-only too, and a rejects file of --skip-invalid is 0600', () => {
    oldUmask = process.umask(0o000);
    const dataDir = join(tempDir(), 'cli-data');
    bindDataDir(dataDir);
    const input = join(tempDir(), 'in.jsonl');
    writeFileSync(input, '{"agent_name":"a","task_type":"t","variant_id":"v","outcome":"success"}\n{"agent_name":"a"}\n');
    const r = runCrl(['ingest', input, '--skip-invalid', '--json'], { dataDir });
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { accepted: number; rejects_file: string };
    expect(out.accepted).toBe(1);
    expect(mode(dataDir)).toBe(0o700);
    if (!onPostgres) expect(mode(join(dataDir, 'crl.db'))).toBe(0o600);
    expect(existsSync(join(dataDir, 'crl.db'))).toBe(!onPostgres);
    expect(mode(out.rejects_file)).toBe(0o600);
  });
});

describe('a database of a newer schema is refused, never migrated backwards', () => {
  /** On postgres: the migrations table, every column of every table and the row counts (what a migration would change). */
  const pgState = (dataDir: string) => ({
    migrations: dbAll(dataDir, 'select id, hash, created_at from drizzle.__drizzle_migrations order by id'),
    columns: dbAll(dataDir, "select table_schema, table_name, column_name, data_type from information_schema.columns where table_schema in ('public', 'drizzle') order by 1, 2, 3"),
    triggers: dbAll(dataDir, 'select tgname from pg_trigger where not tgisinternal order by 1'),
    rows: dbAll(
      dataDir,
      "select table_name, (xpath('/row/c/text()', query_to_xml(format('select count(*) as c from public.%I', table_name), false, true, '')))[1]::text as c from information_schema.tables where table_schema = 'public' order by 1",
    ),
  });

  async function futureDb(): Promise<{ dataDir: string; before: Buffer }> {
    const dataDir = tempDir();
    await (await openTestCrl({ dataDir })).close();
    if (onPostgres) {
      dbExec(
        dataDir,
        "insert into drizzle.__drizzle_migrations (hash, created_at) select 'from-a-newer-crl', max(created_at) + 86400000 from drizzle.__drizzle_migrations; create table from_the_future (x integer)",
      );
      return { dataDir, before: Buffer.from(JSON.stringify(pgState(dataDir))) };
    }
    const db = rawDb(dataDir, false);
    const latest = (db.prepare('select max(created_at) as m from __drizzle_migrations').get() as { m: number }).m;
    db.prepare('insert into __drizzle_migrations (hash, created_at) values (?, ?)').run('from-a-newer-crl', Number(latest) + 86_400_000);
    db.exec('create table from_the_future (x integer)');
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    return { dataDir, before: readFileSync(join(dataDir, 'crl.db')) };
  }

  it('library: openCrl throws a usage error saying to upgrade; the file is unchanged', async () => {
    const { dataDir, before } = await futureDb();
    let err: unknown;
    try {
      await (await openTestCrl({ dataDir })).close();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CrlError);
    expect((err as CrlError).kind).toBe('usage');
    expect((err as CrlError).message).toMatch(/newer version of crl/);
    expect((err as CrlError).hint).toMatch(/Upgrade crl/);
    const after = onPostgres ? Buffer.from(JSON.stringify(pgState(dataDir))) : readFileSync(join(dataDir, 'crl.db'));
    expect(after.equals(before)).toBe(true);
  });

  it('CLI: exit 2 with the message and hint, for reads and writes alike', async () => {
    const { dataDir } = await futureDb();
    for (const args of [['q'], ['record', '--agent', 'a', '--task', 't', '--variant', 'v', '--outcome', 'success'], ['init']]) {
      const r = runCrl(args, { dataDir });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toContain('newer version of crl');
      expect(r.stderr).toContain('hint: Upgrade crl');
    }
    expect(dbGet<{ c: number }>(dataDir, 'select count(*) as c from invocations')!.c).toBe(0);
  });
});

// About damage to the SQLite file itself (bytes of crl.db): there is no such file on postgres.
describe.skipIf(onPostgres)('a corrupt database gives a clear error (exit 1 with a hint), not a stack trace', () => {
  function expectClear(r: { code: number; stderr: string }) {
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/^error: .*(corrupt|malformed|not a database)/m);
    expect(r.stderr).toMatch(/^hint: /m);
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
  }

  it('random bytes instead of a database', () => {
    const dataDir = tempDir();
    writeFileSync(join(dataDir, 'crl.db'), Buffer.from(Array.from({ length: 8192 }, (_, i) => (i * 7919) % 251)));
    expectClear(runCrl(['q'], { dataDir }));
    expectClear(runCrl(['record', '--agent', 'a', '--task', 't', '--variant', 'v', '--outcome', 'success'], { dataDir }));
  });

  it('a database cut in half', () => {
    const dataDir = tempDir();
    const input = join(dataDir, 'w.jsonl');
    writeWorkload(input, { count: 2000, seed: 3 });
    expect(runCrl(['ingest', input], { dataDir }).code).toBe(0);
    const db = join(dataDir, 'crl.db');
    const bytes = readFileSync(db);
    writeFileSync(db, bytes.subarray(0, Math.floor(bytes.length / 2 / 4096) * 4096));
    expectClear(runCrl(['q'], { dataDir }));
  });

  it('damaged pages deep inside that only a later query reaches', () => {
    const dataDir = tempDir();
    const input = join(dataDir, 'w.jsonl');
    writeWorkload(input, { count: 3000, seed: 4 });
    expect(runCrl(['ingest', input], { dataDir }).code).toBe(0);
    const db = join(dataDir, 'crl.db');
    const size = statSync(db).size;
    const fd = openSync(db, 'r+');
    writeSync(fd, Buffer.alloc(40_000, 0xde), 0, 40_000, Math.floor(size / 2));
    closeSync(fd);
    // Writing into the damaged index fails mid-command: the message says so and what to do.
    expectClear(runCrl(['ingest', input], { dataDir }));
  });

  it('an empty crl.db (e.g. left by a crash before the first migration) is initialised normally', () => {
    const dataDir = tempDir();
    writeFileSync(join(dataDir, 'crl.db'), '');
    const r = runCrl(['q', '--json'], { dataDir });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([]);
    const d = new Database(join(dataDir, 'crl.db'), { readonly: true });
    expect(d.pragma('integrity_check', { simple: true })).toBe('ok');
    expect((d.prepare('select count(*) as c from __drizzle_migrations').get() as { c: number }).c).toBeGreaterThan(0);
    d.close();
  });
});
