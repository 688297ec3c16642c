import { createHash } from 'node:crypto';
import { is } from 'drizzle-orm';
import { getTableConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import * as schema from '../../db/schema';
import type { SqlDb } from '../../db/sql-db';
import { ConflictError, CrlError } from '../../errors';

/** One table as copied: its name, its columns, and the column it is read in order of. */
interface TableSpec {
  name: string;
  columns: string[];
  order: string;
  /** The serial id column whose sequence is set after a copy into PostgreSQL. */
  serial: string | null;
}

/** Every table of the schema, parents before the tables whose rows refer to them. */
export function copyTables(): TableSpec[] {
  const tables = (Object.values(schema) as unknown[]).filter((t): t is SQLiteTable => is(t, SQLiteTable));
  const specs = tables.map((t) => {
    const c = getTableConfig(t);
    const pk = c.columns.filter((col) => col.primary).map((col) => col.name);
    const composite = c.primaryKeys[0]?.columns.map((col) => col.name) ?? [];
    const key = pk.length ? pk : composite;
    const serial = c.columns.find((col) => col.primary && col.name === 'id' && col.columnType === 'SQLiteInteger')?.name ?? null;
    const parents = c.foreignKeys.map((fk) => getTableConfig(fk.reference().foreignTable as SQLiteTable).name);
    return { spec: { name: c.name, columns: c.columns.map((col) => col.name), order: key.join(', '), serial }, parents };
  });
  const done = new Set<string>();
  const out: TableSpec[] = [];
  while (out.length < specs.length) {
    const before = out.length;
    for (const s of specs) {
      if (done.has(s.spec.name) || !s.parents.every((p) => done.has(p) || p === s.spec.name)) continue;
      done.add(s.spec.name);
      out.push(s.spec);
    }
    if (out.length === before) throw new CrlError('internal', 'The schema has a cycle of foreign keys: cannot order the copy.');
  }
  return out;
}

export interface CopyProgress {
  table: string;
  copied: number;
  total: number;
}

export interface CopyResult {
  tables: { table: string; rows: number }[];
  rows: number;
  /** sha256 of the Q-table (every tuple's learned figures and counts), equal on both sides. */
  q_checksum: string;
}

/** Rows of the source copied per statement. */
const BATCH = 500;

/** The Q-table's checksum: every tuple's learned figures and exact counts, in a fixed order. */
export async function qChecksum(db: SqlDb): Promise<string> {
  const h = createHash('sha256');
  const rows = await db.all<Record<string, unknown>>(
    `select agent_name, task_type, variant_id, q_value, n_visits, inv_count, inv_success, inv_partial, inv_failure, inv_error, reward_sum
     from q_values order by agent_name, task_type, variant_id`,
  );
  for (const r of rows) h.update(JSON.stringify(Object.values(r).map((v) => (typeof v === 'number' ? Number(v) : v)))).update('\n');
  return h.digest('hex');
}

/** The tables of a database that hold rows (the target of a copy must have none). */
export async function nonEmptyTables(db: SqlDb): Promise<string[]> {
  const out: string[] = [];
  for (const t of copyTables()) if (await db.get(`select 1 as x from ${t.name} limit 1`)) out.push(t.name);
  return out;
}

/**
 * Copies every row of `from` into the empty database `to`, table by table in one transaction of the
 * target, then checks each table's row count and the Q-table checksum on both sides. A target that holds
 * any row is refused (ConflictError, exit 4) and nothing is written.
 */
export async function copyDatabase(from: SqlDb, to: SqlDb, onProgress?: (p: CopyProgress) => void): Promise<CopyResult> {
  const busy = await nonEmptyTables(to);
  if (busy.length) {
    throw new ConflictError(`The target database is not empty (rows in ${busy.join(', ')}); nothing was copied.`, {
      hint: 'Copy into a new, empty database (a fresh `crl init` makes one).',
    });
  }
  const tables = copyTables();
  const counts: { table: string; rows: number }[] = [];
  await to.transaction(async (tx) => {
    for (const t of tables) {
      const total = Number((await from.get<{ c: number }>(`select count(*) as c from ${t.name}`))?.c ?? 0);
      const cols = t.columns.join(', ');
      const row = `(${t.columns.map(() => '?').join(', ')})`;
      let copied = 0;
      // One-column keys are read by keyset (constant cost a batch on 10^6 rows); composite keys (small tables) by offset.
      const keyset = !t.order.includes(',');
      let last: unknown = null;
      for (let offset = 0; offset < total; offset += BATCH) {
        const rows = keyset
          ? await from.all<Record<string, unknown>>(
              `select ${cols} from ${t.name} ${last === null ? '' : `where ${t.order} > ?`} order by ${t.order} limit ?`,
              last === null ? [BATCH] : [last as string | number, BATCH],
            )
          : await from.all<Record<string, unknown>>(`select ${cols} from ${t.name} order by ${t.order} limit ? offset ?`, [BATCH, offset]);
        if (!rows.length) break;
        last = rows[rows.length - 1][t.order];
        const values = rows.flatMap((r) => t.columns.map((c) => r[c] as string | number | Buffer | null));
        await tx.run(`insert into ${t.name} (${cols}) values ${rows.map(() => row).join(', ')}`, values);
        copied += rows.length;
        onProgress?.({ table: t.name, copied, total });
      }
      if (tx.dialect === 'postgres' && t.serial) {
        await tx.get(`select setval(pg_get_serial_sequence('${t.name}', '${t.serial}'), coalesce(max(${t.serial}), 1), max(${t.serial}) is not null) from ${t.name}`);
      }
      counts.push({ table: t.name, rows: copied });
      if (total === 0) onProgress?.({ table: t.name, copied: 0, total: 0 });
    }
  });
  for (const c of counts) {
    const n = Number((await to.get<{ c: number }>(`select count(*) as c from ${c.table}`))?.c ?? 0);
    if (n !== c.rows) throw new CrlError('internal', `Copy check failed: ${c.table} has ${n} rows in the target, ${c.rows} in the source.`);
  }
  const [a, b] = [await qChecksum(from), await qChecksum(to)];
  if (a !== b) throw new CrlError('internal', `Copy check failed: the Q-table checksum differs (source ${a.slice(0, 12)}…, target ${b.slice(0, 12)}…).`);
  return { tables: counts, rows: counts.reduce((s, c) => s + c.rows, 0), q_checksum: a };
}
