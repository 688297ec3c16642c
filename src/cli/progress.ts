/**
 * Progress of long work on stderr, e.g. `ingest: 120,000 lines · 42% · 61,000/s · 3s left`: one line
 * redrawn in place (`\r` and erase-line) at most 10 times a second, erased again by `done()` so that what
 * follows (the command's summary) prints as it always did. Only when the stream is a terminal and the
 * command does not print JSON; otherwise the reporter is inactive and costs one boolean check: a command
 * passes its service an `onProgress` callback only when `active`, so piped output is exactly as without it.
 */

/** The part of a stream the reporter uses (process.stderr, or a fake in tests). */
export interface ProgressStream {
  isTTY?: boolean;
  /** Terminal width; the line is cut to fit so that a redraw never wraps. */
  columns?: number;
  write(text: string): unknown;
}

export interface ProgressUpdate {
  /** Work done so far, in the unit of `total` (e.g. bytes read, cases run). Drives the rate and time left. */
  done: number;
  /** All the work in the same unit, when known: adds the share done and the time left. */
  total?: number;
  /**
   * The count to show when it is not `done` (ingest shows lines while `done` counts bytes of the file);
   * the rate is then items per second and the share done is shown as a percentage.
   */
  items?: number;
}

export interface ProgressReporter {
  /** False when nothing will ever be written (not a terminal, or --json). */
  readonly active: boolean;
  /** Records the progress; redraws the line when ~100 ms have passed since the last draw. */
  update(p: ProgressUpdate): void;
  /** Starts a new phase of the work under another label: the count, rate and time left start afresh. */
  phase(label: string, unit?: string): void;
  /** Erases the line if one was drawn (newline-free: the terminal is left as before). */
  done(): void;
}

export interface ProgressOptions {
  /** Default process.stderr. */
  stream?: ProgressStream;
  /** Shown first, e.g. `ingest`. */
  label: string;
  /** What is counted, e.g. `lines`, `cases` (default `items`). */
  unit?: string;
  /** The total when an update gives none. */
  total?: number;
  /** Clock in milliseconds (default Date.now); injected by tests. */
  now?: () => number;
  /** The command prints JSON: no progress. */
  json?: boolean;
  /** Least time between two draws in ms (default 100: at most 10 redraws a second). */
  intervalMs?: number;
}

/** Rate and time left are shown only after this much time (earlier figures are noise). */
const SETTLE_MS = 200;
const CLEAR = '\r\x1b[2K';

const INACTIVE: ProgressReporter = Object.freeze({ active: false, update() {}, phase() {}, done() {} });

/** True when progress would be drawn on `stream` (a terminal, and not --json). */
export function progressEnabled(opts: { stream?: ProgressStream; json?: boolean } = {}): boolean {
  return !opts.json && (opts.stream ?? process.stderr).isTTY === true;
}

/** Runs `fn` and erases the progress line afterwards, also when `fn` throws (the error message follows on a clean line). */
export async function withProgress<T>(progress: ProgressReporter, fn: () => Promise<T> | T): Promise<T> {
  try {
    return await fn();
  } finally {
    progress.done();
  }
}

/** A progress line on a terminal; an inactive no-op reporter when the stream is not a TTY or json is set. */
export function progressReporter(opts: ProgressOptions): ProgressReporter {
  const stream = opts.stream ?? process.stderr;
  if (!progressEnabled({ stream, json: opts.json })) return INACTIVE;
  const now = opts.now ?? Date.now;
  const interval = opts.intervalMs ?? 100;
  let label = opts.label;
  let unit = opts.unit ?? 'items';
  let started = now();
  let lastDraw = -Infinity;
  let drawn = false;
  return {
    active: true,
    update(p) {
      const t = now();
      if (t - lastDraw < interval) return;
      lastDraw = t;
      let line = formatProgress(label, unit, { ...p, total: p.total ?? opts.total }, t - started);
      const width = stream.columns;
      if (width && width > 1 && line.length > width - 1) line = `${line.slice(0, width - 2)}…`;
      stream.write(`${CLEAR}${line}`);
      drawn = true;
    },
    phase(nextLabel, nextUnit) {
      label = nextLabel;
      unit = nextUnit ?? unit;
      started = now();
      lastDraw = -Infinity;
    },
    done() {
      if (drawn) stream.write(CLEAR);
      drawn = false;
    },
  };
}

// Made on first use: building an Intl.NumberFormat loads ICU data (≈ 20 ms), which every command would pay at start.
let formats: { count: Intl.NumberFormat; fine: Intl.NumberFormat } | undefined;
const numberFormats = () =>
  (formats ??= {
    count: new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 }),
    fine: new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 }),
  });
const count = { format: (x: number) => numberFormats().count.format(x) };
const fine = { format: (x: number) => numberFormats().fine.format(x) };

/** Rounds to three significant digits (a steady `103,000/s` rather than a flickering `103,033/s`). */
const threeDigits = (x: number) => {
  const step = 10 ** Math.max(0, Math.floor(Math.log10(x)) - 2);
  return Math.round(x / step) * step;
};

/** `3s`, `2m 05s`, `1h 02m` (rounded up to the second). */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  if (s < 60) return `${s}s`;
  const pad = (n: number) => String(n).padStart(2, '0');
  if (s < 3600) return `${Math.floor(s / 60)}m ${pad(s % 60)}s`;
  return `${Math.floor(s / 3600)}h ${pad(Math.floor((s % 3600) / 60))}m`;
}

/**
 * The progress line: `label: count · rate · time left`. Count is `done/total unit` (or `items unit · pct%`
 * when items are counted apart from done); the rate (per second over the whole run, three significant
 * digits) and the time left
 * (at that rate, only with a total) appear once `elapsedMs` ≥ 200.
 */
export function formatProgress(label: string, unit: string, p: ProgressUpdate, elapsedMs: number): string {
  const { done, total, items } = p;
  const known = total !== undefined && total > 0;
  const parts: string[] = [];
  if (items !== undefined) {
    parts.push(`${count.format(items)} ${unit}`);
    if (known) parts.push(`${Math.min(100, Math.floor((done / total) * 100))}%`);
  } else parts.push(known ? `${count.format(done)}/${count.format(total)} ${unit}` : `${count.format(done)} ${unit}`);
  if (elapsedMs >= SETTLE_MS) {
    const rate = ((items ?? done) * 1000) / elapsedMs;
    parts.push(`${rate >= 10 ? count.format(threeDigits(rate)) : fine.format(rate)}/s`);
    if (known && done > 0 && done < total) parts.push(`${formatDuration((elapsedMs * (total - done)) / done)} left`);
  }
  return `${label}: ${parts.join(' · ')}`;
}
