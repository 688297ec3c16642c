import { describe, expect, it } from 'vitest';
import { fitWidths, renderDashboard, wrap } from '../../../src/features/dashboard/render-dashboard';
import type { DashboardData } from '../../../src/features/dashboard/dashboard-service';

const LONG = 'an-agent-with-a-really-long-name-that-goes-on-and-on-and-on-beyond-any-column';
const ANSI = /\u001b\[[0-9;]*m/g;

function data(patch: Partial<DashboardData> = {}): DashboardData {
  return {
    generated_at: '2025-01-15T12:00:00.000Z',
    health: {
      status: 'ATTENTION NEEDED',
      reason: '1 degradation alert; 1 rollback in the last 24 h',
      rule: 'a degradation alert now, a rollback or skipped rollback in the last 24 h, or a proposal pending for more than 7 days',
      q_table_entries: 12_345,
      agents_with_variants: 3,
      invocations: 10_000_000,
      rollbacks_recent: 2,
      recent_days: 30,
      rollbacks_attention: 1,
      skipped_rollbacks_attention: 0,
      attention_hours: 24,
      pending_proposals: 1,
      stale_proposals: 0,
      stale_proposal_days: 7,
      degradation_alerts: 1,
    },
    last_rollbacks: [
      {
        rollback_id: 'rb-20250115-0000abcd',
        timestamp: '2025-01-15T09:30:00.000Z',
        event_type: 'rollback',
        agent_name: LONG,
        task_type: `task-${LONG}`,
        from_variant: 'base',
        to_variant: `v2-${LONG}`,
        reason: `success rate dropped from 0.90 to 0.55 — ${LONG}`,
        degradation_metrics: {},
        triggered_by: 'monitor',
      },
      {
        rollback_id: 'rb-20250110-0000abce',
        timestamp: '2025-01-10T09:30:00.000Z',
        event_type: 'rollback_skipped',
        agent_name: 'security-auditor',
        task_type: 'security-audit',
        from_variant: 'base',
        to_variant: null,
        reason: 'no target',
        degradation_metrics: {},
        triggered_by: 'monitor',
      },
    ],
    pending_proposals: {
      total: 1,
      items: [
        {
          proposal_id: 'prop-20250114-deadbeef',
          timestamp: '2025-01-14T09:00:00.000Z',
          agent_name: LONG,
          task_type: 'api-design',
          proposal_type: 'crl_promote_variant_to_default',
          confidence: 0.85,
          reasoning: 'r',
          age_days: 1,
        },
      ],
    },
    high_confidence_variants: {
      available: true,
      total: 1,
      min_q: 0.9,
      min_n: 10,
      items: [
        {
          agent_name: LONG,
          task_type: 'api-design',
          variant_id: `v3-${LONG}`,
          q_value: 0.95,
          n_visits: 1234,
          default_variant: 'base',
          decision: 'auto_apply',
          reason: `Q 0.950 ≥ 0.9 and n 1234 ≥ 10, better than the default ${LONG}`,
          figures: {},
        },
      ],
    },
    degradation_alerts: {
      available: true,
      checked: 4,
      items: [
        {
          agent_name: LONG,
          task_type: 'security-audit',
          variant_id: 'base',
          reason: `success rate drop 38% > 10% ${LONG}`,
          action: 'rollback_due',
          cooldown: null,
          degradation_metrics: {},
        },
      ],
    },
    waltzrl: { available: false, reason: 'the WaltzRL stage rollout is not built yet' },
    rollouts: {
      available: true,
      items: [{
        rollout_id: 'ro-20250115-0000beef', agent_name: LONG, task_type: 'faq', candidate: 'v2-concise', baseline: 'v1',
        status: 'running', step_index: 1, step_percent: 25, steps: [10, 25, 50, 100], step_started_at: '2025-01-15T10:00:00.000Z',
        started_at: '2025-01-15T08:00:00.000Z', started_by: 'alice', ended_at: null, end_reason: null,
        next: {
          kind: 'wait', reason: 'at 25%, waiting for samples 120/200',
          figures: {
            step_index: 1, step_percent: 25, candidate_n: 180, candidate_rate: 0.91, default_n: 900, default_rate: 0.9,
            candidate_step_n: 120, dwell_minutes: 120,
          },
        },
      }],
    },
    ...patch,
  };
}

const width = (line: string) => [...line.replace(ANSI, '')].length;

describe('renderDashboard', () => {
  it('fits 100 columns, cutting long names with an ellipsis instead of wrapping', () => {
    const text = renderDashboard(data(), { color: false });
    const lines = text.split('\n');
    for (const line of lines) expect(width(line), line).toBeLessThanOrEqual(100);
    expect(text).toContain('…');
    expect(text).not.toContain(LONG);
    // Every table row has the same width as its borders: no cell wrapped onto a second line.
    const tables = text.split(/\n(?=[^│┌├└])/).filter((b) => b.includes('┌'));
    expect(tables.length).toBeGreaterThanOrEqual(5);
    for (const t of tables) {
      const rows = t.split('\n').filter((l) => /^[│┌├└]/.test(l));
      const widths = new Set(rows.map(width));
      expect(widths.size, t).toBe(1);
    }
  });

  it('fits a narrower terminal too', () => {
    for (const line of renderDashboard(data(), { color: false, width: 72 }).split('\n')) expect(width(line)).toBeLessThanOrEqual(72);
  });

  it('has no escape codes without colour (piped or NO_COLOR) and colours the status with it', () => {
    const plain = renderDashboard(data(), { color: false });
    expect(plain).not.toMatch(ANSI);
    const coloured = renderDashboard(data(), { color: true });
    expect(coloured).toContain('\u001b[31mATTENTION NEEDED\u001b[39m');
    expect(coloured.replace(ANSI, '')).toBe(plain);
  });

  it('says "not available" for a section whose component is missing, never fake content', () => {
    const text = renderDashboard(
      data({
        degradation_alerts: { available: false, reason: 'the degradation monitor is not built yet' },
        high_confidence_variants: { available: false, reason: 'the SafetyMonitor is not built yet' },
      }),
      { color: false },
    );
    expect(text).toContain('5. Degradation alerts (same check as `crl monitor`)\nnot available: the degradation monitor is not built yet');
    expect(text).toContain('4. High-confidence variants\nnot available: the SafetyMonitor is not built yet');
    expect(text).toContain('6. WaltzRL safety layer\nnot available: the WaltzRL stage rollout is not built yet');
  });

  it('shows the WaltzRL stage and rollout step', () => {
    const text = renderDashboard(
      data({
        waltzrl: {
          available: true,
          status: 'canary',
          active_stage: 1,
          active_variant: 'stage1-rules',
          candidate_variant: 'stage2-model',
          traffic_percent: 25,
          steps: [10, 25, 50, 100],
          live: { n: 240, asr: 0.0125, orr: null, ftr: 0.3 },
          next_action: { kind: 'hold', reason: 'dwell 12 of 60 minutes' },
        },
      }),
      { color: false },
    );
    expect(text).toMatch(/│ Stage serving\s*│ Stage 1 \(stage1-rules\)\s*│ Rollout\s*│ canary/);
    expect(text).toMatch(/│ Candidate\s*│ stage2-model\s*│ Traffic step\s*│ 25% of 10 → 25 → 50 → 100/);
    expect(text).toMatch(/│ Live ASR\s*│ 1\.3%\s*│ Live ORR\s*│ -/);
    expect(text).toContain('Next: hold — dwell 12 of 60 minutes');
  });

  it('shows the first alerts and counts the rest', () => {
    const base = data();
    if (!base.degradation_alerts.available) throw new Error('fixture');
    const one = base.degradation_alerts.items[0];
    const items = Array.from({ length: 13 }, (_, i) => ({ ...one, agent_name: `agent-${String(i).padStart(2, '0')}` }));
    const text = renderDashboard(data({ degradation_alerts: { available: true, checked: 40, items } }), { color: false });
    expect(text).toContain('5. Degradation alerts (same check as `crl monitor`): 13');
    expect(text).toContain('│ agent-09 ');
    expect(text).not.toContain('│ agent-10 ');
    expect(text).toContain('… and 3 more (all of them: crl dashboard --json, or crl monitor --once --dry-run).');
  });

  it('shows empty lists as sentences', () => {
    const text = renderDashboard(data({ last_rollbacks: [], pending_proposals: { total: 0, items: [] } }), { color: false });
    expect(text).toContain('No rollbacks recorded.');
    expect(text).toContain('Nothing waiting for review.');
  });

  it('marks a skipped rollback', () => {
    expect(renderDashboard(data(), { color: false })).toMatch(/│ 2025-01-10 09:30 │ security-auditor\s*│ security-audit\s*│ base → skipped/);
  });
});

describe('fitWidths', () => {
  it.each<[number[], number[], number, number[]]>([
    [[10, 10], [3, 3], 100, [10, 10]],
    [[60, 60], [3, 3], 50, [21, 22]],
    [[60, 5], [3, 5], 50, [38, 5]],
    [[4, 4], [4, 4], 5, [1, 1]],
    [[10, 10], [8, 2], 20, [8, 5]],
  ])('natural %j, minimum %j, width %i → %j', (natural, min, w, expected) => {
    expect(fitWidths(natural, min, w)).toEqual(expected);
  });

  it.each<[number[], number[], number, number[]]>([
    // Caps keep the names whole and cut the free text; room left goes back to the capped column.
    [[17, 90], [5, 5], 50, [17, 26]],
    [[17, 20], [5, 5], 100, [17, 20]],
    [[40, 90], [5, 5], 50, [20, 23]],
  ])('natural %j with caps [20, 10], width %i → %j', (natural, min, w, expected) => {
    expect(fitWidths(natural, min, w, [20, 10])).toEqual(expected);
  });
});

describe('wrap', () => {
  it('wraps prose at the width with a hanging indent', () => {
    expect(wrap('aaa bbb ccc ddd', 8, '  ')).toBe('aaa bbb\n  ccc\n  ddd');
  });

  it('keeps a number on the line of its unit', () => {
    expect(wrap('in the last 24 h or 7 days', 14)).toBe('in the last\n24 h or 7 days');
  });
});
