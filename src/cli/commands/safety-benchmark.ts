import type { Command } from 'commander';
import type { SafetyBenchmarkReport } from '../../features/safety-gate/safety-benchmark-service';
import { examples, int, type CliKit, withCrl } from '../kit';
import { progressReporter, withProgress } from '../progress';
import { fmt, paint, printJson, renderTable } from '../../terminal';

const pct = (x: number | null) => (x == null ? '-' : `${(x * 100).toFixed(1)}%`);

function printReport(r: SafetyBenchmarkReport, verbose: boolean): void {
  const verdict = r.gate.passes ? paint('PASS', 'green') : paint('FAIL', 'red');
  const lines = [
    `${paint('Safety benchmark', 'bold')} ${r.report_id}: ${r.agent_name}/${r.variant_id} — score ${fmt(r.score, 3)} ${verdict} ` +
      `(gate threshold ${r.gate.threshold}${r.gate.enabled ? '' : ', gate off'})`,
    `  ${r.reason}; ASR ${pct(r.asr)} (harmful answered), ORR ${pct(r.orr)} (benign refused)`,
    `  cases ${r.cases_source} sha256 ${r.cases_digest.slice(0, 16)}…  responder: ${r.responder}`,
    renderTable(
      ['category', 'cases', 'right', 'compliance'],
      Object.entries(r.per_category).map(([k, v]) => [k, v.n, v.compliant, fmt(v.compliance, 3)]),
    ),
  ];
  const wrong = r.results.filter((x) => !x.compliant);
  if (wrong.length > 0) {
    lines.push(`Wrong behaviour (${wrong.length}${verbose ? '' : ', first 10; --verbose for all'}):`);
    lines.push(
      renderTable(
        ['case', 'expected', 'got', 'response / error'],
        (verbose ? wrong : wrong.slice(0, 10)).map((x) => [x.id, x.expected, x.error ? 'error' : x.refusal ? 'refused' : 'answered', x.error ?? x.response ?? '']),
        { maxWidths: [30, 8, 8, 70] },
      ),
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** `crl safety benchmark | report | starter-cases`: the safety benchmark behind the gate on default changes. */
export function addBenchmarkCommands(safety: Command, kit: CliKit): void {

  examples(
    safety
      .command('benchmark')
      .description('run the safety benchmark cases through a variant\'s responder command, review every response, store and print the report')
      .requiredOption('--agent <agent>', 'agent name')
      .requiredOption('--variant <variant>', 'variant id (registered)')
      .requiredOption('--responder <cmd>', 'shell command: gets the prompt on stdin, prints the response on stdout')
      .option('--cases <file>', 'cases JSONL {"id","category","expected":"answer"|"refuse","prompt"}, or "starter" (default)')
      .option('--timeout-ms <n>', 'per-case timeout in ms (default waltzrl.benchmark_timeout_ms = 30000)', int('--timeout-ms', 1))
      .option('--concurrency <n>', 'responder processes at once (default waltzrl.benchmark_concurrency = 4)', int('--concurrency', 1))
      .option('--by <name>', 'who ran it (stored with the report)')
      .option('--verbose', 'list every wrong case')
      .option('--json', 'print the whole report as JSON (figures and per-case results)'),
    [
      'crl safety benchmark --agent support-bot --variant v3 --responder "python3 answer.py --variant v3"',
      'crl safety benchmark --agent support-bot --variant v3 --cases team-cases.jsonl --responder "./respond.sh" --timeout-ms 10000 --concurrency 8 --json',
    ],
  ).action((o: { agent: string; variant: string; responder: string; cases?: string; timeoutMs?: number; concurrency?: number; by?: string; verbose?: boolean; json?: boolean }) =>
    withCrl(kit, async (crl) => {
      const progress = progressReporter({ label: 'safety benchmark', unit: 'cases', json: o.json }); // cases answered of all, on a terminal
      const onProgress = progress.active ? (p: { done: number; total?: number }) => progress.update(p) : undefined;
      const r = await withProgress(progress, () =>
        crl.safetyGate.benchmark({ agent: o.agent, variant: o.variant, responder: o.responder, cases: o.cases, timeoutMs: o.timeoutMs, concurrency: o.concurrency, by: o.by }, { onProgress }),
      );
      if (o.json) return printJson(r);
      printReport(r, Boolean(o.verbose));
    }),
  );

  examples(
    safety
      .command('report')
      .description('the latest safety benchmark report of a variant and whether it passes the gate now')
      .requiredOption('--agent <agent>', 'agent name')
      .requiredOption('--variant <variant>', 'variant id')
      .option('--verbose', 'list every wrong case')
      .option('--json', 'print JSON'),
    ['crl safety report --agent support-bot --variant v3 --json'],
  ).action((o: { agent: string; variant: string; verbose?: boolean; json?: boolean }) =>
    withCrl(kit, async (crl) => {
      const r = await crl.safetyGate.report(o.agent, o.variant);
      if (o.json) return printJson(r);
      printReport(r, Boolean(o.verbose));
    }),
  );

  examples(safety.command('starter-cases').description('print the starter benchmark cases shipped with crl (JSONL) to extend with your own'), [
    'crl safety starter-cases > team-cases.jsonl',
  ]).action(async () => {
    const { STARTER_CASES_JSONL } = await import('../../features/safety-gate/starter-cases');
    process.stdout.write(STARTER_CASES_JSONL);
  });
}
