import { fastInvocationLine } from '../../telemetry/invocation-fast-path';
import { configFileOf, DEFAULT_CONFIG, resolveDataDir } from '../config/config-defaults';
import { connect } from '../db/connect';
import { createLearningStore } from '../features/learning/learning-store';
import { recordInvocation, type RecordResult } from '../features/learning/record-invocation';
import { registerRecord } from './commands/record';
import type { GlobalOptions } from './kit';
import { crlProgram, exitCodeOf } from './program';

/*
 * The entry of `crl record` (built alone into one CommonJS bundle: no zod, no other service), so that an
 * agent's record call costs little more than starting node. It stores a line only when the fast path
 * accepts it and no config file is in effect; otherwise it hands the whole command to the full CLI before
 * anything is opened or written, so that messages, exit codes and the config are the full CLI's.
 */

/** Thrown from the record action when the full CLI must run the command. */
class FullCliNeeded extends Error {}

/** Runs `crl record …` (argv as in process.argv); returns the exit code, or 'full-cli' when the full CLI must run it. */
export async function recordMain(argv: string[]): Promise<number | 'full-cli'> {
  const program = crlProgram();
  registerRecord(program, {
    async record(input): Promise<RecordResult> {
      const g = program.opts<GlobalOptions>();
      const line = configFileOf(g.config) === undefined ? fastInvocationLine(input) : undefined;
      if (line === undefined) throw new FullCliNeeded();
      // Unlike openCrl, no outbox flush: record exports nothing; the next other command (e.g. monitor) repairs the JSONL files.
      // The one store it needs, over the data dir's SQLite file or the PostgreSQL of --database-url / CRL_DATABASE_URL.
      const { db } = await connect(resolveDataDir(g.dataDir), DEFAULT_CONFIG, g.databaseUrl);
      try {
        const learning = createLearningStore(db, DEFAULT_CONFIG.degradation.sequential_lookback, DEFAULT_CONFIG.degradation.window);
        return await recordInvocation({ config: DEFAULT_CONFIG, now: () => new Date(), learning }, line);
      } finally {
        await db.close();
      }
    },
  });
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (e) {
    return e instanceof FullCliNeeded ? 'full-cli' : exitCodeOf(e);
  }
}
