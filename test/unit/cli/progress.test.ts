import { describe, expect, it } from 'vitest';
import { formatDuration, formatProgress, progressEnabled, progressReporter, withProgress } from '../../../src/cli/progress';

const CLEAR = '\r\x1b[2K';

/** A fake stderr that records every write, and a clock the test moves. */
function fake(isTTY: boolean, columns?: number) {
  const writes: string[] = [];
  let t = 1_000;
  return {
    writes,
    stream: { isTTY, columns, write: (s: string) => writes.push(s) },
    now: () => t,
    tick: (ms: number) => {
      t += ms;
    },
  };
}

describe('progressReporter', () => {
  it.each([
    ['not a terminal', false, false],
    ['--json on a terminal', true, true],
    ['--json and not a terminal', false, true],
  ])('writes nothing when %s', (_name, isTTY, json) => {
    const f = fake(isTTY);
    const p = progressReporter({ stream: f.stream, label: 'ingest', unit: 'lines', now: f.now, json });
    expect(p.active).toBe(false);
    for (let i = 1; i <= 50; i++) {
      f.tick(500);
      p.update({ done: i * 1000, total: 50_000 });
    }
    p.phase('other');
    p.done();
    expect(f.writes).toEqual([]);
  });

  it('redraws one line in place at most every 100 ms, with rate and time left, and erases it when done', () => {
    const f = fake(true);
    const p = progressReporter({ stream: f.stream, label: 'safety benchmark', unit: 'cases', total: 64, now: f.now });
    expect(p.active).toBe(true);
    p.update({ done: 0 }); // first update: drawn at once, before any rate is known
    f.tick(50);
    p.update({ done: 1 }); // 50 ms after the last draw: skipped
    f.tick(50);
    p.update({ done: 2 }); // 100 ms: drawn, but too early for a rate
    f.tick(900);
    p.update({ done: 16 }); // 1 s in: 16 cases/s, 48 left → 3 s
    f.tick(60);
    p.update({ done: 17 }); // skipped
    p.done();
    expect(f.writes).toEqual([
      `${CLEAR}safety benchmark: 0/64 cases`,
      `${CLEAR}safety benchmark: 2/64 cases`,
      `${CLEAR}safety benchmark: 16/64 cases · 16/s · 3s left`,
      CLEAR,
    ]);
  });

  it('ingest of a file: lines shown, share and time left from the bytes read of the file size', () => {
    const f = fake(true);
    const p = progressReporter({ stream: f.stream, label: 'ingest', unit: 'lines', now: f.now });
    f.tick(2000);
    p.update({ done: 40_000_000, total: 100_000_000, items: 120_000 });
    p.done();
    expect(f.writes[0]).toBe(`${CLEAR}ingest: 120,000 lines · 40% · 60,000/s · 3s left`);
  });

  it('stdin (no total): count and rate only', () => {
    const f = fake(true);
    const p = progressReporter({ stream: f.stream, label: 'ingest', unit: 'lines', now: f.now });
    f.tick(4000);
    p.update({ done: 1_000_000, items: 250_000 });
    expect(f.writes).toEqual([`${CLEAR}ingest: 250,000 lines · 62,500/s`]);
  });

  it('done() after nothing was drawn writes nothing; done() twice erases once', () => {
    const f = fake(true);
    const p = progressReporter({ stream: f.stream, label: 'x', now: f.now });
    p.done();
    expect(f.writes).toEqual([]);
    p.update({ done: 1 });
    p.done();
    p.done();
    expect(f.writes).toEqual([`${CLEAR}x: 1 items`, CLEAR]);
  });

  it('a new phase starts the rate and the throttle afresh', () => {
    const f = fake(true);
    const p = progressReporter({ stream: f.stream, label: 'import-python (reading)', unit: 'lines', now: f.now });
    f.tick(1000);
    p.update({ done: 10_000 });
    f.tick(10);
    p.phase('import-python', 'records');
    p.update({ done: 0, total: 10_000 }); // drawn at once although 10 ms after the last draw
    f.tick(500);
    p.update({ done: 2500, total: 10_000 });
    expect(f.writes).toEqual([
      `${CLEAR}import-python (reading): 10,000 lines · 10,000/s`,
      `${CLEAR}import-python: 0/10,000 records`,
      `${CLEAR}import-python: 2,500/10,000 records · 5,000/s · 2s left`,
    ]);
  });

  it('cuts the line to the terminal width so a redraw never wraps', () => {
    const f = fake(true, 20);
    const p = progressReporter({ stream: f.stream, label: 'waltzrl eval', unit: 'lines', now: f.now });
    p.update({ done: 1234, total: 5000 });
    expect(f.writes).toEqual([`${CLEAR}waltzrl eval: 1,23…`]);
    expect(f.writes[0].length - CLEAR.length).toBe(19);
  });

  it('withProgress erases the line also when the work throws', async () => {
    const f = fake(true);
    const p = progressReporter({ stream: f.stream, label: 'ingest', now: f.now });
    await expect(
      withProgress(p, () => {
        p.update({ done: 5 });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(f.writes).toEqual([`${CLEAR}ingest: 5 items`, CLEAR]);
  });
});

describe('progressEnabled', () => {
  it.each([
    [{ isTTY: true }, undefined, true],
    [{ isTTY: true }, true, false],
    [{ isTTY: false }, undefined, false],
    [{}, undefined, false],
  ])('stream %o, json %s → %s', (s, json, want) => {
    expect(progressEnabled({ stream: { ...s, write: () => true }, json })).toBe(want);
  });
});

describe('formatProgress / formatDuration', () => {
  it.each([
    [0, '0s'],
    [1, '1s'],
    [2001, '3s'],
    [59_000, '59s'],
    [60_000, '1m 00s'],
    [125_000, '2m 05s'],
    [3_600_000, '1h 00m'],
    [3_720_000, '1h 02m'],
  ])('%d ms → %s', (ms, want) => {
    expect(formatDuration(ms)).toBe(want);
  });

  it.each([
    [{ done: 3, total: 64 }, 400, 'b: 3/64 cases · 7.5/s · 9s left'],
    [{ done: 64, total: 64 }, 1000, 'b: 64/64 cases · 64/s'],
    [{ done: 0, total: 64 }, 1000, 'b: 0/64 cases · 0/s'],
    [{ done: 5 }, 100, 'b: 5 cases'],
  ])('%o after %d ms → %s', (p, ms, want) => {
    expect(formatProgress('b', 'cases', p, ms)).toBe(want);
  });
});

describe('rate rounding', () => {
  it.each([
    [103_033, '103,000/s'],
    [61_234, '61,200/s'],
    [999.6, '1,000/s'],
    [12.34, '12/s'],
    [3.14, '3.1/s'],
  ])('%d items in one second → %s', (n, want) => {
    expect(formatProgress('x', 'lines', { done: n }, 1000)).toBe(`x: ${new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 }).format(n)} lines · ${want}`);
  });
});
