import { join } from 'node:path';
import { appendLines, readTail } from '../../../telemetry/jsonl';
import type { Sqlite } from '../../db/open';
import { OUTBOX_FILES, type OutboxFile, type OutboxStore } from './outbox-store-type';

/** How far back the file is searched for a line a crash may have written already. */
const TAIL_BYTES = 4 * 1024 * 1024;

export function createOutboxStore(sqlite: Sqlite): OutboxStore {
  const ins = sqlite.prepare('insert into outbox (file, line, created_at) values (?, ?, ?)');
  const sel = sqlite.prepare('select id, file, line from outbox where exported_at is null order by id');
  const mark = sqlite.prepare('update outbox set exported_at = ? where id = ?');
  return {
    enqueue(file, record, now) {
      ins.run(file, JSON.stringify(record), now);
    },
    flush(dataDir, now) {
      const run = sqlite.transaction(() => {
        const rows = sel.all() as { id: number; file: OutboxFile; line: string }[];
        if (rows.length === 0) return 0;
        let appended = 0;
        for (const file of Object.keys(OUTBOX_FILES) as OutboxFile[]) {
          const mine = rows.filter((r) => r.file === file);
          if (mine.length === 0) continue;
          const path = join(dataDir, OUTBOX_FILES[file]);
          const tail = readTail(path, TAIL_BYTES);
          const missing = mine.filter((r) => !tail.includes(`${r.line}\n`) && !tail.endsWith(r.line));
          appendLines(path, missing.map((r) => r.line));
          appended += missing.length;
          for (const r of mine) mark.run(now, r.id);
        }
        return appended;
      });
      return run.immediate();
    },
    pending: () => (sqlite.prepare('select count(*) as c from outbox where exported_at is null').get() as { c: number }).c,
  };
}
