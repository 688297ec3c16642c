import type { Command } from 'commander';
import { Option } from 'commander';
import type { ProposalView } from '../../features/proposals/proposals-service';
import type { Decision, Evidence } from '../../features/proposals/review-service';
import { examples, int, type CliKit, withCrl } from '../kit';
import { fmt, paint, printJson, renderTable } from '../../terminal';

const STATUSES = ['pending', 'approved', 'rejected', 'deferred', 'applied'];

function table(rows: ProposalView[]): string {
  return renderTable(
    ['proposal', 'agent', 'task', 'type', 'conf', 'status', 'reasoning'],
    rows.map((p) => [p.proposal_id, p.agent_name, p.task_type, p.proposal_type, fmt(p.confidence, 2), p.status, p.reasoning]),
    { maxWidths: [24, 20, 18, 30, 5, 9, 50] },
  );
}

function evidenceText(e: Evidence): string {
  const keys = ['variant_id', 'variant_q', 'variant_n', 'default_variant', 'default_q', 'best_variant', 'best_q', 'gap'] as const;
  const cell = (v: unknown) => (v === null || v === undefined ? '-' : String(v));
  const rows = keys.map((k) => [k, cell(e.proposal_figures[k]), cell(e.current_figures[k])]);
  const out = [renderTable(['figure', 'proposal', 'now'], rows)];
  out.push(e.warning ? paint(`warning: ${e.warning}`, 'yellow') : `Premise still holds: ${e.reason}`);
  return out.join('\n');
}

