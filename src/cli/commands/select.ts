import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { Option } from 'commander';
import type { SelectAnswer } from '../../features/serving/serving-service';
import { UsageError } from '../../errors';
import { examples, int, type CliKit, withCrl } from '../kit';
import { printJson, renderTable } from '../../terminal';

interface SelectFlags {
  agent: string;
  task: string;
  subject?: string;
  subjects?: string;
  policy?: 'greedy' | 'epsilon-greedy' | 'ucb1' | 'thompson';
  seed?: number;
  explain?: boolean;
  json?: boolean;
}

/** Subjects of a file (or `-`: stdin), one a line; blank lines are skipped. */
async function* subjectsOf(path: string): AsyncGenerator<string> {
  const input = path === '-' ? process.stdin : createReadStream(path);
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    const s = line.trim();
    if (s) yield s;
  }
}

function printAnswer(a: SelectAnswer, explain: boolean): void {
  process.stdout.write(`${a.variant_id}\t${a.kind}: ${a.reason}\n`);
  if (!explain) return;
  const rows = a.explain.map((e) => [e.variant_id, e.is_default ? 'yes' : '', e.eligible ? 'yes' : 'no', e.q.toFixed(4), e.n, e.reasons.join('; ')]);
  process.stdout.write(`${renderTable(['variant', 'default', 'eligible', 'Q', 'n', 'why'], rows, { maxWidths: [22, 7, 8, 7, 7, 60] })}\n`);
}

/** `crl select`: the serving decision — which variant this request runs. */
export function registerSelect(program: Command, kit: CliKit): void {
  examples(
    program
      .command('select')
      .description(
        'which variant a request runs: the default, a rollout step, the exploring share or a cold start; ' +
          'only eligible variants (active, not cooling down after a rollback, passing the safety gate when it is on)',
      )
      .requiredOption('--agent <agent>', 'agent name')
      .requiredOption('--task <task>', 'task type')
      .option('--subject <id>', 'request subject (user, session or tenant id): the same subject gets the same answer')
      .option('--subjects <file>', 'one subject a line (- for stdin): one JSON line per subject')
      .addOption(new Option('--policy <policy>', 'policy among eligible variants (default: config selection.policy)').choices(['greedy', 'epsilon-greedy', 'ucb1', 'thompson']))
      .option('--seed <n>', 'seed of the random source (subject drawn without --subject, policy draws)', int('--seed', -(2 ** 31)))
      .option('--explain', 'list every variant with why it is or is not eligible')
      .option('--json', 'print JSON'),
    [
      'crl select --agent support-bot --task faq --subject user-42',
      'crl select --agent support-bot --task faq --subject user-42 --explain',
      'crl select --agent support-bot --task faq --subjects users.txt > decisions.jsonl',
    ],
  ).action((o: SelectFlags) =>
    withCrl(kit, async (crl) => {
      if (o.subject && o.subjects) throw new UsageError('--subject and --subjects are exclusive: give one subject or a file of them.');
      const base = { agent: o.agent, task: o.task, policy: o.policy, seed: o.seed };
      if (o.subjects) {
        const subjects: string[] = [];
        for await (const s of subjectsOf(o.subjects)) subjects.push(s);
        for await (const a of crl.serving.selectMany(base, subjects)) {
          const { explain, ...rest } = a;
          process.stdout.write(`${JSON.stringify({ ...rest, ...(o.explain ? { explain } : {}) })}\n`);
        }
        return;
      }
      const a = await crl.serving.select({ ...base, subject: o.subject });
      if (o.json) return printJson(a);
      printAnswer(a, Boolean(o.explain));
    }),
  );
}
