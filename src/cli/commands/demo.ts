import type { Command } from 'commander';
import { examples, type CliKit } from '../kit';

export function registerDemo(program: Command, kit: CliKit): void {
  examples(
    program
      .command('demo')
      .description('generate a realistic workload in a fresh data dir and walk through what crl does with it')
      .option('--seed <n>', 'random seed', '42')
      .option('--invocations <n>', 'invocations to generate', '6000'),
    ['crl demo', 'crl --data-dir /tmp/crl-demo demo --seed 7'],
  ).action(async (o: { seed: string; invocations: string }) => {
    const { runDemo } = await import('../../../scripts/demo/demo');
    await runDemo({ dataDir: kit.globals().dataDir, config: kit.globals().config, seed: Number(o.seed), invocations: Number(o.invocations) });
  });
}
