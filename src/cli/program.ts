import { Command, CommanderError } from 'commander';
import { fromSqliteError } from '../db/sqlite-errors';
import { columnsVar, type EnvSource } from '../env';
import { CrlError, UsageError } from '../errors';
import { GLOBAL_OPTIONS } from './command-word';

/** The `crl` program with its global options and help settings; each entry registers its commands on it. */
export function crlProgram(): Command {
  // One paragraph without newlines: commander wraps it to the help width (a hard newline would leave a short line).
  const program = new Command('crl').description(
    'Continuous reinforcement learning for LLM agent variants: learn Q-values per task type, apply better variants ' +
      'safely, roll back degrading ones, propose changes for review, and run the WaltzRL safety layer.',
  );
  for (const o of GLOBAL_OPTIONS) {
    if (o.flag === '--database-url') program.option(`${o.flag} ${o.value}`, o.description, databaseUrlOption);
    else program.option(`${o.flag} ${o.value}`, o.description);
  }
  return program
    .configureOutput({ getOutHelpWidth: () => helpWidth(process.stdout), getErrHelpWidth: () => helpWidth(process.stderr) })
    .showHelpAfterError('(run with --help for usage)')
    .configureHelp({ sortSubcommands: false, showGlobalOptions: true })
    .exitOverride();
}

/**
 * Checks the scheme of `--database-url` as it is parsed (exit 2 naming the option). The message names the
 * scheme only: the value may hold a password. An empty value leaves the choice to CRL_DATABASE_URL / config.
 */
export function databaseUrlOption(value: string): string {
  if (value === '' || /^postgres(ql)?:\/\//.test(value)) return value;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(value)?.[1];
  throw new UsageError(
    `--database-url must be a PostgreSQL URL (postgres://… or postgresql://…), got ${scheme ? `one of scheme "${scheme}"` : 'a value without a scheme'}.`,
    { hint: 'Leave out --database-url (and CRL_DATABASE_URL) to use the SQLite file of the data dir.' },
  );
}

/** Help width: the terminal's width, else a numeric COLUMNS (e.g. `COLUMNS=120 crl --help | less`), else commander's 80. */
export function helpWidth(stream: { isTTY?: boolean; columns?: number }, env?: EnvSource): number {
  if (stream.isTTY && stream.columns) return stream.columns;
  const n = columnsVar(env);
  return n !== undefined && n >= 40 ? n : 80;
}

/** Reports an error of a command on stderr and returns its exit code (commander's own errors are printed already). */
export function exitCodeOf(e: unknown): number {
  if (e instanceof CommanderError) {
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
    return 2; // commander already printed the message
  }
  if (!(e instanceof CrlError)) e = fromSqliteError(e) ?? e; // e.g. a corrupt page found mid-command
  if (e instanceof CrlError) {
    process.stderr.write(`error: ${e.message}\n`);
    if (e.hint) process.stderr.write(`hint: ${e.hint}\n`);
    return e.exitCode;
  }
  process.stderr.write(`internal error: ${(e as Error)?.stack ?? String(e)}\n`);
  return 1;
}
