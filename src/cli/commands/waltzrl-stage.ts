import type { Command } from 'commander';
import { ConflictError } from '../../errors';
import { examples, int, type CliKit, withCrl } from '../kit';
import { fmt, paint, printJson, renderTable } from '../../terminal';

const pct = (x: number | null) => (x == null ? '-' : `${(x * 100).toFixed(1)}%`);

/**
 * `crl waltzrl stage …`: Stage 2 promotion with a benchmark gate, traffic steps, sticky routing and return. A thin
 * alias of the rollout waltzrl/safety-review (`crl rollout start|advance|abort|status|history waltzrl --task
 * safety-review`): both call the same stage-service functions; these commands keep their own output.
 */
export function addStageCommands(w: Command, kit: CliKit): void {
  const stage = w.command('stage').description('promote a Stage 2 reviewer in traffic steps, route subjects, return to Stage 1');
  const svc = () => import('../../features/waltzrl/stage-service');

  examples(stage.command('status').description('active stage, candidate, traffic step, live ASR/ORR/FTR and the next action').option('--json', 'print JSON'), [
    'crl waltzrl stage status',
    'crl waltzrl stage status --json | jq .live',
  ]).action((o: { json?: boolean }) =>
    withCrl(kit, async (crl) => {
      const s = await (await svc()).stageStatus(crl.ctx);
      if (o.json) return printJson(s);
      const out = [
        `${paint('WaltzRL stage', 'bold')}: ${s.status} — Stage ${s.active_stage} (${s.active_variant}) is active`,
        s.candidate_variant ? `candidate: ${s.candidate_variant} serves ${s.traffic_percent}% (step ${(s.step_index ?? 0) + 1} of ${s.steps.length}: ${s.steps.join(' → ')}%)` : 'candidate: none',
      ];
      if (s.candidate_variant) out.push(`at this step: ${s.minutes_at_step} min, ${s.samples_at_step} reviews`);
      if (s.status !== 'stage1') {
        out.push(
          renderTable(
            ['window', 'reviews', 'ASR', 'ORR', 'FTR', 'errors', 'p95 ms'],
            [
              [
                'live (since promotion)', s.live.n, `${pct(s.live.asr)} (n=${s.live.asr_n})`, `${pct(s.live.orr)} (n=${s.live.orr_n})`,
                `${pct(s.live.ftr)} (n=${s.live.ftr_n})`, pct(s.live.error_rate), s.live.p95_latency_ms ?? '-',
              ],
              [
                'this step', s.at_step.n, `${pct(s.at_step.asr)} (n=${s.at_step.asr_n})`, `${pct(s.at_step.orr)} (n=${s.at_step.orr_n})`,
                `${pct(s.at_step.ftr)} (n=${s.at_step.ftr_n})`, pct(s.at_step.error_rate), s.at_step.p95_latency_ms ?? '-',
              ],
            ],
          ),
        );
      }
      if (s.returned_at) out.push(`last return to Stage 1: ${s.returned_at}${s.cooldown_until ? ` (cool-down until ${s.cooldown_until})` : ''}`);
      out.push(`next: ${s.next_action.kind} — ${s.next_action.reason}`);
      process.stdout.write(`${out.join('\n')}\n`);
    }),
  );

  examples(
    stage
      .command('promote <variant>')
      .description('benchmark gate on the eval set, then the Stage 2 variant serves the first traffic step (refused with exit 4 if the gate fails)')
      .requiredOption('--by <name>', 'who promotes')
      .option('--dataset <file>', 'labelled JSONL eval set (default: config waltzrl.eval_dataset)')
      .option('--url <url>', 'Stage 2 endpoint base URL (default: config waltzrl.stage2.url)')
      .option('--model <model>', 'Stage 2 model (default: config waltzrl.stage2.model)')
      .option('--json', 'print JSON'),
    [
      'crl --config crl.json waltzrl stage promote stage2-guard-v1 --by alice',
      'crl waltzrl stage promote stage2-guard-v1 --by alice --dataset eval.jsonl --url http://127.0.0.1:8000/v1 --model guard',
    ],
  ).action((variant: string, o: { by: string; dataset?: string; url?: string; model?: string; json?: boolean }) =>
    withCrl(kit, async (crl) => {
      const r = await (await svc()).promoteStage2(crl.ctx, { variant, by: o.by, dataset: o.dataset, url: o.url, model: o.model });
      if (o.json) return printJson(r);
      const f = r.gate.figures;
      process.stdout.write(
        `Benchmark gate passed: ASR ${pct(f.asr)}, ORR ${pct(f.orr)}, FTR ${pct(f.ftr)} on ${f.n} items (report ${r.gate.report_id}, eval set sha256 ${r.gate.dataset_sha256.slice(0, 12)}…)\n` +
          `${variant} now serves ${r.status.traffic_percent}% of traffic. Next: ${r.status.next_action.reason}\n`,
      );
    }),
  );

  examples(
    stage.command('route').description('which stage serves a request subject (sticky hash bucket)').requiredOption('--subject <id>', 'user, session or tenant id').option('--json', 'print JSON'),
    ['crl waltzrl stage route --subject user-42', 'crl waltzrl stage route --subject tenant/acme --json'],
  ).action((o: { subject: string; json?: boolean }) =>
    withCrl(kit, async (crl) => {
      const r = await (await svc()).routeStage(crl.ctx, o.subject);
      if (o.json) return printJson(r);
      process.stdout.write(`stage ${r.stage}\t${r.variant_id}\t(${r.reason})\n`);
    }),
  );

  examples(
    stage
      .command('advance')
      .description('one pass of the step machine: return on a breach, else step up when dwell, samples and live rates allow')
      .option('--by <name>', 'who runs the check', 'cli')
      .option('--json', 'print JSON'),
    ['crl waltzrl stage advance --by alice'],
  ).action((o: { by: string; json?: boolean }) =>
    withCrl(kit, async (crl) => {
      const r = await (await svc()).checkStage(crl.ctx, { by: o.by });
      if (o.json) return printJson(r);
      process.stdout.write(
        `${r.decision.kind}: ${r.decision.reason}\n` +
          `${r.proposal_id ? `review-queue item: ${r.proposal_id}\n` : ''}now: ${r.status.status}, ${r.status.traffic_percent}% on Stage 2\n`,
      );
    }),
  );

  examples(
    stage.command('rollback').description('return to Stage 1 now (audited)').requiredOption('--by <name>', 'who returns').option('--reason <text>', 'why').option('--json', 'print JSON'),
    ['crl waltzrl stage rollback --by alice --reason "false positives reported by support"'],
  ).action((o: { by: string; reason?: string; json?: boolean }) =>
    withCrl(kit, async (crl) => {
      const r = await (await svc()).rollbackStage(crl.ctx, { by: o.by, reason: o.reason });
      if (o.json) return printJson(r);
      process.stdout.write(`Returned to Stage 1 (${r.event?.variant_id} no longer serves traffic). Event ${r.event?.event_id}.\n`);
    }),
  );

  examples(
    stage.command('history').description('promotions, steps, holds and returns, newest first').option('--limit <n>', 'how many', int('--limit', 1), 20).option('--json', 'print JSON'),
    ['crl waltzrl stage history --limit 5'],
  ).action((o: { limit: number; json?: boolean }) =>
    withCrl(kit, async (crl) => {
      const rows = await (await svc()).stageEvents(crl.ctx, o.limit);
      if (o.json) return printJson(rows);
      if (rows.length === 0) return void process.stdout.write('No stage events yet.\n');
      process.stdout.write(
        `${renderTable(
          ['time', 'event', 'variant', 'from', 'to', 'by', 'reason'],
          rows.map((e) => [e.timestamp.slice(0, 19), e.event_type, e.variant_id, e.from_percent ?? '-', e.to_percent ?? '-', e.triggered_by, e.reason]),
          { maxWidths: [19, 12, 22, 5, 5, 12, 70] },
        )}\n`,
      );
    }),
  );

  examples(
    stage
      .command('gate <variant>')
      .description('run the benchmark gate alone and store its report (promote runs it too)')
      .requiredOption('--by <name>', 'who runs it')
      .option('--dataset <file>', 'labelled JSONL eval set (default: config waltzrl.eval_dataset)')
      .option('--url <url>', 'Stage 2 endpoint base URL')
      .option('--model <model>', 'Stage 2 model')
      .option('--json', 'print JSON'),
    ['crl waltzrl stage gate stage2-guard-v1 --by alice --dataset eval.jsonl'],
  ).action((variant: string, o: { by: string; dataset?: string; url?: string; model?: string; json?: boolean }) =>
    withCrl(kit, async (crl) => {
      const r = await (await svc()).runGate(crl.ctx, { variant, by: o.by, dataset: o.dataset, url: o.url, model: o.model });
      if (o.json) printJson(r);
      else process.stdout.write(`${r.result === 'pass' ? 'PASS' : 'FAIL'}: ${r.reason} (report ${r.report_id}, sha256 ${r.dataset_sha256.slice(0, 12)}…; ${fmt(r.figures.errors, 0)} errors)\n`);
      if (r.result !== 'pass') throw new ConflictError(`Benchmark gate failed for ${variant}.`, { hint: 'It cannot be promoted with this report.' });
    }),
  );
}
