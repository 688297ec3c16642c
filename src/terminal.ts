/** Terminal text: colour (TTY and no NO_COLOR), plain tables, truncation, JSON and number formatting. */
import Table from 'cli-table3';
import { colorAllowedByEnv } from './env';

/** Colour only on a TTY and when NO_COLOR is not set (https://no-color.org). */
export function useColor(stream: NodeJS.WriteStream = process.stdout): boolean {
  return Boolean(stream.isTTY) && colorAllowedByEnv();
}

const codes = { bold: [1, 22], dim: [2, 22], red: [31, 39], green: [32, 39], yellow: [33, 39], cyan: [36, 39] } as const;
export type Style = keyof typeof codes;

export function paint(text: string, style: Style, on = useColor()): string {
  if (!on) return text;
  const [a, b] = codes[style];
  return `\u001b[${a}m${text}\u001b[${b}m`;
}

/** Cuts a cell to `max` characters with an ellipsis so tables never wrap. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

/** A plain table (no colours in borders) that fits the given column widths. */
export function renderTable(head: string[], rows: (string | number)[][], opts: { maxWidths?: number[]; color?: boolean } = {}): string {
  const color = opts.color ?? useColor();
  const t = new Table({
    head: head.map((h) => paint(h, 'bold', color)),
    style: { head: [], border: [], compact: true },
    wordWrap: false,
  });
  for (const r of rows) {
    t.push(r.map((c, i) => {
      const s = String(c);
      const max = opts.maxWidths?.[i];
      return max ? truncate(s, max) : s;
    }));
  }
  return t.toString();
}

export const printJson = (value: unknown): void => {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
};

export const fmt = (x: number | null | undefined, digits = 3): string => (x == null ? '-' : x.toFixed(digits));
