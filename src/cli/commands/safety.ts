import type { Command } from 'commander';
import type { CliKit } from '../kit';
import { addPromotionCheck } from './promotion';
import { addBenchmarkCommands } from './safety-benchmark';

/** The `safety` group: `check` (the SafetyMonitor's promotion decision) and the safety benchmark behind the gate. */
export function registerSafety(program: Command, kit: CliKit): void {
  const safety = program
    .command('safety')
    .description('SafetyMonitor promotion check of a variant, and the safety benchmark that gates every change of a default');
  addPromotionCheck(safety, kit);
  addBenchmarkCommands(safety, kit);
}
