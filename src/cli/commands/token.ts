import type { Command } from 'commander';
import { Option } from 'commander';
import { userVar } from '../../env';
import { examples, type CliKit, withCrl } from '../kit';
import { printJson, renderTable } from '../../terminal';

/** `crl token create | list | revoke`: bearer tokens of `crl serve`; only their sha256 is stored. */
export function registerToken(program: Command, kit: CliKit): void {
  const g = program.command('token').description('API tokens of crl serve, with scopes record, read and admin (admin implies both)');
  examples(
    g.command('create')
      .description('create a token and print it once (only its sha256 is stored); record = POST invocations and reviews, read = GETs')
      .requiredOption('--name <name>', 'name of the token (unique among active tokens; shown in the request log)')
      .addOption(new Option('--scope <scope>', 'what it may do').choices(['record', 'read', 'admin']).makeOptionMandatory())
      .option('--by <name>', 'who creates it', userVar() ?? 'cli')
      .option('--json', 'print JSON {name, scope, token}'),
    ['crl token create --name support-bot --scope admin', 'export CRL_TOKEN=$(crl token create --name grafana --scope read --json | jq -r .token)'],
  ).action((o: { name: string; scope: 'record' | 'read' | 'admin'; by: string; json?: boolean }) =>
    withCrl(kit, async (crl) => {
      const t = await crl.tokens.create({ name: o.name, scope: o.scope, by: o.by });
      if (o.json) return printJson(t);
      process.stdout.write(`Token "${t.name}" (scope ${t.scope}) created. Keep it now: it is not shown again.\n${t.token}\n`);
    }),
  );
  examples(
    g.command('list')
      .description('the tokens (never the tokens themselves): name, scope, created, revoked')
      .option('--all', 'also revoked ones')
      .option('--json', 'print JSON'),
    ['crl token list', 'crl token list --all --json'],
  ).action((o: { all?: boolean; json?: boolean }) =>
    withCrl(kit, async (crl) => {
      const rows = await crl.tokens.list({ all: o.all });
      if (o.json) return printJson(rows);
      if (rows.length === 0) return void process.stdout.write('No tokens. Create one: crl token create --name NAME --scope record|read|admin\n');
      const table = rows.map((r) => [r.name, r.scope, r.created_at.slice(0, 19), r.created_by, r.revoked_at ? `${r.revoked_at.slice(0, 19)} by ${r.revoked_by}` : '-']);
      process.stdout.write(`${renderTable(['name', 'scope', 'created', 'by', 'revoked'], table, { maxWidths: [30, 7, 19, 16, 36] })}\n`);
    }),
  );
  examples(
    g.command('revoke <name>')
      .description('revoke a token: the server refuses it from its next request on')
      .option('--by <name>', 'who revokes it', userVar() ?? 'cli'),
    ['crl token revoke support-bot'],
  ).action((name: string, o: { by: string }) =>
    withCrl(kit, async (crl) => {
      const t = await crl.tokens.revoke({ name, by: o.by });
      process.stdout.write(`Token "${t.name}" (scope ${t.scope}) revoked.\n`);
    }),
  );
}
