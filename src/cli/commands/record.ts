import type { Command } from 'commander';
import { Option } from 'commander';
import type { RecordInput } from '../../crl';
import type { RecordResult } from '../../features/learning/record-invocation';
import { examples, int, num } from '../kit';
import { fmt, printJson } from '../../terminal';

/** How `crl record` stores a line: the full CLI through the library (zod validation), the record entry through the fast path. */
export interface RecordKit {
  record(input: RecordInput): Promise<RecordResult>;
}

/** `crl record`, registered by the full program (via ./learning) and by the record entry (../record-main). */
export function registerRecord(program: Command, kit: RecordKit): void {
  examples(
    program
      .command('record')
      .description('record one completed invocation and update its Q-value')
      .requiredOption('--agent <agent>', 'agent name')
      .requiredOption('--task <task>', 'task type')
      .requiredOption('--variant <variant>', 'variant id')
      .addOption(new Option('--outcome <outcome>', 'how it ended').choices(['success', 'failure', 'error', 'partial']).makeOptionMandatory())
      .option('--reward <r>', 'reward in [0,1] (otherwise computed from outcome, quality, speed, errors)', num('--reward'))
      .option('--quality <q>', 'quality score in [0,1]', num('--quality'))
      .option('--errors <n>', 'number of errors', int('--errors'))
      .option('--duration-ms <d>', 'duration in milliseconds', num('--duration-ms'))
      .option('--id <id>', 'invocation id (makes a retry idempotent)')
      .option('--at <iso8601>', 'when it completed (default: now)')
      .option('--json', 'print JSON'),
    ['crl record --agent backend-architect --task api-design --variant v2 --outcome success --quality 0.9 --duration-ms 4200'],
  ).action(async (o: {
    agent: string; task: string; variant: string; outcome: string; reward?: number; quality?: number;
    errors?: number; durationMs?: number; id?: string; at?: string; json?: boolean;
  }) => {
    const r = await kit.record({
      agent_name: o.agent, task_type: o.task, variant_id: o.variant, outcome: o.outcome as 'success',
      reward: o.reward, quality_score: o.quality, error_count: o.errors, duration_ms: o.durationMs,
      invocation_id: o.id, timestamp: o.at,
    });
    if (o.json) return printJson(r);
    process.stdout.write(
      `${r.status === 'duplicate' ? 'Already recorded' : 'Recorded'} ${r.invocation_id}: reward ${fmt(r.reward)} ` +
        `→ Q(${r.agent_name}, ${r.task_type}, ${r.variant_id}) = ${fmt(r.q_value, 4)} (n=${r.n_visits})\n`,
    );
  });
}
