import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { transaction } from '../../src/context';
import { openCrl, type Crl } from '../../src/crl';
import { queueProposal } from '../../src/features/proposals/review-queue';
import { tempDir } from '../helpers';
import { rawDb, runCrl } from './support';

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
  const db = rawDb(dataDir);
  try {
    return (action
      ? db.prepare('select * from audit_log where action = ? order by id').all(action)
      : db.prepare('select * from audit_log order by id').all()) as AuditRow[];
  } finally {
    db.close();
  }
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
    await (await openCrl({ dataDir })).close();
    const db = rawDb(dataDir, false);
    try {
      const ts = '2026-01-01T00:00:00.000Z';
      if (table === 'audit_log') db.prepare("insert into audit_log (ts, actor, action) values (?, 'alice', 'default_set')").run(ts);
      if (table === 'rollbacks') {
        db.prepare(
          "insert into rollbacks values ('rb-20260101-00000001', ?, 'rollback', 'a', 't', 'v1', 'v2', 'degraded', '{}', 'monitor')",
        ).run(ts);
      }
      if (table === 'proposal_events') {
        db.prepare(
          "insert into proposals values ('prop-20260101-00000001', ?, 'a', 't', 'promote_variant_to_default', 'r', 0.7, '{}', '{}', 'pending', ?)",
        ).run(ts, ts);
        db.prepare("insert into proposal_events (proposal_id, ts, actor, to_status) values ('prop-20260101-00000001', ?, 'bob', 'pending')").run(ts);
      }
      const count = () => (db.prepare(`select count(*) as c from ${table}`).get() as { c: number }).c;
      expect(count()).toBe(1);
      const col = table === 'rollbacks' ? 'reason' : table === 'audit_log' ? 'actor' : 'actor';
      expect(() => db.prepare(`update ${table} set ${col} = 'mallory'`).run()).toThrow(/append-only/);
      expect(() => db.prepare(`delete from ${table}`).run()).toThrow(/append-only/);
      expect(() => db.exec(`begin; delete from ${table}; commit;`)).toThrow(/append-only/);
      if (db.inTransaction) db.exec('rollback');
      expect(count()).toBe(1);
    } finally {
      db.close();
    }
  });

  it('every table with an append-only trigger has both (no UPDATE, no DELETE)', async () => {
    const dataDir = tempDir();
    await (await openCrl({ dataDir })).close();
    const db = rawDb(dataDir);
    const triggers = (db.prepare("select name, tbl_name from sqlite_master where type = 'trigger'").all() as { name: string; tbl_name: string }[]);
    db.close();
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
    const crl = await openCrl({ dataDir });
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
      const crl = await openCrl({ dataDir, config });
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
        actor = (rawDb(dataDir).prepare('select triggered_by from rollbacks').get() as { triggered_by: string }).triggered_by;
        expect(actor.length).toBeGreaterThan(0);
      } else {
        const { runMonitorLeased } = await import('../../src/features/monitor/monitor-service');
        const res = await runMonitorLeased(crl.ctx, { actor: 'scheduler', alertWrite: () => {} });
        expect(res.rollbacks).toHaveLength(1);
        await crl.close();
        actor = 'scheduler';
      }
      const db = rawDb(dataDir);
      const rb = db.prepare('select * from rollbacks').all() as { rollback_id: string; ts: string; triggered_by: string; from_variant: string; to_variant: string; reason: string; degradation_metrics: string }[];
      db.close();
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
    const crl = await openCrl({ dataDir });
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

    const db = rawDb(dataDir);
    const events = db.prepare('select actor, from_status, to_status, ts from proposal_events where proposal_id = ? order by id').all(id) as { actor: string; from_status: string | null; to_status: string; ts: string }[];
    db.close();
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
