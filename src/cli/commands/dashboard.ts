import type { Command } from 'commander';
import { Option } from 'commander';
import type { Ctx } from '../../context';
import type { Crl } from '../../crl';
import { UsageError } from '../../errors';
import { examples, num, type CliKit, withCrl } from '../kit';
import { printJson, useColor } from '../../terminal';

/**
 * Hidden `--now ISO8601` option: evaluates time windows (last 24 h, 30 days, proposal age) at a fixed
 * instant instead of the wall clock. Used by the snapshot tests; documented in the README.
 */
const nowOption = () => new Option('--now <iso8601>', 'evaluate time windows at this instant (tests, replays)').hideHelp();

function clockCtx(crl: Crl, now: string | undefined): Ctx {
  if (now === undefined) return crl.ctx;
  const t = Date.parse(now);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(now) || Number.isNaN(t)) throw new UsageError(`--now must be an ISO 8601 timestamp, got "${now}"`);
  const fixed = new Date(t);
  return { ...crl.ctx, now: () => new Date(fixed) };
}

/** Resolves on the first SIGINT or SIGTERM. */
const untilStopped = () =>
  new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });

export function registerDashboard(program: Command, kit: CliKit): void {
  examples(
    program
      .command('dashboard')
      .description('safety dashboard: health, last rollbacks, pending proposals, high-confidence variants, alerts, WaltzRL stage')
      .option('--watch <seconds>', 'refresh in place every SECONDS until Ctrl-C', num('--watch'))
      .option('--json', 'print the same content as one JSON object (one line per refresh with --watch)')
      .addOption(nowOption()),
    ['crl dashboard', 'crl dashboard --watch 5', 'crl dashboard --json | jq .health'],
  ).action((o: { watch?: number; json?: boolean; now?: string }) =>
    withCrl(kit, async (crl) => {
      if (o.watch !== undefined && !(o.watch > 0)) throw new UsageError(`--watch must be a number of seconds > 0, got ${o.watch}`);
      const ctx = clockCtx(crl, o.now);
      const { buildDashboard } = await import('../../features/dashboard/dashboard-service');
      const { renderDashboard, DASHBOARD_WIDTH } = await import('../../features/dashboard/render-dashboard');
      const tty = Boolean(process.stdout.isTTY);
      const width = tty && process.stdout.columns ? Math.max(60, Math.min(DASHBOARD_WIDTH, process.stdout.columns)) : DASHBOARD_WIDTH;
      const text = async () => renderDashboard(await buildDashboard(ctx), { color: useColor(), width });
      if (o.watch === undefined) {
        if (o.json) return printJson(await buildDashboard(ctx));
        return void process.stdout.write(await text());
      }
      const draw = async () => {
        if (o.json) process.stdout.write(`${JSON.stringify(await buildDashboard(ctx))}\n`);
        // In place: cursor home, each line cleared to its end, then the rest of the screen (no flicker).
        else if (tty) process.stdout.write(`\u001b[H${`${await text()}\nRefreshing every ${o.watch} s — Ctrl-C to stop.`.split('\n').join('\u001b[K\n')}\u001b[K\u001b[J`);
        else process.stdout.write(`${await text()}\n`);
      };
      if (tty && !o.json) process.stdout.write('\u001b[?25l\u001b[2J');
      await draw();
      // One refresh at a time: the next is scheduled once the previous one is written (a slow database never
      // piles up refreshes); a failed refresh ends the watch with its error, as a failed first one does.
      let timer: NodeJS.Timeout | undefined;
      let stopped = false;
      let fail: (e: unknown) => void = () => undefined;
      const failed = new Promise<never>((_, reject) => (fail = reject));
      const schedule = () => {
        if (!stopped) timer = setTimeout(() => draw().then(schedule, (e: unknown) => stopped || fail(e)), (o.watch as number) * 1000);
      };
      schedule();
      try {
        await Promise.race([untilStopped(), failed]);
      } finally {
        stopped = true;
        clearTimeout(timer);
        if (tty && !o.json) process.stdout.write('\u001b[?25h\n');
      }
    }),
  );

  examples(
    program
      .command('metrics')
      .description('print the health figures in the Prometheus text exposition format (gauges), for scrapers')
      .option('--json', 'print the metric families as JSON')
      .addOption(nowOption()),
    ['crl metrics > /var/lib/node_exporter/textfile/crl.prom', 'crl metrics --json'],
  ).action((o: { json?: boolean; now?: string }) =>
    withCrl(kit, async (crl) => {
      const ctx = clockCtx(crl, o.now);
      const { collectMetrics, formatPrometheus } = await import('../../features/dashboard/metrics-service');
      const families = await collectMetrics(ctx);
      if (o.json) return printJson(families);
      process.stdout.write(formatPrometheus(families));
    }),
  );
}
