import Table from 'cli-table3';
import type { HealthStatus } from '../../../core/dashboard/decide-health';
import type { DashboardData, Section } from './dashboard-service';
import { paint, type Style, truncate } from '../../terminal';

/** Terminal width the dashboard fits in (columns). */
export const DASHBOARD_WIDTH = 100;

export interface RenderOptions {
  /** ANSI colours (the command passes `useColor()`: a TTY and no NO_COLOR). */
  color: boolean;
  /** Maximum line width in columns (default 100). */
  width?: number;
  /** Degradation alerts shown as rows (default 10); the rest are counted below the table (all are in --json). */
  alertRows?: number;
}

/** A table cell: plain text, or text with a style applied after truncation. */
type Cell = string | { text: string; style?: Style };

const cellText = (c: Cell) => (typeof c === 'string' ? c : c.text);

/**
 * Column widths that fit `width` (borders take 3 per column + 1):
 * 1. each column gets its natural width, at most its preferred `cap` (so that long free text such as a
 *    reason gives way before names do);
 * 2. room left over goes back to the capped columns, the one missing most first;
 * 3. while too wide, the widest column above its minimum loses one character (ties: the first), and on a
 *    very narrow terminal any column down to 1.
 */
export function fitWidths(natural: number[], min: number[], width: number, cap: number[] = []): number[] {
  const budget = width - (3 * natural.length + 1);
  const w = natural.map((n, i) => Math.min(n, cap[i] ?? n));
  let total = w.reduce((a, b) => a + b, 0);
  while (total < budget) {
    let needy = -1;
    for (let i = 0; i < w.length; i++) if (w[i] < natural[i] && (needy < 0 || natural[i] - w[i] > natural[needy] - w[needy])) needy = i;
    if (needy < 0) break;
    w[needy] += 1;
    total += 1;
  }
  for (const floor of [(i: number) => min[i] ?? 1, () => 1]) {
    while (total > budget) {
      let widest = -1;
      for (let i = 0; i < w.length; i++) if (w[i] > floor(i) && (widest < 0 || w[i] > w[widest])) widest = i;
      if (widest < 0) break;
      w[widest] -= 1;
      total -= 1;
    }
  }
  return w;
}

/** A bordered table whose cells are cut with an ellipsis (never wrapped) so that it fits `width`. */
function table(head: string[], rows: Cell[][], o: { color: boolean; width: number; min?: number[]; cap?: number[] }): string {
  const natural = head.map((h, i) => Math.max(h.length, ...rows.map((r) => cellText(r[i]).replace(/\s+/g, ' ').length)));
  const widths = fitWidths(natural, o.min ?? head.map((h) => Math.min(h.length, 6)), o.width, o.cap);
  const t = new Table({
    head: head.every((x) => x === '') ? [] : head.map((x, i) => paint(truncate(x, widths[i]), 'bold', o.color)),
    style: { head: [], border: [], compact: true },
    wordWrap: false,
  });
  for (const r of rows) {
    t.push(
      r.map((c, i) => {
        const text = truncate(cellText(c).replace(/\s+/g, ' '), widths[i]);
        return typeof c !== 'string' && c.style ? paint(text, c.style, o.color) : text;
      }),
    );
  }
  return t.toString();
}

/** Word-wraps prose (not tables) to `width` with a hanging indent. */
export function wrap(text: string, width: number, indent = ''): string {
  const lines: string[] = [];
  let line = '';
  // A number stays on the line of its unit ("24 h", "7 days").
  const words = text.replace(/(\d) (h|days?)\b/g, '$1\u00a0$2').split(/[ \t\n]+/).filter(Boolean);
  for (const word of words) {
    const candidate = line ? `${line} ${word}` : word;
    if (candidate.length > width && line) {
      lines.push(line);
      line = truncate(`${indent}${word}`, width);
    } else line = truncate(candidate, width);
  }
  if (line) lines.push(line);
  return lines.join('\n').replace(/\u00a0/g, ' ');
}

const STATUS_STYLE: Record<HealthStatus, Style> = { HEALTHY: 'green', STABLE: 'yellow', 'ATTENTION NEEDED': 'red' };
const DECISION_STYLE: Record<string, Style> = { auto_apply: 'green', human_approval: 'yellow', no_action: 'dim' };

/**
 * `auto_apply` / `human_approval` as they are; a no_action as the first clause of its reason, which says
 * why ("Already the default", "In cool-down after a rollback", "Insufficient data"). Full reason: --json.
 */
