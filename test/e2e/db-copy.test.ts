import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { createTestDatabase, onPostgres } from '../backend';
import { json, ROOT, runCli } from '../helpers';

interface CopyResult {
  rows: number;
  tables: { table: string; rows: number }[];
  q_checksum: string;
  from: string;
  to: string;
}

// A data dir on its SQLite file whatever the test run's backend (CRL_DATABASE_URL unset), and a PostgreSQL URL.
const sqliteDir = () => mkdtempSync(join(tmpdir(), 'crl-copy-'));
const onSqlite = { CRL_DATABASE_URL: undefined };
const q = (args: string[], dataDir: string, env: Record<string, string | undefined>) => json<unknown[]>(runCli(['q', '--json', ...args], { dataDir, env }));

// Needs a PostgreSQL server: runs in the postgres project (CRL_TEST_PG_URL).
describe.skipIf(!onPostgres)('crl db copy (built CLI, SQLite file ↔ PostgreSQL)', () => {
  it('copies SQLite into an empty PostgreSQL database and back, checked by row counts and the Q checksum; a non-empty target is refused', () => {
    const from = sqliteDir();
    expect(runCli(['variant', 'add', 'bot', 'v1', '--default'], { dataDir: from, env: onSqlite }).code).toBe(0);
    expect(runCli(['ingest', join(ROOT, 'test', 'fixtures', 'ingest', 'good.jsonl')], { dataDir: from, env: onSqlite }).code).toBe(0);
    const url = createTestDatabase();
    const password = new URL(url).password;

    const to = runCli(['db', 'copy', '--to', url, '--json'], { dataDir: from, env: onSqlite });
    expect(to.code, to.stderr).toBe(0);
    const copied = json<CopyResult>(to);
    expect(copied.rows).toBeGreaterThan(0);
    expect(copied.tables.find((t) => t.table === 'invocations')?.rows).toBeGreaterThan(0);
    expect(copied.to).not.toContain(password);
    // The PostgreSQL database answers what the SQLite file answers.
    expect(q([], from, { CRL_DATABASE_URL: url })).toEqual(q([], from, onSqlite));

    const again = runCli(['db', 'copy', '--to', url], { dataDir: from, env: onSqlite });
    expect(again.code).toBe(4);
    expect(again.stderr).toMatch(/target database is not empty.*nothing was copied/);
    for (const r of [to, again]) expect(r.stdout + r.stderr).not.toContain(password);

    const back = sqliteDir();
    const fromPg = runCli(['db', 'copy', '--from', url, '--json'], { dataDir: back, env: onSqlite });
    expect(fromPg.code, fromPg.stderr).toBe(0);
    expect(json<CopyResult>(fromPg)).toMatchObject({ rows: copied.rows, q_checksum: copied.q_checksum });
    expect(q([], back, onSqlite)).toEqual(q([], from, onSqlite));
    expect(runCli(['db', 'copy', '--from', url], { dataDir: back, env: onSqlite }).code).toBe(4);
  });
});
