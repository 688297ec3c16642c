import { CrlError } from '../errors';

/**
 * Turns a raw SQLite error that reached the CLI (e.g. a corrupt page found in the middle of a command)
 * into a CrlError that says what happened and what to do, instead of a stack trace. Exit code 1.
 * Returns undefined for anything that is not a SQLite error.
 */
export function fromSqliteError(e: unknown): CrlError | undefined {
  const code = String((e as { code?: unknown } | null)?.code ?? '');
  if (!code.startsWith('SQLITE_')) return undefined;
  const msg = (e as Error).message;
  const hint = HINTS.find(([prefix]) => code.startsWith(prefix))?.[1];
  if (!hint) return undefined;
  return new CrlError('internal', `The database failed: ${msg} (${code}).`, { hint, cause: e });
}

const HINTS: [string, string][] = [
  ['SQLITE_CORRUPT', 'The database file is damaged. Check it with `sqlite3 crl.db "pragma integrity_check"`, restore it from a backup, or move it away and run `crl init`.'],
  ['SQLITE_NOTADB', 'The file is not a crl database. Point --data-dir at a crl data dir, or move the file away and run `crl init`.'],
  ['SQLITE_BUSY', 'Another crl process held the database longer than store.busy_timeout_ms; run the command again or raise that setting.'],
  ['SQLITE_FULL', 'The disk is full; free some space and run the command again (nothing of the failed command was written).'],
  ['SQLITE_READONLY', 'The database is read-only for this user; check the owner and permissions of the data dir.'],
  ['SQLITE_CANTOPEN', 'The database cannot be opened; check that the data dir exists and belongs to this user.'],
  ['SQLITE_IOERR', 'A disk I/O error occurred; check the disk, then run the command again (nothing of the failed command was written).'],
];
