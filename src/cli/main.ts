import type { Command } from 'commander';
import type { CliKit, GlobalOptions } from './kit';
import { crlProgram, exitCodeOf } from './program';
import { registerLearning } from './commands/learning';
import { registerVariant } from './commands/variant';
import { registerDemo } from './commands/demo';
import { registerMonitor } from './commands/monitor';
import { registerProposals } from './commands/proposals';
import { registerDashboard } from './commands/dashboard';
import { registerWaltzrl } from './commands/waltzrl';
import { registerSafety } from './commands/safety';
import { registerSelect } from './commands/select';
import { registerRollout } from './commands/rollout';
import { registerServe } from './commands/serve';
import { registerToken } from './commands/token';
import { registerDb } from './commands/db';

/** Builds the program. Command groups live in ./commands, one register function each. */
export function buildProgram(): Command {
  const program = crlProgram();
  const kit: CliKit = {
    globals: () => program.opts<GlobalOptions>(),
    async open() {
      const { openCrl } = await import('../crl');
      const g = program.opts<GlobalOptions>();
      return openCrl({ dataDir: g.dataDir, config: g.config, databaseUrl: g.databaseUrl });
    },
  };
  const groups = [
    registerLearning, registerSelect, registerVariant, registerRollout, registerSafety, registerMonitor,
    registerDemo, registerDashboard, registerProposals, registerWaltzrl, registerServe, registerToken, registerDb,
  ];
  for (const register of groups) register(program, kit);
  program.commands.forEach(function exitOverrideAll(c: Command) {
    c.exitOverride();
    c.commands.forEach(exitOverrideAll);
  });
  return program;
}

/** Runs the CLI and returns its exit code (the bin sets it). */
export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return 0;
  } catch (e) {
    return exitCodeOf(e);
  }
}
