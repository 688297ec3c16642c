import type { Command } from 'commander';
import { UsageError } from '../../errors';
import { examples, int, type CliKit, withCrl } from '../kit';

/** `crl serve`: the HTTP API. The server code (Fastify, prom-client) is loaded by this command only. */
export function registerServe(program: Command, kit: CliKit): void {
  examples(
    program
      .command('serve')
      .description(
        'HTTP API for agents on any host: POST /v1/invocations, GET /v1/select, the read commands, /v1/events (SSE), ' +
          '/metrics, /healthz, /readyz; bearer tokens (crl token); long-running, SIGTERM/SIGINT stop it gracefully',
      )
      .option('--host <host>', 'address to bind (default config server.host, 127.0.0.1)')
      .option('--port <port>', 'port to bind (default config server.port, 8787; 0 picks a free one)', int('--port', 0))
      .option('--schedule', 'also run the monitor and the weekly proposal job, under the lease of crl schedule')
      .option('--monitor-cron <expr>', 'with --schedule: cron expression of the monitor (default schedule.monitor_cron)')
      .option('--propose-cron <expr>', 'with --schedule: cron expression of the proposal job (default schedule.propose_cron)'),
    [
      'crl token create --name agents --scope admin && crl serve --port 8787',
      'crl serve --host 0.0.0.0 --schedule      # one process: API, monitor every 5 min, proposals on Mondays',
      'curl -H "Authorization: Bearer $CRL_TOKEN" "http://127.0.0.1:8787/v1/select?agent=support-bot&task=faq&subject=user-42"',
    ],
  ).action((o: { host?: string; port?: number; schedule?: boolean; monitorCron?: string; proposeCron?: string }) =>
    withCrl(kit, async (crl) => {
      if (o.port !== undefined && o.port > 65_535) throw new UsageError(`--port must be at most 65535, got ${o.port}`);
      if (!o.schedule && (o.monitorCron || o.proposeCron)) throw new UsageError('--monitor-cron and --propose-cron need --schedule.');
      const { runServer } = await import('../../server/serve');
      const schedule = o.schedule ? { open: async () => (await kit.open()).ctx, monitorCron: o.monitorCron, proposeCron: o.proposeCron } : undefined;
      await runServer(crl, { host: o.host, port: o.port, schedule });
    }),
  );
}
