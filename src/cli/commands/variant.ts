import type { Command } from 'commander';
import { userVar } from '../../env';
import { UsageError } from '../../errors';
import { examples, type CliKit, withCrl } from '../kit';
import { printJson, renderTable } from '../../terminal';

function parseParams(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  try {
    const v = JSON.parse(text) as unknown;
    if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new Error('not an object');
    return v as Record<string, unknown>;
  } catch (e) {
    throw new UsageError(`--params must be a JSON object: ${(e as Error).message}`);
  }
}

export function registerVariant(program: Command, kit: CliKit): void {
  const variant = program.command('variant').description('register variants and choose defaults');

  examples(
    variant
      .command('add <agent> <variant>')
      .description('register a variant of an agent (prompt / model tier / parameters)')
      .option('--task <task>', 'task type the --default applies to (default: all task types of the agent)')
      .option('--default', 'make it the default')
      .option('--params <json>', 'variant parameters as a JSON object')
      .option('--description <text>', 'free text')
      .option('--by <name>', 'who registers it', userVar() ?? 'cli'),
    ['crl variant add backend-architect v2-concise --params \'{"temperature":0.2}\' --default'],
  ).action((agent: string, id: string, o: { task?: string; default?: boolean; params?: string; description?: string; by: string }) =>
    withCrl(kit, async (crl) => {
      const v = await crl.variants.add({ agent, variant: id, task: o.task, isDefault: Boolean(o.default), params: parseParams(o.params), description: o.description, by: o.by });
      process.stdout.write(`Registered ${v.agent_name}/${v.variant_id}${v.default_for.length ? ` (default for ${v.default_for.join(', ')})` : ''}\n`);
    }),
  );

  examples(
    variant.command('list').description('list variants with their status and defaults').option('--agent <agent>', 'only this agent').option('--json', 'print JSON'),
    ['crl variant list --agent backend-architect --json'],
  ).action((o: { agent?: string; json?: boolean }) =>
    withCrl(kit, async (crl) => {
      const rows = await crl.variants.list(o.agent);
      if (o.json) return printJson(rows);
      if (rows.length === 0) return void process.stdout.write('No variants registered. Add one: crl variant add <agent> <variant>\n');
      process.stdout.write(
        `${renderTable(
          ['agent', 'variant', 'status', 'default for', 'params'],
          rows.map((r) => [r.agent_name, r.variant_id, r.status, r.default_for.join(', ') || '-', JSON.stringify(r.params)]),
          { maxWidths: [24, 24, 8, 18, 20] },
        )}\n`,
      );
    }),
  );

  examples(
    variant
      .command('set-default <agent> <variant>')
      .description('make a variant the default (audited: who, when, why and the figures)')
      .option('--task <task>', 'only for this task type (default: agent-wide)')
      .requiredOption('--by <name>', 'who makes the change')
      .option('--reason <text>', 'why'),
    ['crl variant set-default backend-architect v2-concise --task api-design --by alice --reason "won the A/B"'],
  ).action((agent: string, id: string, o: { task?: string; by: string; reason?: string }) =>
    withCrl(kit, async (crl) => {
      const r = await crl.variants.setDefault({ agent, variant: id, task: o.task, by: o.by, reason: o.reason });
      process.stdout.write(`Default of ${r.agent_name} for ${r.task_type === '*' ? 'all task types' : r.task_type}: ${r.previous ?? '(none)'} → ${r.variant_id}\n`);
    }),
  );

  examples(
    variant
      .command('retire <agent> <variant>')
      .description('retire a variant: never selected or used as a rollback target again')
      .requiredOption('--by <name>', 'who makes the change')
      .option('--reason <text>', 'why'),
    ['crl variant retire backend-architect v0-legacy --by alice --reason "superseded"'],
  ).action((agent: string, id: string, o: { by: string; reason?: string }) =>
    withCrl(kit, async (crl) => {
      const v = await crl.variants.retire({ agent, variant: id, by: o.by, reason: o.reason });
      process.stdout.write(`Retired ${v.agent_name}/${v.variant_id}\n`);
    }),
  );
}
