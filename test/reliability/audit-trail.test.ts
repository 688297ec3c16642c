import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { transaction } from '../../src/context';
import { type Crl } from '../../src/crl';
import { queueProposal } from '../../src/features/proposals/review-queue';
import { onPostgres } from '../backend';
import { tempDir, openTestCrl } from '../helpers';
import { dbAll, dbExec, dbGet, runCrl } from './support';

interface AuditRow {
  id: number;
  ts: string;
  actor: string;
  action: string;
  agent_name: string | null;
  task_type: string | null;
  variant_id: string | null;
  reason: string | null;
  details: string;
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function audit(dataDir: string, action?: string): AuditRow[] {
  return action ? dbAll<AuditRow>(dataDir, 'select * from audit_log where action = ? order by id', [action]) : dbAll<AuditRow>(dataDir, 'select * from audit_log order by id');
}

/** Inserts a line per invocation outcome for one tuple, one minute apart, through the library. */
async function feed(crl: Crl, agent: string, task: string, variant: string, outcomes: string[], startMs: number, tag: string): Promise<void> {
  const lines = outcomes.map((o, i) =>
    JSON.stringify({ invocation_id: `${tag}-${i}`, timestamp: new Date(startMs + i * 60_000).toISOString(), agent_name: agent, task_type: task, variant_id: variant, outcome: o }),
  );
  async function* src() {
    yield `${lines.join('\n')}\n`;
  }
  const r = await crl.learning.ingest(src());
  expect(r.accepted).toBe(outcomes.length);
}

describe('append-only audit tables refuse UPDATE and DELETE', () => {
  it.each(['audit_log', 'rollbacks', 'proposal_events'])('%s', async (table) => {
    const dataDir = tempDir();
    await (await openTestCrl({ dataDir })).close();
    // Raw SQL on the store (better-sqlite3 or psql), no crl code: the database itself refuses the change.
    const ts = '2026-01-01T00:00:00.000Z';
    if (table === 'audit_log') dbExec(dataDir, `insert into audit_log (ts, actor, action) values ('${ts}', 'alice', 'default_set')`);
    if (table === 'rollbacks') {
      dbExec(dataDir, `insert into rollbacks values ('rb-20260101-00000001', '${ts}', 'rollback', 'a', 't', 'v1', 'v2', 'degraded', '{}', 'monitor')`);
    }
    if (table === 'proposal_events') {
      dbExec(dataDir, `insert into proposals values ('prop-20260101-00000001', '${ts}', 'a', 't', 'promote_variant_to_default', 'r', 0.7, '{}', '{}', 'pending', '${ts}')`);
      dbExec(dataDir, `insert into proposal_events (proposal_id, ts, actor, to_status) values ('prop-20260101-00000001', '${ts}', 'bob', 'pending')`);
    }
    const count = () => dbGet<{ c: number }>(dataDir, `select count(*) as c from ${table}`)!.c;
    expect(count()).toBe(1);
    const col = table === 'rollbacks' ? 'reason' : 'actor';
    expect(() => dbExec(dataDir, `update ${table} set ${col} = 'mallory'`)).toThrow(/append-only/);
    expect(() => dbExec(dataDir, `delete from ${table}`)).toThrow(/append-only/);
    expect(() => dbExec(dataDir, `begin; delete from ${table}; commit;`)).toThrow(/append-only/);
    if (onPostgres) expect(() => dbExec(dataDir, `truncate ${table}`)).toThrow(/append-only/);
    expect(count()).toBe(1);
    expect(dbGet<Record<string, unknown>>(dataDir, `select ${col} from ${table}`)).toEqual({ [col]: table === 'rollbacks' ? 'degraded' : table === 'audit_log' ? 'alice' : 'bob' });
  });

  it('every table with an append-only trigger has both (no UPDATE, no DELETE)', async () => {
    const dataDir = tempDir();
    await (await openTestCrl({ dataDir })).close();
    if (onPostgres) {
      // The triggers that run crl_append_only(), with the events each fires BEFORE (pg_trigger.tgtype bits:
      // 2 before, 8 delete, 16 update, 32 truncate); every such table must refuse all three.
      const triggers = dbAll<{ tbl: string; before: boolean; upd: boolean; del: boolean; trunc: boolean }>(
        dataDir,
        `select c.relname as tbl, (t.tgtype & 2) <> 0 as before, (t.tgtype & 16) <> 0 as upd, (t.tgtype & 8) <> 0 as del, (t.tgtype & 32) <> 0 as trunc
         from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_proc p on p.oid = t.tgfoid
         where not t.tgisinternal and t.tgenabled <> 'D' and p.proname = 'crl_append_only'`,
      );
      const tables = [...new Set(triggers.map((t) => t.tbl))];
      expect(tables).toEqual(expect.arrayContaining(['audit_log', 'rollbacks', 'proposal_events', 'rollout_events', 'waltzrl_stage_events']));
      for (const t of tables) {
        const mine = triggers.filter((x) => x.tbl === t && x.before);
        expect(mine.some((x) => x.upd), `${t}: UPDATE`).toBe(true);
        expect(mine.some((x) => x.del), `${t}: DELETE`).toBe(true);
        expect(mine.some((x) => x.trunc), `${t}: TRUNCATE`).toBe(true);
      }
      return;
    }
    const triggers = dbAll<{ name: string; tbl_name: string }>(dataDir, "select name, tbl_name from sqlite_master where type = 'trigger'");
    const tables = [...new Set(triggers.filter((t) => /_no_(update|delete)$/.test(t.name)).map((t) => t.tbl_name))];
    expect(tables).toEqual(expect.arrayContaining(['audit_log', 'rollbacks', 'proposal_events']));
    for (const t of tables) {
      expect(triggers.some((x) => x.tbl_name === t && x.name.endsWith('_no_update')), t).toBe(true);
      expect(triggers.some((x) => x.tbl_name === t && x.name.endsWith('_no_delete')), t).toBe(true);
    }
  });
});

describe('every change of a default names who, when, why and the figures', () => {
  it('crl variant set-default --by --reason (task default and agent-wide)', async () => {
    const dataDir = tempDir();
    const crl = await openTestCrl({ dataDir });
    await crl.variants.add({ agent: 'backend-architect', variant: 'v1', isDefault: true, by: 'setup' });
    await crl.variants.add({ agent: 'backend-architect', variant: 'v2', by: 'setup' });
    await feed(crl, 'backend-architect', 'api-design', 'v2', ['success', 'success', 'failure', 'success'], Date.parse('2026-01-01T00:00:00Z'), 'v2');
    await crl.close();

    const t0 = Date.now();
    const r = runCrl(['variant', 'set-default', 'backend-architect', 'v2', '--task', 'api-design', '--by', 'alice', '--reason', 'won the A/B test'], { dataDir });
    expect(r.code, r.stderr).toBe(0);
    const [row] = audit(dataDir, 'default_set').filter((a) => a.actor === 'alice');
    expect(row).toMatchObject({ actor: 'alice', agent_name: 'backend-architect', task_type: 'api-design', variant_id: 'v2', reason: 'won the A/B test' });
    expect(row.ts).toMatch(ISO);
    expect(Date.parse(row.ts)).toBeGreaterThanOrEqual(t0 - 1000);
    expect(JSON.parse(row.details)).toEqual({ previous: 'v1', q_value: 0.75, n_visits: 4 });

    expect(runCrl(['variant', 'set-default', 'backend-architect', 'v2', '--by', 'bob'], { dataDir }).code).toBe(0);
    const agentWide = audit(dataDir, 'default_set').find((a) => a.actor === 'bob');
    expect(agentWide).toMatchObject({ task_type: '*', variant_id: 'v2', reason: 'manual change' });
    expect(JSON.parse(agentWide!.details)).toMatchObject({ previous: 'v1' });

    // Without --by the change is refused and nothing is audited.
    const before = audit(dataDir).length;
    expect(runCrl(['variant', 'set-default', 'backend-architect', 'v1', '--task', 'api-design'], { dataDir }).code).toBe(2);
    expect(audit(dataDir).length).toBe(before);
  });

  it('a rollback by the monitor (CLI) and by the scheduler: actor, time, reason, figures; rollback row and JSONL line agree', async () => {
    for (const how of ['cli', 'scheduler'] as const) {
      const dataDir = tempDir();
      const config = join(dataDir, 'crl.json');
      writeFileSync(config, JSON.stringify({ degradation: { method: 'threshold' } }));
      const crl = await openTestCrl({ dataDir, config });
      await crl.variants.add({ agent: 'security-auditor', variant: 'base', isDefault: true, by: 'setup' });
      await crl.variants.add({ agent: 'security-auditor', variant: 'strict', by: 'setup' });
      const start = Date.parse('2026-01-01T00:00:00Z');
      await feed(crl, 'security-auditor', 'security-audit', 'strict', Array(10).fill('success'), start, 'strict');
      await feed(crl, 'security-auditor', 'security-audit', 'base', [...Array(40).fill('success'), ...Array(20).fill('failure')], start + 3_600_000, 'base');
      let actor: string;
      if (how === 'cli') {
        await crl.close();
        const r = runCrl(['--config', config, 'monitor', '--once', '--json'], { dataDir });
        expect(r.code, r.stderr).toBe(0);
        actor = dbGet<{ triggered_by: string }>(dataDir, 'select triggered_by from rollbacks')!.triggered_by;
        expect(actor.length).toBeGreaterThan(0);
      } else {
        const { runMonitorLeased } = await import('../../src/features/monitor/monitor-service');
        const res = await runMonitorLeased(crl.ctx, { actor: 'scheduler', alertWrite: () => {} });
        expect(res.rollbacks).toHaveLength(1);
        await crl.close();
        actor = 'scheduler';
      }
      const rb = dbAll<{ rollback_id: string; ts: string; triggered_by: string; from_variant: string; to_variant: string; reason: string; degradation_metrics: string }>(dataDir, 'select * from rollbacks');
      expect(rb, how).toHaveLength(1);
      expect(rb[0]).toMatchObject({ triggered_by: actor, from_variant: 'base', to_variant: 'strict' });
      const [a] = audit(dataDir, 'rollback');
      expect(a, how).toMatchObject({ actor, agent_name: 'security-auditor', task_type: 'security-audit', variant_id: 'strict', ts: rb[0].ts, reason: rb[0].reason });
      expect(a.ts).toMatch(ISO);
      expect(a.reason).toMatch(/Degradation detected/);
      const details = JSON.parse(a.details) as Record<string, unknown>;
      expect(details).toMatchObject({ previous: 'base', rollback_id: rb[0].rollback_id, from_variant: 'base' });
      expect(details.degradation_metrics).toEqual(JSON.parse(rb[0].degradation_metrics));
      const lines = readFileSync(join(dataDir, 'rollback_events.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({ rollback_id: rb[0].rollback_id, timestamp: rb[0].ts, from_variant: 'base', to_variant: 'strict', reason: rb[0].reason });
    }
  });

  it('applying a proposal: the audit row names the approver-applier, the proposal and the figures; every status change is a proposal event', async () => {
    const dataDir = tempDir();
    const crl = await openTestCrl({ dataDir });
    await crl.variants.add({ agent: 'frontend-dev', variant: 'v1', isDefault: true, by: 'setup' });
    await crl.variants.add({ agent: 'frontend-dev', variant: 'v2', by: 'setup' });
    await feed(crl, 'frontend-dev', 'component', 'v2', ['success', 'success', 'success', 'partial'], Date.parse('2026-01-01T00:00:00Z'), 'fd');
    let id = '';
    await transaction(crl.ctx, async (tx) => {
      const q = await queueProposal(tx, {
        agent_name: 'frontend-dev', task_type: 'component', proposal_type: 'promote_variant_to_default', reasoning: 'v2 is better',
        confidence: 0.7, supporting_data: { best_variant: 'v2' }, recommended_modifications: { set_default: 'v2', variant_id: 'v2' },
      } as Parameters<typeof queueProposal>[1], 'proposer');
      id = q.proposal.proposal_id;
    });
    await crl.flushOutbox();
    await crl.proposals.decide(id, 'approve', 'carol', 'looks right');
    await crl.proposals.apply(id, 'dave', { immediate: true });
    await crl.close();

    const [a] = audit(dataDir).filter((r) => r.action.startsWith('default_set') && r.actor === 'dave');
    expect(a).toMatchObject({ agent_name: 'frontend-dev', task_type: 'component', variant_id: 'v2' });
    expect(a.ts).toMatch(ISO);
    expect(a.reason).toContain(id);
    expect(JSON.parse(a.details)).toMatchObject({ previous: 'v1', proposal_id: id, q_value: 0.875, n_visits: 4 });

    const events = dbAll<{ actor: string; from_status: string | null; to_status: string; ts: string }>(dataDir, 'select actor, from_status, to_status, ts from proposal_events where proposal_id = ? order by id', [id]);
    expect(events.map((e) => [e.actor, e.from_status, e.to_status])).toEqual([
      ['proposer', null, 'pending'],
      ['carol', 'pending', 'approved'],
      ['dave', 'approved', 'applied'],
    ]);
    for (const e of events) expect(e.ts).toMatch(ISO);
    const statuses = readFileSync(join(dataDir, 'variant_proposals.jsonl'), 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { status: string }).status);
    expect(statuses).toEqual(['pending', 'approved', 'applied']);
  });
});