export function decisionLabel(kind: string, reason: string): string {
  if (kind !== 'no_action') return kind;
  return reason.split(/[:(]/)[0].trim() || kind;
}

/** `2025-01-15T12:00:00.000Z` → `2025-01-15 12:00` (timestamps are stored in UTC). */
const minute = (iso: string) => iso.slice(0, 16).replace('T', ' ');
/** 12,345 — grouped by hand: the first toLocaleString of a process loads ICU data (tens of ms). */
const count = (n: number) => String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

function unavailable(s: Section<object>, color: boolean): string | null {
  return s.available ? null : paint(`not available: ${s.reason}`, 'dim', color);
}

/** Renders the dashboard object as plain text (colour only when `color`), at most `width` columns a line. */
export function renderDashboard(d: DashboardData, o: RenderOptions): string {
  const width = o.width ?? DASHBOARD_WIDTH;
  const color = o.color;
  const tbl = (head: string[], rows: Cell[][], min?: number[], cap?: number[]) => table(head, rows, { color, width, min, cap });
  const title = (n: number, text: string) => paint(truncate(`${n}. ${text}`, width), 'cyan', color);
  const out: string[] = [];
  const h = d.health;

  const heading = 'CRL SAFETY DASHBOARD';
  const stamp = `${minute(d.generated_at)} UTC`;
  out.push(paint(heading, 'bold', color) + ' '.repeat(Math.max(1, width - heading.length - stamp.length)) + stamp);
  const status = wrap(`Status: ${h.status}  (${h.reason})`, width, '        ');
  out.push(status.replace(h.status, paint(h.status, STATUS_STYLE[h.status], color)));
  out.push(wrap(`Rule: ${h.status} when ${h.rule}.`, width, '      '));
  out.push('');

  out.push(title(1, 'System health'));
  out.push(
    tbl(
      ['', '', '', ''],
      [
        ['Q-table entries', count(h.q_table_entries), `Rollbacks (last ${h.recent_days} days)`, count(h.rollbacks_recent)],
        ['Agents with variants', count(h.agents_with_variants), `Rollbacks (last ${h.attention_hours} h)`, count(h.rollbacks_attention)],
        ['Invocations', count(h.invocations), `Skipped rollbacks (last ${h.attention_hours} h)`, count(h.skipped_rollbacks_attention)],
        [
          'Degradation alerts',
          h.degradation_alerts == null ? 'n/a' : { text: count(h.degradation_alerts), style: h.degradation_alerts ? 'red' : 'green' },
          'Pending proposals',
          count(h.pending_proposals),
        ],
        [
          'High-confidence variants',
          d.high_confidence_variants.available ? count(d.high_confidence_variants.total) : 'n/a',
          `Pending > ${h.stale_proposal_days} days`,
          { text: count(h.stale_proposals), style: h.stale_proposals ? 'red' : undefined },
        ],
      ],
    ),
  );
  out.push('');

  out.push(title(2, `Last ${d.last_rollbacks.length === 1 ? 'rollback' : 'rollbacks'}`));
  if (d.last_rollbacks.length === 0) out.push('No rollbacks recorded.');
  else
    out.push(
      tbl(
        ['when (UTC)', 'agent', 'task', 'from → to', 'reason'],
        d.last_rollbacks.map((r) => [
          minute(r.timestamp),
          r.agent_name,
          r.task_type,
          r.event_type === 'rollback_skipped'
            ? { text: `${r.from_variant} → skipped`, style: 'red' }
            : `${r.from_variant} → ${r.to_variant ?? '-'}`,
          r.reason,
        ]),
        [16, 8, 8, 10, 16],
        [16, 20, 16, 24, 20],
      ),
    );
  out.push('');

  const p = d.pending_proposals;
  out.push(title(3, `Pending proposals (${count(p.total)}${p.total > p.items.length ? `, top ${p.items.length}` : ''} by confidence)`));
  if (p.items.length === 0) out.push('Nothing waiting for review.');
  else
    out.push(
      tbl(
        ['conf', 'age', 'proposal', 'agent', 'task', 'type'],
        p.items.map((x) => [
          x.confidence.toFixed(2),
          { text: `${x.age_days}d`, style: x.age_days > h.stale_proposal_days ? 'red' : undefined },
          x.proposal_id,
          x.agent_name,
          x.task_type,
          x.proposal_type,
        ]),
        [4, 3, 22, 8, 8, 12],
        [4, 4, 22, 20, 16, 20],
      ),
    );
  out.push('');

  const hc = d.high_confidence_variants;
  const hcTitle = hc.available
    ? `High-confidence variants (Q ≥ ${hc.min_q}, n ≥ ${hc.min_n}): ${count(hc.total)}` +
      `${hc.total > hc.items.length ? `, top ${hc.items.length} by Q` : ''} — SafetyMonitor decision`
    : 'High-confidence variants';
  out.push(title(4, hcTitle));
  if (!hc.available) out.push(unavailable(hc, color) as string);
  else if (hc.items.length === 0) out.push('None yet.');
  else
    out.push(
      tbl(
        ['agent', 'task', 'variant', 'Q', 'n', 'default', 'decision'],
        hc.items.map((x) => [
          x.agent_name,
          x.task_type,
          x.variant_id,
          x.q_value.toFixed(3),
          count(x.n_visits),
          x.default_variant ?? '-',
          { text: decisionLabel(x.decision, x.reason), style: DECISION_STYLE[x.decision] },
        ]),
        [8, 8, 8, 5, 3, 7, 14],
        [16, 12, 12, 5, 6, 10, 29],
      ),
    );
  out.push('');

  const al = d.degradation_alerts;
  const alertRows = o.alertRows ?? 10;
  out.push(title(5, `Degradation alerts (same check as \`crl monitor\`)${al.available && al.items.length ? `: ${count(al.items.length)}` : ''}`));
  if (!al.available) out.push(unavailable(al, color) as string);
  else if (al.items.length === 0) out.push(paint(`No degradation${al.checked == null ? '' : ` (${count(al.checked)} active variants checked)`}.`, 'green', color));
  else {
    out.push(
      tbl(
        ['agent', 'task', 'variant', 'monitor action', 'reason'],
        al.items.slice(0, alertRows).map((x) => [
          x.agent_name,
          x.task_type,
          { text: x.variant_id, style: 'red' },
          x.action === 'cooldown' && x.cooldown ? `cool-down ${x.cooldown.invocations_since}/${x.cooldown.needed}` : x.action === 'rollback_skipped' ? 'skipped: no target' : 'rollback due',
          x.reason,
        ]),
        [8, 8, 8, 14, 16],
        [20, 16, 14, 18, 20],
      ),
    );
    if (al.items.length > alertRows) out.push(`… and ${count(al.items.length - alertRows)} more (all of them: crl dashboard --json, or crl monitor --once --dry-run).`);
  }
  out.push('');

  const w = d.waltzrl;
  out.push(title(6, 'WaltzRL safety layer'));
  if (!w.available) out.push(unavailable(w, color) as string);
  else {
    const rate = (x: number | null) => (x == null ? '-' : `${(x * 100).toFixed(1)}%`);
    out.push(
      tbl(
        ['', '', '', ''],
        [
          ['Stage serving', `Stage ${w.active_stage} (${w.active_variant})`, 'Rollout', w.status],
          ['Candidate', w.candidate_variant ?? '-', 'Traffic step', `${w.traffic_percent}% of ${w.steps.join(' → ')}`],
          ['Live ASR', rate(w.live.asr), 'Live ORR', rate(w.live.orr)],
          ['Live FTR', rate(w.live.ftr), 'Live reviews', count(w.live.n)],
        ],
        [8, 12, 8, 12],
      ),
    );
    out.push(wrap(`Next: ${w.next_action.kind} — ${w.next_action.reason}`, width, '      '));
  }
  out.push('');

  const ro = d.rollouts;
  out.push(title(7, `Rollouts in progress${ro.available && ro.items.length ? `: ${count(ro.items.length)}` : ''}`));
  if (!ro.available) out.push(unavailable(ro, color) as string);
  else if (ro.items.length === 0) out.push('No rollout in progress (crl rollout start, or a SafetyMonitor auto_apply, starts one).');
  else {
    const rate = (x: number | null | undefined) => (x == null ? '-' : `${(x * 100).toFixed(1)}%`);
    out.push(
      tbl(
        ['agent/task', 'candidate', 'step', 'n cand/def', 'success cand/def', 'next'],
        ro.items.slice(0, 10).map((r) => [
          `${r.agent_name}/${r.task_type}`,
          r.candidate,
          `${r.step_percent}%`,
          r.next ? `${r.next.figures.candidate_n}/${r.next.figures.default_n}` : '-',
          r.next ? `${rate(r.next.figures.candidate_rate)} / ${rate(r.next.figures.default_rate)}` : '-',
          r.next ? `${r.next.kind}: ${r.next.reason}` : '',
        ]),
        [10, 8, 4, 8, 12, 14],
        [24, 16, 5, 11, 16, 22],
      ),
    );
  }
  return `${out.join('\n')}\n`;
}