export function registerProposals(program: Command, kit: CliKit): void {
  examples(
    program
      .command('propose')
      .description('run the VariantProposer over every agent/task and queue new proposals for review')
      .option('--min-invocations <n>', 'minimum invocations of an agent/task (default: config proposals.min_invocations, 50)', int('--min-invocations', 1))
      .option('--json', 'print JSON {checked, created, duplicates, none}'),
    ['crl propose', 'crl propose --min-invocations 100 --json'],
  ).action((o: { minInvocations?: number; json?: boolean }) =>
    withCrl(kit, async (crl) => {
      const r = await crl.proposals.propose({ minInvocations: o.minInvocations, actor: 'cli' });
      if (o.json) return printJson(r);
      process.stdout.write(`Checked ${r.checked} agent/task pair(s): ${r.created.length} new proposal(s), ${r.duplicates.length} already open.\n`);
      if (r.created.length) process.stdout.write(`${table(r.created)}\n`);
      if (r.created.length) process.stdout.write('Review with: crl proposals show <id>\n');
    }),
  );

  const proposals = program.command('proposals').description('the review queue: list, show, approve, reject, defer, apply');

  examples(
    proposals
      .command('list')
      .description('list proposals (highest confidence first), including SafetyMonitor approval items')
      .addOption(new Option('--status <status>', 'only this status').choices(STATUSES))
      .option('--agent <agent>', 'only this agent')
      .option('--limit <n>', 'at most this many', int('--limit', 1))
      .option('--json', 'print JSON'),
    ['crl proposals list --status pending', 'crl proposals list --json | jq ".[0]"'],
  ).action((o: { status?: 'pending'; agent?: string; limit?: number; json?: boolean }) =>
    withCrl(kit, async (crl) => {
      const rows = await crl.proposals.list({ status: o.status, agent: o.agent, limit: o.limit });
      if (o.json) return printJson(rows);
      if (rows.length === 0) return void process.stdout.write('No proposals. Run `crl propose` to look for some.\n');
      process.stdout.write(`${table(rows)}\n`);
    }),
  );

  examples(
    proposals.command('show <id>').description('one proposal with its figures, recommended modifications and status history').option('--json', 'print JSON'),
    ['crl proposals show prop-20250106-1a2b3c4d'],
  ).action((id: string, o: { json?: boolean }) =>
    withCrl(kit, async (crl) => {
      const p = await crl.proposals.show(id);
      if (o.json) return printJson(p);
      const w = (s: string) => process.stdout.write(`${s}\n`);
      w(`${paint(p.proposal_id, 'bold')}  ${p.status}  confidence ${fmt(p.confidence, 2)}`);
      w(`${p.agent_name} / ${p.task_type}: ${p.proposal_type}`);
      w(`Reasoning: ${p.reasoning}`);
      w(`Supporting data: ${JSON.stringify(p.supporting_data)}`);
      w(`Recommended modifications: ${JSON.stringify(p.recommended_modifications, null, 2)}`);
      w('History:');
      for (const h of p.history) w(`  ${h.ts}  ${h.actor}  ${h.from_status ?? '(new)'} → ${h.to_status}${h.note ? `  "${h.note}"` : ''}`);
    }),
  );

  const decisions: [Decision, string, string][] = [
    [
      'approve',
      'approve a pending or deferred proposal (re-checks the evidence and warns when the premise moved)',
      'crl proposals approve prop-20250106-1a2b3c4d --by alice --note "matches what we see"',
    ],
    ['reject', 'reject a pending or deferred proposal', 'crl proposals reject prop-20250106-1a2b3c4d --by alice --note "task type is being retired"'],
    ['defer', 'defer a pending proposal to a later review', 'crl proposals defer prop-20250106-1a2b3c4d --by alice --note "wait for next week\'s data"'],
    ['reopen', 'put a deferred proposal back to pending', 'crl proposals reopen prop-20250106-1a2b3c4d --by alice'],
  ];
  for (const [decision, description, example] of decisions) {
    examples(
      proposals
        .command(`${decision} <id>`)
        .description(description)
        .requiredOption('--by <name>', 'who decides')
        .option('--note <text>', 'why')
        .option('--json', 'print JSON'),
      [example],
    ).action((id: string, o: { by: string; note?: string; json?: boolean }) =>
      withCrl(kit, async (crl) => {
        const r = await crl.proposals.decide(id, decision, o.by, o.note);
        if (o.json) return printJson(r);
        process.stdout.write(`${r.proposal.proposal_id}: ${r.from_status} → ${r.proposal.status}\n`);
        if (r.evidence) process.stdout.write(`${evidenceText(r.evidence)}\n`);
        if (r.proposal.status === 'approved') process.stdout.write(`Apply it with: crl proposals apply ${r.proposal.proposal_id} --by ${o.by}\n`);
      }),
    );
  }

  examples(
    proposals
      .command('apply <id>')
      .description(
        'carry out an approved proposal: promote → a staged rollout (or, with --immediate, the new default), ' +
          'retire → retired, create/modify → new candidate variant',
      )
      .requiredOption('--by <name>', 'who applies it')
      .option('--immediate', 'promote: switch the default at once instead of a staged rollout')
      .option('--json', 'print JSON'),
    ['crl proposals apply prop-20250106-1a2b3c4d --by alice'],
  ).action((id: string, o: { by: string; immediate?: boolean; json?: boolean }) =>
    withCrl(kit, async (crl) => {
      const r = await crl.proposals.apply(id, o.by, { immediate: o.immediate });
      if (o.json) return printJson(r);
      const p = r.proposal;
      const what =
        r.action === 'set_default' ? `${p.agent_name}/${r.variant_id} is now the default for ${p.task_type} (was ${r.previous_default ?? 'none'})`
          : r.action === 'start_rollout' ? `rollout ${r.rollout_id} of ${p.agent_name}/${r.variant_id} started for ${p.task_type} (crl rollout status)`
          : r.action === 'retire_variant' ? `${p.agent_name}/${r.variant_id} is retired`
            : `registered candidate ${p.agent_name}/${r.variant_id} with params ${JSON.stringify(r.params)}`;
      process.stdout.write(`${p.proposal_id} applied: ${what}\n`);
    }),
  );

  examples(
    proposals
      .command('summary')
      .description('the weekly review summary: counts per status and the top pending proposals by confidence')
      .option('--limit <n>', 'how many proposals to show', int('--limit', 1), 5)
      .option('--json', 'print JSON'),
    ['crl proposals summary --limit 10'],
  ).action(async (o: { limit: number; json?: boolean }) => {
    const { formatReviewSummary } = await import('../../features/proposals/proposals-service');
    return withCrl(kit, async (crl) => {
      const s = await crl.proposals.summary(o.limit);
      if (o.json) return printJson(s);
      process.stdout.write(`${formatReviewSummary(s)}\n`);
    });
  });
}
