import { Command, CommanderError } from 'commander';
import { CrlError } from '../errors';
import { fromSqliteError } from '../db/sqlite-errors';
import type { CliKit } from './kit';
import { registerLearning } from './commands/learning';
import { registerVariant } from './commands/variant';
import { registerDemo } from './commands/demo';
import { registerMonitor } from './commands/monitor';
import { registerProposals } from './commands/proposals';
import { registerDashboard } from './commands/dashboard';
import { registerWaltzrl } from './commands/waltzrl';
import { registerWaltzrlStage } from './commands/waltzrl-stage';
import { registerWaltzrlCoach } from './commands/waltzrl-coach';
import { registerSafetyBenchmark } from './commands/safety-benchmark';

/** Builds the program. Command groups live in ./commands, one register function each. */
export function buildProgram(): Command {
  const program = new Command('crl')
    .description(
      'Continuous reinforcement learning for LLM agent variants: learn Q-values per task type, apply better\n' +
        'variants safely, roll back degrading ones, propose changes for review, run the WaltzRL safety layer.',
    )
    .option('--data-dir <dir>', 'data directory (env CRL_DATA_DIR, default ./telemetry/crl)')
    .option('--config <file>', 'JSON config file with thresholds (env CRL_CONFIG)')
    .showHelpAfterError('(run with --help for usage)')
    .configureHelp({ sortSubcommands: false, showGlobalOptions: true })
    .exitOverride();
  const kit: CliKit = {
    globals: () => program.opts<{ dataDir?: string; config?: string }>(),
    async open() {
      const { openCrl } = await import('../crl');
      const g = program.opts<{ dataDir?: string; config?: string }>();
      return openCrl({ dataDir: g.dataDir, config: g.config });
    },
  };
  for (const register of [registerLearning, registerVariant, registerMonitor, registerDemo, registerDashboard, registerProposals, registerWaltzrl, registerWaltzrlStage, registerWaltzrlCoach, registerSafetyBenchmark]) register(program, kit);
  program.commands.forEach(function exitOverrideAll(c: Command) {
    c.exitOverride();
    c.commands.forEach(exitOverrideAll);
  });
  return program;
}

/** Runs the CLI; the only place that sets the exit code. */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (e) {
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
}
