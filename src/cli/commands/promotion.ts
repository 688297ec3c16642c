import type { Command } from 'commander';
import type { PromotionApplyResult, PromotionCheckResult } from '../../features/promotion/promotion-service';
import { examples, int, num, type CliKit, withCrl } from '../kit';
import { fmt, printJson } from '../../terminal';

/** `crl safety check`: the SafetyMonitor's promotion decision (auto_apply, human_approval, no_action). */
export function addPromotionCheck(safety: Command, kit: CliKit): void {
  examples(
    safety
      .command('check')
      .description('decision matrix for making a variant the default of an agent/task, with reasoning and figures')
      .requiredOption('--agent <agent>', 'agent name')
      .requiredOption('--task <task>', 'task type')
      .requiredOption('--variant <variant>', 'candidate variant')
      .option('--q <q>', 'use this Q-value instead of the stored one (with --n)', num('--q'))
      .option('--n <n>', 'use this number of invocations instead of the stored one (with --q)', int('--n'))
      .option('--apply', 'act on the decision: auto_apply switches the default, human_approval queues a review item')
      .option('--by <name>', 'who applies the decision (required with --apply)')
      .option('--json', 'print JSON'),
    [
      'crl safety check --agent backend-architect --task api-design --variant v2-structured',
      'crl safety check --agent backend-architect --task api-design --variant v2-structured --q 0.9 --n 10 --json',
      'crl safety check --agent backend-architect --task api-design --variant v2-structured --apply --by alice',
    ],
  ).action((o: { agent: string; task: string; variant: string; q?: number; n?: number; apply?: boolean; by?: string; json?: boolean }) =>
    withCrl(kit, async (crl) => {
      const { UsageError } = await import('../../errors');
      if (o.apply && !o.by) throw new UsageError('--by is required with --apply: who applies the decision.');
      const r: PromotionCheckResult | PromotionApplyResult = o.apply
        ? await crl.promotion.apply({ agent: o.agent, task: o.task, variant: o.variant, q: o.q, n: o.n }, o.by as string)
        : await crl.promotion.check({ agent: o.agent, task: o.task, variant: o.variant, q: o.q, n: o.n });
      if (o.json) return printJson(r);
      const f = r.figures;
      process.stdout.write(
        `${r.decision}: ${r.reason}\n` +
          `  ${r.agent_name}/${r.task_type} ${r.variant_id}: Q=${fmt(f.q, 4)} n=${f.n} (${f.source}); default ${f.default_variant ?? '-'} Q=${fmt(f.default_q, 4)}\n` +
          `  thresholds: auto_apply Q ≥ ${f.thresholds.auto_apply_min_q} and n ≥ ${f.thresholds.auto_apply_min_n}; ` +
          `human_approval Q ≥ ${f.thresholds.human_approval_min_q} and n ≥ ${f.thresholds.human_approval_min_n}\n`,
      );
      if (o.apply) {
        const a = r as PromotionApplyResult;
        const what: string = {
          rollout_started: `staged rollout ${a.rollout_id} started: ${r.variant_id} serves the first step (crl rollout status)`,
          default_switched: `default switched to ${r.variant_id} (audited)`,
          queued: `queued for review as ${a.proposal_id}`,
          already_queued: `already in the review queue as ${a.proposal_id}`,
          none: 'nothing applied',
        }[a.applied];
        process.stdout.write(`  → ${what}\n`);
      }
    }),
  );
}
