import type { Command } from 'commander';
import { examples, type CliKit, withCrl } from '../kit';
import { fmt, printJson } from '../../terminal';

/** `crl waltzrl export`: coaching sessions as JSONL trajectories. */
export function addCoachCommands(w: Command, kit: CliKit): void {
  examples(
    w
      .command('export')
      .description('write the recorded coaching sessions as JSONL trajectories {state, action, reward, next_state, terminal}; prints counts and DIR statistics')
      .requiredOption('--out <file>', 'output JSONL file (overwritten)')
      .option('--since <iso8601>', 'only sessions from this time on')
      .option('--json', 'print the statistics as JSON'),
    ['crl waltzrl export --out coaching.jsonl', 'crl waltzrl export --out week.jsonl --since 2026-11-16T00:00:00Z --json'],
  ).action((o: { out: string; since?: string; json?: boolean }) =>
    withCrl(kit, async (crl) => {
      const s = await crl.waltzrl.exportCoaching(o.out, { since: o.since });
      if (o.json) return printJson(s);
      process.stdout.write(
        `Wrote ${s.lines} trajectory step(s) of ${s.sessions} session(s) to ${s.out}\n` +
          `  converged ${s.converged}, gave up ${s.gave_up}, coach/review failed ${s.failed}; rounds used mean ${fmt(s.rounds_used_mean, 2)}\n` +
          `  DIR per session: mean ${fmt(s.dir.mean, 3)} (improved ${s.dir.improved}, unchanged ${s.dir.unchanged}, worsened ${s.dir.worsened})\n` +
          `  DIR per round: ${s.dir.per_round.map((r) => `round ${r.round} mean ${fmt(r.mean, 3)} (n=${r.n})`).join(', ') || '-'}\n`,
      );
    }),
  );
}
