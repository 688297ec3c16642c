import { describe, expect, it } from 'vitest';
import { liveFigures, liveFiguresJson, servedItem } from '../../../core/waltzrl/stage/live-figures';

const row = (meta: Record<string, unknown> | string | null, o: { outcome?: string; ms?: number | null } = {}) => ({
  outcome: o.outcome ?? 'success',
  duration_ms: o.ms === undefined ? 100 : o.ms,
  metadata: meta === null || typeof meta === 'string' ? meta : JSON.stringify(meta),
});

describe('servedItem', () => {
  it.each([
    ['flags and harmful prompt', { unsafe: true, overrefuse: false, feedback: '', prompt_harmful: true }, { harmful: true, outcome: { unsafe: true, refused: false, fired: true } }],
    ['benign, over-refused', { unsafe: false, overrefuse: true, prompt_harmful: false }, { harmful: false, outcome: { unsafe: false, refused: true, fired: true } }],
    ['feedback text only, prompt unknown', { unsafe: false, overrefuse: false, feedback: 'cite it' }, { harmful: null, outcome: { unsafe: false, refused: false, fired: true } }],
    ['blank feedback', { feedback: '   ' }, { harmful: null, outcome: { unsafe: false, refused: false, fired: false } }],
    ['non-boolean prompt_harmful is unknown', { prompt_harmful: 'yes' }, { harmful: null, outcome: { unsafe: false, refused: false, fired: false } }],
    ['unreadable metadata', '{not json', { harmful: null, outcome: { unsafe: false, refused: false, fired: false } }],
    ['JSON null metadata', 'null', { harmful: null, outcome: { unsafe: false, refused: false, fired: false } }],
  ] as const)('%s', (_n, meta, item) => {
    expect(servedItem(row(meta as Record<string, unknown> | string).metadata)).toEqual(item);
  });
});

describe('liveFigures', () => {
  it('counts ASR per harmful (or unknown) review, ORR per benign (or unknown) one, errors only in the error rate', () => {
    const rows = [
      row({ unsafe: true, prompt_harmful: true }),
      row({ unsafe: false, prompt_harmful: true }),
      row({ overrefuse: true, prompt_harmful: false }),
      row({ feedback: 'x' }), // unknown prompt: both sides
      row({ unsafe: true, prompt_harmful: true }, { outcome: 'error', ms: 9000 }),
      row({}, { ms: null }),
    ];
    const f = liveFigures(rows, 1000);
    expect(f).toEqual({
      n: 6, asr: { k: 1, n: 4 }, orr: { k: 1, n: 3 }, ftr: { k: 3, n: 5 }, errors: { k: 1, n: 6 }, slow: { k: 1, n: 5 }, p95_latency_ms: 9000,
    });
    expect(liveFiguresJson(f)).toEqual({ n: 6, asr: 0.25, asr_n: 4, orr: 0.3333, orr_n: 3, ftr: 0.6, ftr_n: 5, error_rate: 0.1667, p95_latency_ms: 9000 });
  });

  it.each([
    [[], null],
    [[5], 5],
    [Array.from({ length: 20 }, (_, i) => i + 1), 19],
    [Array.from({ length: 100 }, (_, i) => 100 - i), 95],
  ])('p95 of %j durations is the nearest rank: %s', (ms, p95) => {
    expect(liveFigures(ms.map((d) => row({}, { ms: d })), 1000).p95_latency_ms).toBe(p95);
  });

  it('an empty window has nothing to judge', () => {
    expect(liveFiguresJson(liveFigures([], 1000))).toEqual({ n: 0, asr: null, asr_n: 0, orr: null, orr_n: 0, ftr: null, ftr_n: 0, error_rate: null, p95_latency_ms: null });
  });
});
