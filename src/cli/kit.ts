import type { Command } from 'commander';
import type { Crl } from '../crl';
import { UsageError } from '../errors';

/** What every command gets from the entry: an opened Crl for the global options. */
export interface CliKit {
  /**
   * Opens the data dir of `--data-dir` / `CRL_DATA_DIR` with `--config` / `CRL_CONFIG`, on the database of
   * `--database-url` / `CRL_DATABASE_URL` when one is given (else the data dir's SQLite file).
   */
  open(): Promise<Crl>;
  /** Global options after parsing. */
  globals(): GlobalOptions;
}

/** The global options of `crl` (program.ts). Print a database URL only through `maskUrl` (src/db/connect.ts). */
export interface GlobalOptions {
  dataDir?: string;
  config?: string;
  databaseUrl?: string;
}

/** Parses a numeric flag; anything that is not a finite number is a usage error naming the flag. */
export function num(flag: string): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n)) throw new UsageError(`${flag} must be a number, got "${value}"`);
    return n;
  };
}

/** Parses an integer flag ≥ min. */
export function int(flag: string, min = 0): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (!/^-?\d+$/.test(value.trim()) || n < min) throw new UsageError(`${flag} must be an integer ≥ ${min}, got "${value}"`);
    return n;
  };
}

/** Adds a help footer with examples. */
export function examples(cmd: Command, lines: string[]): Command {
  return cmd.addHelpText('after', `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`);
}

/** Runs fn with an opened Crl and always closes it (awaited: the connection or pool is closed before the command ends). */
export async function withCrl<T>(kit: CliKit, fn: (crl: Crl) => Promise<T> | T): Promise<T> {
  const crl = await kit.open();
  try {
    return await fn(crl);
  } finally {
    await crl.close();
  }
}
