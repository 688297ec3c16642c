import type { Command } from 'commander';
import { resolveConfig } from '../../context';
import { resolveDataDir } from '../../config/config-defaults';
import { connect, connectSqlite, maskUrl, resolveDatabaseUrl } from '../../db/connect';
import { UsageError } from '../../errors';
import { printJson } from '../../terminal';
import { examples, type CliKit } from '../kit';
import { progressReporter, withProgress } from '../progress';

export function registerDb(program: Command, kit: CliKit): void {
  const db = program.command('db').description('move the store between the SQLite file of a data dir and PostgreSQL');
  examples(
    db
      .command('copy')
      .description(
        'copy every row into an empty database, then check row counts and the Q-table checksum on both sides: ' +
          '--to URL copies the data dir\'s SQLite file into PostgreSQL, --from URL copies PostgreSQL into an empty data dir',
      )
      .option('--to <url>', 'an empty PostgreSQL database to copy the SQLite file of the data dir into')
      .option('--from <url>', 'a PostgreSQL database to copy into the (empty) SQLite file of the data dir')
      .option('--json', 'print JSON'),
    ['crl db copy --to postgres://crl@db.internal:5432/crl', 'crl --data-dir ./restored db copy --from postgres://crl@db.internal:5432/crl'],
  ).action(async (o: { to?: string; from?: string; json?: boolean }) => {
    if (Boolean(o.to) === Boolean(o.from)) throw new UsageError('Give exactly one of --to URL and --from URL.');
    const g = kit.globals();
    const config = resolveConfig(g.config);
    const dataDir = resolveDataDir(g.dataDir);
    const url = resolveDatabaseUrl(o.to ?? o.from, config) as string;
    const sqlite = connectSqlite(dataDir, config);
    let remote;
    try {
      remote = await connect(dataDir, config, url);
    } catch (e) {
      await sqlite.db.close();
      throw e;
    }
    const [source, target] = o.to ? [sqlite, remote] : [remote, sqlite];
    // Loaded here: the copy reads the schema definitions, which no other command needs at start.
    const { copyDatabase } = await import('../../features/db-copy/db-copy-service');
    const progress = progressReporter({ label: 'db copy', unit: 'rows', json: o.json });
    let table = '';
    const onProgress = (p: { table: string; copied: number; total: number }) => {
      if (p.table !== table) progress.phase(`db copy ${(table = p.table)}`, 'rows');
      progress.update({ done: p.copied, total: p.total });
    };
    try {
      const r = await withProgress(progress, () => copyDatabase(source.db, target.db, progress.active ? onProgress : undefined));
      const out = { from: source.backend.location, to: target.backend.location, ...r };
      if (o.json) printJson(out);
      else {
        process.stdout.write(`Copied ${r.rows} rows in ${r.tables.length} tables from ${out.from} to ${maskUrl(out.to)}.\n`);
        process.stdout.write(`Row counts equal on both sides; Q-table checksum ${r.q_checksum.slice(0, 16)}… on both sides.\n`);
      }
    } finally {
      await source.db.close();
      await target.db.close();
    }
  });
}
