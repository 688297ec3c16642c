import Table from 'cli-table3';
import type { HealthStatus } from '../../core/decide-health';
import type { DashboardData, Section } from '../services/dashboard';
import { paint, type Style, truncate } from './output';

/** Terminal width the dashboard fits in (columns). */
export const DASHBOARD_WIDTH = 100;

export interface RenderOptions {
  /** ANSI colours (the command passes `useColor()`: a TTY and no NO_COLOR). */
  color: boolean;
  /** Maximum line width in columns (default 100). */
  width?: number;
}

/** A table cell: plain text, or text with a style applied after truncation. */
type Cell = string | { text: string; style?: Style };

const cellText = (c: Cell) => (typeof c === 'string' ? c : c.text);

/**
 * Column widths that fit `width`: the natural width of each column, then the widest column that is
 * above its minimum loses one character at a time until the table fits (borders: 3 per column + 1).
 * Ties: the first such column shrinks first.
 */
export function fitWidths(natural: number[], min: number[], width: number): number[] {
  const w = [...natural];
  const budget = width - (3 * w.length + 1);
  let total = w.reduce((a, b) => a + b, 0);
  // First down to the minimum widths; on a very narrow terminal below them, down to 1 character.
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
function table(head: string[], rows: Cell[][], o: { color: boolean; width: number; min?: number[] }): string {
  const natural = head.map((h, i) => Math.max(h.length, ...rows.map((r) => cellText(r[i]).length)));
  const widths = fitWidths(natural, o.min ?? head.map((h) => Math.min(h.length, 6)), o.width);
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
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (candidate.length > width && line) {
      lines.push(line);
      line = truncate(`${indent}${word}`, width);
    } else line = truncate(candidate, width);
  }
  if (line) lines.push(line);
  return lines.join('\n');
}

const STATUS_STYLE: Record<HealthStatus, Style> = { HEALTHY: 'green', STABLE: 'yellow', 'ATTENTION NEEDED': 'red' };
const DECISION_STYLE: Record<string, Style> = { auto_apply: 'green', human_approval: 'yellow', no_action: 'dim' };

/** `2025-01-15T12:00:00.000Z` → `2025-01-15 12:00` (timestamps are stored in UTC). */
const minute = (iso: string) => iso.slice(0, 16).replace('T', ' ');
const count = (n: number) => n.toLocaleString('en-US');

function unavailable(s: Section<object>, color: boolean): string | null {
  return s.available ? null : paint(`not available: ${s.reason}`, 'dim', color);
}

/** Renders the dashboard object as plain text (colour only when `color`), at most `width` columns a line. */
export function renderDashboard(d: DashboardData, o: RenderOptions): string {
  const width = o.width ?? DASHBOARD_WIDTH;
  const color = o.color;
  const tbl = (head: string[], rows: Cell[][], min?: number[]) => table(head, rows, { color, width, min });
  const title = (n: number, text: string) => paint(`${n}. ${text}`, 'cyan', color);
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
      ),
    );
  out.push('');

  const hc = d.high_confidence_variants;
  out.push(title(4, hc.available ? `High-confidence variants (Q ≥ ${hc.min_q}, n ≥ ${hc.min_n}): ${count(hc.total)}${hc.total > hc.items.length ? `, top ${hc.items.length}` : ''}` : 'High-confidence variants'));
  if (!hc.available) out.push(unavailable(hc, color) as string);
  else if (hc.items.length === 0) out.push('None yet.');
  else
    out.push(
      tbl(
        ['agent', 'task', 'variant', 'Q', 'n', 'default', 'decision', 'why'],
        hc.items.map((x) => [
          x.agent_name,
          x.task_type,
          x.variant_id,
          x.q_value.toFixed(3),
          count(x.n_visits),
          x.default_variant ?? '-',
          { text: x.decision, style: DECISION_STYLE[x.decision] },
          x.reason,
        ]),
        [8, 8, 8, 5, 3, 8, 14, 12],
      ),
    );
  out.push('');

  const al = d.degradation_alerts;
  out.push(title(5, 'Degradation alerts'));
  if (!al.available) out.push(unavailable(al, color) as string);
  else if (al.items.length === 0) out.push(paint(`No degradation${al.checked == null ? '' : ` (${count(al.checked)} active variants checked)`}.`, 'green', color));
  else
    out.push(
      tbl(
        ['agent', 'task', 'variant', 'action', 'reason'],
        al.items.map((x) => [x.agent_name, x.task_type, { text: x.variant_id, style: 'red' }, x.to_variant ? `${x.action} → ${x.to_variant}` : x.action, x.reason]),
        [8, 8, 8, 10, 16],
      ),
    );
  out.push('');

  const w = d.waltzrl;
  out.push(title(6, 'WaltzRL safety layer'));
  if (!w.available) out.push(unavailable(w, color) as string);
  else {
    const rows: Cell[][] = [
      ['stage', w.stage],
      ['variant', w.variant_id ?? '-'],
      ['candidate', w.candidate ?? '-'],
      ['traffic step', w.traffic_step == null ? '-' : `${w.traffic_step}%`],
      ...Object.entries(w.details).map(([k, v]): Cell[] => [k, typeof v === 'number' ? String(Number(v.toFixed(4))) : String(v ?? '-')]),
    ];
    out.push(tbl(['field', 'value'], rows, [8, 20]));
  }
  return `${out.join('\n')}\n`;
}
