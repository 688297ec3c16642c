import { join } from 'node:path';
import { appendLines, readTail } from '../../../telemetry/jsonl';
import type { SqlDb } from '../../db/sql-db';
import { OUTBOX_FILES, type OutboxFile, type OutboxStore } from './outbox-store-type';

/** How far back the file is searched for a line a crash may have written already. */
const TAIL_BYTES = 4 * 1024 * 1024;
const FILES = Object.keys(OUTBOX_FILES) as OutboxFile[];
/** Rows waiting for their append (of a known file: a row of another file would never be written). */
const PENDING_ANY = `exported_at is null and file in (${FILES.map(() => '?').join(', ')})`;

/**
 * The outbox of one origin (`originOf` the data dir: host and path). Lines are written with it; on
 * PostgreSQL, where hosts share the table, a flush claims only its own origin's lines, so each line goes
 * to the files of the host that made the change. A SQLite file belongs to one data dir: its flush takes
 * every pending line (also those written before origins were recorded, or under an older path).
 */
export function createOutboxStore(db: SqlDb, origin: string): OutboxStore {
  const mine = db.dialect === 'postgres';
  const PENDING = mine ? `${PENDING_ANY} and origin = ?` : PENDING_ANY;
  const pendingArgs = mine ? [...FILES, origin] : FILES;
  return {
    async enqueue(file, record, now) {
      await db.run('insert into outbox (file, line, created_at, origin) values (?, ?, ?, ?)', [file, JSON.stringify(record), now, origin]);
    },
    async flush(dataDir, now) {
      // Nothing pending (most commands): no write transaction at all.
      if (!(await db.get(`select id from outbox where ${PENDING} limit 1`, pendingArgs))) return 0;
      return db.transaction(async (t) => {
        // The claim is one compare-and-set over the pending rows: a concurrent flush waits for this
        // transaction's row locks (PostgreSQL) or for its write lock (SQLite), then finds them exported
        // and skips them, so only this flush appends their lines. Its marks commit only after the
        // appends; if it fails, every claim rolls back and the lines stay pending.
        const rows = (await t.all<{ id: number; file: OutboxFile; line: string }>(
          `update outbox set exported_at = ? where ${PENDING} returning id, file, line`,
          [now, ...pendingArgs],
        )).sort((a, b) => Number(a.id) - Number(b.id));
        if (rows.length === 0) return 0;
        let appended = 0;
        for (const file of FILES) {
          const mine = rows.filter((r) => r.file === file);
          if (mine.length === 0) continue;
          const path = join(dataDir, OUTBOX_FILES[file]);
          const tail = readTail(path, TAIL_BYTES);
          // A line already there was appended by a run that crashed before its mark committed.
          const missing = mine.filter((r) => !tail.includes(`${r.line}\n`) && !tail.endsWith(r.line));
          appendLines(path, missing.map((r) => r.line));
          appended += missing.length;
        }
        return appended;
      });
    },
    pending: async () => Number((await db.get<{ c: number }>('select count(*) as c from outbox where exported_at is null'))?.c ?? 0),
  };
}
