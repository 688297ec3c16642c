import type { Command } from 'commander';
import { UsageError } from '../../errors';
import { examples, type CliKit, withCrl } from '../kit';
import { fmt, printJson, renderTable } from '../../terminal';
import { progressReporter, withProgress } from '../progress';
import { registerRecord } from './record';

export function registerLearning(program: Command, kit: CliKit): void {
  examples(program.command('init').description('create or migrate the data dir and its database (idempotent)').option('--json', 'print JSON'), [
    'crl --data-dir /var/lib/crl init',
    'crl --database-url postgres://crl@db:5432/crl init',
  ]).action((o: { json?: boolean }) =>
    withCrl(kit, (crl) => {
      const { dialect, location } = crl.ctx.backend;
      if (o.json) return printJson({ data_dir: crl.dataDir, ok: true, backend: { dialect, location } });
      process.stdout.write(`Data dir ready: ${crl.dataDir}\n${backendLine(crl.ctx.backend)}\n`);
    }),
  );

  registerRecord(program, { record: (input) => withCrl(kit, (crl) => crl.learning.record(input)) });

  examples(
    program
      .command('ingest <file>')
      .description('ingest a JSONL file of invocations ("-" for stdin): streamed, validated, idempotent by invocation_id')
      .option('--skip-invalid', 'store good lines and report bad ones (written to a rejects file)')
      .option('--rejects <file>', 'rejects file for --skip-invalid (default: rejects-<time>.jsonl in the data dir)')
      .option('--json', 'print JSON {accepted, duplicates, rejected:[{line, error}]}'),
    ['crl ingest invocations.jsonl', 'cat today.jsonl | crl ingest - --skip-invalid --json'],
  ).action((file: string, o: { skipInvalid?: boolean; rejects?: string; json?: boolean }) =>
    withCrl(kit, async (crl) => {
      // On a terminal: lines read, lines/s and (for a file, from the bytes read of its size) the time left.
      const progress = progressReporter({ label: 'ingest', unit: 'lines', json: o.json });
      const onProgress = progress.active ? (p: { done: number; total?: number; lines: number }) => progress.update({ done: p.done, total: p.total, items: p.lines }) : undefined;
      const r = await withProgress(progress, () => crl.learning.ingest(file === '-' ? process.stdin : file, { skipInvalid: o.skipInvalid, rejectsFile: o.rejects, onProgress }));
      if (o.json) printJson({ accepted: r.accepted, duplicates: r.duplicates, rejected: r.rejected, rejected_more: r.rejected_more, rejects_file: r.rejects_file, aborted: r.aborted });
      else {
        for (const x of r.rejected) process.stderr.write(`line ${x.line}: ${x.error}\n`);
        if (r.rejected_more) process.stderr.write(`… and ${r.rejected_more} more bad line(s)\n`);
        process.stdout.write(`accepted ${r.accepted}, duplicates ${r.duplicates}, rejected ${r.rejected.length + r.rejected_more}${r.rejects_file ? ` (written to ${r.rejects_file})` : ''}\n`);
      }
      if (r.aborted) {
        throw new UsageError(`Nothing ingested: ${r.rejected.length + r.rejected_more} bad line(s) in ${file === '-' ? 'stdin' : file}.`, {
          hint: 'Fix the lines above, or pass --skip-invalid to store the good lines and set the bad ones aside.',
        });
      }
    }),
  );

  examples(
    program
      .command('import-python <dir>')
      .description('import q_table.jsonl, agent_invocations.jsonl, rollback_events.jsonl, variant_proposals.jsonl of the Python CRL tooling')
      .option('--json', 'print JSON'),
    ['crl import-python ~/old-crl/telemetry'],
  ).action((dir: string, o: { json?: boolean }) =>
    withCrl(kit, async (crl) => {
      // On a terminal: lines read, then records stored of all records read (rate, time left).
      const progress = progressReporter({ label: 'import-python (reading)', unit: 'lines', json: o.json });
      let writing = false;
      const onProgress = progress.active
        ? (p: { phase: 'read' | 'write'; done: number; total?: number }) => {
            if (p.phase === 'write' && !writing) progress.phase('import-python', 'records');
            writing = p.phase === 'write';
            progress.update(p);
          }
        : undefined;
      const r = await withProgress(progress, () => crl.learning.importPython(dir, { onProgress }));
      if (o.json) return printJson(r);
      const i = r.agent_invocations;
      process.stdout.write(
        `q_table: ${r.q_table.imported} entries\n` +
          `agent_invocations: ${i.imported} imported (${i.history_only} as history of q_table entries), ${i.duplicates} duplicates, ${i.skipped_unknown} skipped (status unknown)\n` +
          `rollback_events: ${r.rollback_events.imported} imported, ${r.rollback_events.duplicates} duplicates\n` +
          `variant_proposals: ${r.variant_proposals.imported} imported\n` +
          (r.files_missing.length ? `not present: ${r.files_missing.join(', ')}\n` : ''),
      );
    }),
  );

  examples(
    program
      .command('q')
      .description('print the Q-table (Q-value, visits, success and error rates per agent/task/variant)')
      .option('--agent <agent>', 'only this agent')
      .option('--task <task>', 'only this task type')
      .option('--json', 'print JSON'),
    ['crl q --agent backend-architect', 'crl q --json | jq ".[] | select(.q_value > 0.9)"'],
  ).action((o: { agent?: string; task?: string; json?: boolean }) =>
    withCrl(kit, async (crl) => {
      const rows = await crl.learning.qTable({ agent: o.agent, task: o.task });
      if (o.json) return printJson(rows);
      if (rows.length === 0) return void process.stdout.write('No Q-values yet. Record invocations with `crl record` or `crl ingest`.\n');
      process.stdout.write(
        `${renderTable(
          ['agent', 'task', 'variant', 'Q', 'n', 'success', 'errors', 'default'],
          rows.map((r) => [
            r.agent_name, r.task_type, r.variant_id, fmt(r.q_value, 4), r.n_visits, fmt(r.success_rate), fmt(r.error_rate),
            r.is_default ? 'yes' : r.status === 'retired' ? 'retired' : '',
          ]),
          { maxWidths: [22, 18, 18, 7, 7, 7, 7, 7] },
        )}\n`,
      );
    }),
  );

  examples(
    program
      .command('config')
      .description('print the effective configuration (every threshold with its value) and the backend in use (opens the store)')
      .option('--json', 'print JSON (with `backend`: dialect, location, schema)'),
    ['crl --config crl.json config', 'crl config --json | jq .backend'],
  ).action((o: { json?: boolean }) =>
    // Opened for the backend and its schema version: a database that cannot be reached exits 1 with the reason.
    withCrl(kit, async (crl) => {
      const [{ schemaState }, { maskUrl }] = await Promise.all([import('../../features/health/health-service'), import('../../db/connect')]);
      const { dialect, location } = crl.ctx.backend;
      const backend = { dialect, location, schema: await schemaState(crl.ctx) };
      // A URL in the config file is printed as every URL is: without its password.
      const url = crl.config.store.database_url;
      const config = { ...crl.config, store: { ...crl.config.store, database_url: url === null ? null : maskUrl(url) } };
      if (o.json) return printJson({ ...config, backend });
      const s = backend.schema;
      process.stdout.write(
        `${backendLine(crl.ctx.backend)} (schema: ${s.migrations_applied} of ${s.known} migrations applied${s.latest ? ', up to date' : ', not up to date: run `crl init`'})\n` +
          `${JSON.stringify(config, null, 2)}\n`,
      );
    }),
  );
}

/** One line naming the backend in use (a URL is masked already). */
function backendLine(b: { dialect: 'sqlite' | 'postgres'; location: string }): string {
  return b.dialect === 'postgres' ? `Backend: PostgreSQL at ${b.location}` : `Backend: SQLite file ${b.location}`;
}
