import type { Outcome } from '../../../core/learning/compute-reward';

/**
 * The recent window of a tuple, kept incrementally: its newest invocations (by timestamp, then row id),
 * at most `capacity` of them, stored as one small blob per tuple (`recent_windows`). Writers fold new
 * rows in as they store them, so a monitor pass reads one row per tuple instead of walking the index.
 */
export interface WindowSignal {
  outcome: Outcome;
  reward: number;
}

/** A kept entry: the signal plus what orders it. */
export interface WindowEntry extends WindowSignal {
  /** Completion time, ms since the epoch (stored timestamps are ISO 8601 with ms precision). */
  tsMs: number;
  /** The invocation's row id (orders equal timestamps, as the index read does). */
  id: number;
}

/** Newest first: later timestamp, then higher row id. */
export const newestFirst = (a: WindowEntry, b: WindowEntry): number => b.tsMs - a.tsMs || b.id - a.id;

const OUTCOMES: readonly Outcome[] = ['success', 'partial', 'failure', 'error'];
/** Bytes per entry: f64 ts, f64 id, f64 reward, u8 outcome. */
export const WINDOW_ENTRY_BYTES = 25;
const ENTRY = WINDOW_ENTRY_BYTES;

/** Encodes entries (already newest first) as the stored blob. */
export function encodeWindow(entries: readonly WindowEntry[]): Buffer {
  const buf = Buffer.allocUnsafe(entries.length * ENTRY);
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    const o = i * ENTRY;
    buf.writeDoubleLE(e.tsMs, o);
    buf.writeDoubleLE(e.id, o + 8);
    buf.writeDoubleLE(e.reward, o + 16);
    buf.writeUInt8(OUTCOMES.indexOf(e.outcome), o + 24);
  }
  return buf;
}

/** One letter an outcome, for the outcomes kept next to the window counts (`q_values.win_outcomes`). */
const LETTER: Record<Outcome, string> = { success: 's', partial: 'p', failure: 'f', error: 'e' };
const FROM_LETTER: Record<string, Outcome> = { s: 'success', p: 'partial', f: 'failure', e: 'error' };

/** The outcomes of signals (newest first) as letters, e.g. `ssfe`. */
export const outcomeLetters = (signals: readonly WindowSignal[]): string => signals.map((x) => LETTER[x.outcome]).join('');

/** The first `limit` outcomes of kept letters (newest first). */
export function lettersToOutcomes(letters: string, limit = Infinity): Outcome[] {
  const n = Math.min(letters.length, limit);
  const out: Outcome[] = new Array(n);
  for (let i = 0; i < n; i++) out[i] = FROM_LETTER[letters[i]];
  return out;
}

/** Number of entries in a stored blob. */
export const windowLength = (buf: Buffer): number => Math.floor(buf.length / ENTRY);

/** Outcome and reward of the first `limit` entries of a stored blob (newest first): what a check reads. */
export function decodeSignals(buf: Buffer, limit = Infinity): WindowSignal[] {
  const n = Math.min(windowLength(buf), limit);
  const out: WindowSignal[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const o = i * ENTRY;
    out[i] = { outcome: OUTCOMES[buf[o + 24]], reward: buf.readDoubleLE(o + 16) };
  }
  return out;
}

/** The first `limit` entries of a stored blob (newest first). */
export function decodeWindow(buf: Buffer, limit = Infinity): WindowEntry[] {
  const n = Math.min(windowLength(buf), limit);
  const out: WindowEntry[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const o = i * ENTRY;
    out[i] = { tsMs: buf.readDoubleLE(o), id: buf.readDoubleLE(o + 8), reward: buf.readDoubleLE(o + 16), outcome: OUTCOMES[buf.readUInt8(o + 24)] };
  }
  return out;
}

/**
 * The newest `capacity` entries of what was kept plus what is added, whatever the order of the additions
 * (a file may be out of time order). Held in the stored layout itself (2.5 KB a tuple at capacity 100):
 * an addition is a binary search and a shift of the older entries, and the result is the blob to store.
 */
export class RecentWindow {
  private readonly buf: Buffer;
  private n: number;
  changed = false;

  /** `kept`: the tuple's stored blob (newest first), if any. */
  constructor(
    readonly capacity: number,
    kept?: Buffer,
  ) {
    this.buf = Buffer.alloc(capacity * ENTRY);
    this.n = kept ? Math.min(windowLength(kept), capacity) : 0;
    if (kept) kept.copy(this.buf, 0, 0, this.n * ENTRY);
  }

  add(e: WindowEntry): void {
    this.changed = true;
    const { buf, capacity } = this;
    // First position whose entry is older than e (entries are newest first); rows mostly arrive in time
    // order, so the newest entry is compared first.
    let lo = 0;
    let hi = this.n === 0 || this.isNewer(e, 0) ? 0 : this.n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.isNewer(e, mid)) hi = mid;
      else lo = mid + 1;
    }
    if (lo >= capacity) return; // `capacity` kept entries are newer: it can never be in the window
    const last = Math.min(this.n, capacity - 1);
    buf.copyWithin((lo + 1) * ENTRY, lo * ENTRY, last * ENTRY);
    const o = lo * ENTRY;
    buf.writeDoubleLE(e.tsMs, o);
    buf.writeDoubleLE(e.id, o + 8);
    buf.writeDoubleLE(e.reward, o + 16);
    buf[o + 24] = OUTCOMES.indexOf(e.outcome);
    this.n = last + 1;
  }

  /** e sorts before (is newer than) the entry at position i. */
  private isNewer(e: WindowEntry, i: number): boolean {
    const ts = this.buf.readDoubleLE(i * ENTRY);
    return e.tsMs > ts || (e.tsMs === ts && e.id > this.buf.readDoubleLE(i * ENTRY + 8));
  }

  /** The blob to store (newest first). */
  blob(): Buffer {
    return this.buf.subarray(0, this.n * ENTRY);
  }

  /** The window, newest first. */
  entries(): WindowEntry[] {
    return decodeWindow(this.blob());
  }
}
