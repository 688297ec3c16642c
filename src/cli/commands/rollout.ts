import type { Command } from 'commander';
import type { RolloutAction, RolloutView } from '../../features/rollout/rollout-service';
import { examples, int, type CliKit, withCrl } from '../kit';
import { printJson, renderTable } from '../../terminal';

const pct = (x: number | null | undefined) => (x == null ? '-' : `${(x * 100).toFixed(1)}%`);

function printRollouts(rs: RolloutView[]): void {
  if (rs.length === 0) return void process.stdout.write('No rollout in progress.\n');
  const rows = rs.map((r) => [
    `${r.agent_name}/${r.task_type}`, r.candidate, r.baseline ?? '-', r.status, `${r.step_percent}%`,
    r.next ? `${r.next.figures.candidate_n} / ${r.next.figures.default_n}` : '-',
    r.next ? `${pct(r.next.figures.candidate_rate)} / ${pct(r.next.figures.default_rate)}` : '-',
    r.next ? `${r.next.kind}: ${r.next.reason}` : (r.end_reason ?? ''),
  ]);
  const head = ['agent/task', 'candidate', 'default', 'status', 'step', 'n cand/def', 'success cand/def', 'next'];
  process.stdout.write(`${renderTable(head, rows, { maxWidths: [28, 18, 18, 9, 5, 11, 17, 60] })}\n`);
}

const printAction = (a: RolloutAction): void =>
  void process.stdout.write(`${a.action}: ${a.agent_name}/${a.task_type} ${a.candidate} ${a.from_percent}% → ${a.to_percent}%: ${a.reason}\n`);

/** `crl rollout start | status | advance | abort | history`: staged rollouts of a variant, any agent. */
export function registerRollout(program: Command, kit: CliKit): void {
  const g = program.command('rollout').description('bring a variant to traffic in steps (10 → 25 → 50 → 100 %), aborted when it degrades');
  examples(
    g.command('start <agent> <variant>')
      .description('start a staged rollout (the safety gate is checked first; exit 4 when it refuses or one is running)')
      .option('--task <task>', 'task type (default: agent-wide)')
      .requiredOption('--by <name>', 'who starts it')
      .option('--reason <text>', 'why')
      .option('--immediate', 'switch the default at once instead (the guide\'s direct switch; audited)')
      .option('--json', 'print JSON'),
    ['crl rollout start support-bot v4-concise --task faq --by alice', 'crl rollout start waltzrl stage2-guard-v1 --task safety-review --by alice   # = crl waltzrl stage promote'],
  ).action((agent: string, variant: string, o: { task?: string; by: string; reason?: string; immediate?: boolean; json?: boolean }) =>
    withCrl(kit, async (crl) => {
      const r = await crl.rollout.start({ agent, variant, task: o.task, by: o.by, reason: o.reason, immediate: o.immediate });
      if (o.json) return printJson(r);
      if (r.kind === 'switched') return void process.stdout.write(`default of ${r.agent_name}/${r.task_type} switched to ${r.variant_id} (was ${r.previous ?? '-'})\n`);
      if (r.gate) process.stdout.write(`benchmark gate passed: ${r.gate.reason} (report ${r.gate.report_id})\n`);
      process.stdout.write(`rollout ${r.rollout.rollout_id} started: ${variant} serves ${r.rollout.step_percent}% of ${agent}/${r.rollout.task_type}\n`);
    }),
  );
  examples(
    g.command('status')
      .description('rollouts in progress: step, samples and success rate of both arms, the next action')
      .option('--agent <agent>', 'only this agent')
      .option('--task <task>', 'only this task type')
      .option('--all', 'also completed and aborted ones')
      .option('--json', 'print JSON'),
    ['crl rollout status', 'crl rollout status --agent support-bot --json'],
  ).action((o: { agent?: string; task?: string; all?: boolean; json?: boolean }) =>
    withCrl(kit, async (crl) => {
      const rs = await crl.rollout.status({ agent: o.agent, task: o.task, all: o.all });
      return o.json ? printJson(rs) : printRollouts(rs);
    }),
  );
  examples(
    g.command('advance <agent>')
      .description('one look at the rollout: abort when the candidate degrades, else the next step when dwell, samples and approval allow (exit 4 with the reason otherwise)')
      .option('--task <task>', 'task type (default: agent-wide)')
      .requiredOption('--by <name>', 'who acts')
      .option('--json', 'print JSON'),
    ['crl rollout advance support-bot --task faq --by alice'],
  ).action((agent: string, o: { task?: string; by: string; json?: boolean }) =>
    withCrl(kit, async (crl) => {
      const a = await crl.rollout.advance({ agent, task: o.task, by: o.by });
      return o.json ? printJson(a) : printAction(a);
    }),
  );
  examples(
    g.command('abort <agent>')
      .description('stop the rollout now: traffic back to the default, a rollback event, a cool-down for the candidate')
      .option('--task <task>', 'task type (default: agent-wide)')
      .requiredOption('--by <name>', 'who aborts it')
      .option('--reason <text>', 'why')
      .option('--json', 'print JSON'),
    ['crl rollout abort support-bot --task faq --by alice --reason "complaints"'],
  ).action((agent: string, o: { task?: string; by: string; reason?: string; json?: boolean }) =>
    withCrl(kit, async (crl) => {
      const a = await crl.rollout.abort({ agent, task: o.task, by: o.by, reason: o.reason });
      return o.json ? printJson(a) : printAction(a);
    }),
  );
  examples(
    g.command('history')
      .description('rollout events, newest first: starts, steps, approvals asked, aborts, completions')
      .option('--agent <agent>', 'only this agent')
      .option('--task <task>', 'only this task type')
      .option('--limit <n>', 'at most this many events', int('--limit', 1), 50)
      .option('--json', 'print JSON'),
    ['crl rollout history --agent support-bot'],
  ).action((o: { agent?: string; task?: string; limit: number; json?: boolean }) =>
    withCrl(kit, async (crl) => {
      const es = await crl.rollout.history({ agent: o.agent, task: o.task, limit: o.limit });
      if (o.json) return printJson(es);
      const rows = es.map((e) => [e.ts, `${e.agent_name}/${e.task_type}`, e.candidate, e.event_type, `${e.from_percent}% → ${e.to_percent}%`, e.actor, e.reason]);
      process.stdout.write(`${renderTable(['time', 'agent/task', 'candidate', 'event', 'step', 'by', 'reason'], rows, { maxWidths: [24, 28, 18, 14, 12, 12, 50] })}\n`);
    }),
  );
}
