import type { Command } from 'commander';
import { examples, int, type CliKit, withCrl } from '../kit';
import { fmt, printJson, renderTable } from '../../terminal';

/** `crl monitor`, `crl rollback history`, `crl schedule`. */
export function registerMonitor(program: Command, kit: CliKit): void {
  examples(
    program
      .command('monitor')
      .description('degradation check of every active (default) variant and rollback; without --once it runs on its cron schedule')
      .option('--once', 'one pass, then exit (for cron)')
      .option('--dry-run', 'report what would be rolled back, change nothing')
      .option('--json', 'print JSON {checked, degraded, rollbacks, rollouts}'),
    ['crl monitor --once', 'crl monitor --once --dry-run --json', '*/5 * * * * crl --data-dir /var/lib/crl monitor --once   # crontab'],
  ).action(async (o: { once?: boolean; dryRun?: boolean; json?: boolean }) => {
    if (!o.once) return schedule(kit, { only: ['monitor'] });
    await withCrl(kit, async (crl) => {
      const r = await crl.monitor.run({ dryRun: o.dryRun });
      if (o.json) return printJson(r);
      if (r.lease_held_by) return void process.stdout.write(`Another monitor is running (${r.lease_held_by}); nothing done.\n`);
      process.stdout.write(`Checked ${r.checked} active variant(s); ${r.degraded.length} degraded${r.dry_run ? ' (dry run: nothing changed)' : ''}.\n`);
      if (r.degraded.length) {
        process.stdout.write(
          `${renderTable(
            ['agent', 'task', 'variant', 'action', 'to', 'success (window/base)', 'reason'],
            r.degraded.map((d) => {
              const m = d.degradation_metrics as { window?: { success_rate: number }; baseline?: { success_rate: number } };
              return [d.agent_name, d.task_type, d.variant_id, d.action, d.to_variant ?? '-', m.window ? `${fmt(m.window.success_rate)} / ${fmt(m.baseline?.success_rate)}` : '-', d.reason];
            }),
            { maxWidths: [20, 18, 16, 20, 16, 21, 60] },
          )}\n`,
        );
      }
      for (const rb of r.rollbacks) process.stdout.write(`rolled back ${rb.rollback_id}: ${rb.agent_name}/${rb.task_type} ${rb.from_variant} → ${rb.to_variant}\n`);
      for (const a of r.rollouts) {
        const line = `${a.agent_name}/${a.task_type} ${a.candidate} ${a.from_percent}% → ${a.to_percent}%: ${a.reason}`;
        process.stdout.write(`rollout ${a.rollout_id} ${r.dry_run ? `would ${a.action}` : a.action}: ${line}\n`);
      }
    });
  });

  const rollback = program.command('rollback').description('rollback events');
  examples(
    rollback
      .command('history')
      .description('rollbacks and skipped rollbacks, newest first')
      .option('--agent <agent>', 'only this agent')
      .option('--task <task>', 'only this task type')
      .option('--limit <n>', 'at most N events', int('--limit', 1), 50)
      .option('--json', 'print JSON'),
    ['crl rollback history --agent security-auditor --limit 10', 'crl rollback history --json'],
  ).action((o: { agent?: string; task?: string; limit: number; json?: boolean }) =>
    withCrl(kit, async (crl) => {
      const rows = await crl.monitor.rollbacks({ agent: o.agent, task: o.task, limit: o.limit });
      if (o.json) return printJson(rows);
      if (rows.length === 0) return void process.stdout.write('No rollbacks.\n');
      process.stdout.write(
        `${renderTable(
          ['rollback_id', 'time', 'agent', 'task', 'from', 'to', 'by', 'reason'],
          rows.map((r) => [
            r.rollback_id, r.timestamp.slice(0, 19), r.agent_name, r.task_type, r.from_variant,
            r.to_variant ?? (r.event_type === 'rollback_skipped' ? '(skipped)' : '-'), r.triggered_by, r.reason,
          ]),
          { maxWidths: [22, 19, 20, 18, 16, 16, 12, 50] },
        )}\n`,
      );
    }),
  );

  examples(
    program
      .command('schedule')
      .description('long-running: monitor on its cron schedule and the weekly proposal job; SIGINT/SIGTERM stop it cleanly')
      .option('--monitor-cron <expr>', 'cron expression of the monitor (default schedule.monitor_cron, "*/5 * * * *")')
      .option('--propose-cron <expr>', 'cron expression of the proposal job (default schedule.propose_cron, "0 9 * * 1")'),
    ['crl schedule', 'crl schedule --monitor-cron "*/10 * * * * *"   # every 10 seconds'],
  ).action((o: { monitorCron?: string; proposeCron?: string }) => schedule(kit, o));
}

async function schedule(kit: CliKit, o: { monitorCron?: string; proposeCron?: string; only?: string[] }): Promise<void> {
  const { startScheduler } = await import('../../features/schedule/scheduler');
  const s = await startScheduler({ open: async () => (await kit.open()).ctx, monitorCron: o.monitorCron, proposeCron: o.proposeCron, only: o.only });
  await s.done;
}
