// No commander here: the bin reads the command word with it before it loads either entry.

/** The global options; each takes a value and may come before the command (`--data-dir DIR` or `--data-dir=DIR`). */
export const GLOBAL_OPTIONS = [
  { flag: '--data-dir', value: '<dir>', description: 'data directory (env CRL_DATA_DIR, default ./telemetry/crl)' },
  { flag: '--config', value: '<file>', description: 'JSON config file with thresholds (env CRL_CONFIG)' },
  // Printed only through maskUrl (src/db/connect.ts): never with its password.
  {
    flag: '--database-url',
    value: '<url>',
    description: 'PostgreSQL URL shared by a fleet (postgres://…); default CRL_DATABASE_URL, else the SQLite file of the data dir',
  },
] as const;

/**
 * The command word of `crl [global options] <command> …` (argv without node and the script): the first
 * argument after the global options, or undefined when another option (e.g. `--help`) or nothing comes first.
 */
export function commandWord(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (GLOBAL_OPTIONS.some((o) => a === o.flag)) i++; // its value follows
    else if (!GLOBAL_OPTIONS.some((o) => a.startsWith(`${o.flag}=`))) return a.startsWith('-') ? undefined : a;
  }
  return undefined;
}
