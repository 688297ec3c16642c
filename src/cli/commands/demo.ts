import type { Command } from 'commander';
import { examples, type CliKit } from '../kit';

export function registerDemo(program: Command, kit: CliKit): void {
  examples(
    program
      .command('demo')
      .summary('generate a realistic workload in a fresh data dir and walk through what crl does with it (SQLite only)')
      .description(
        'generate a realistic workload in a fresh data dir and walk through what crl does with it; always on the SQLite file ' +
          'of that data dir, never on --database-url / CRL_DATABASE_URL / store.database_url (a demo must not write into a fleet\'s database)',
      )
      .option('--seed <n>', 'random seed', '42')
      .option('--invocations <n>', 'invocations to generate', '6000'),
    ['crl demo', 'crl --data-dir /tmp/crl-demo demo --seed 7'],
  ).action(async (o: { seed: string; invocations: string }) => {
    const { runDemo } = await import('../../../scripts/demo/demo');
    const g = kit.globals();
    // Not kit.open(): the demo opens the SQLite file of its own data dir itself, whatever URL is in effect.
    await runDemo({ dataDir: g.dataDir, config: g.config, databaseUrl: g.databaseUrl, seed: Number(o.seed), invocations: Number(o.invocations) });
  });
}
