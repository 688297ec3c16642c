import { describe, expect, it } from 'vitest';
import { proposalConfidence, proposeVariant, type ProposerSettings, type VariantFigures } from '../../../core/proposals/propose-variant';

const S: ProposerSettings = { min_invocations: 50, low_q: 0.6, promote_gap: 0.2, retire_gap: 0.2, specialized_confidence_cap: 0.75 };
const d = (q: number, n: number, id = 'base'): VariantFigures => ({ variant_id: id, q, n, is_default: true });
const v = (id: string, q: number, n: number): VariantFigures => ({ variant_id: id, q, n, is_default: false });

describe('proposeVariant triggers', () => {
  it.each([
    ['only default, Q < 0.6 → create specialized', [d(0.5, 60)], 'create_specialized_variant', 'base'],
    ['only default, Q exactly 0.6 → none', [d(0.6, 60)], 'none', null],
    ['healthy default alone → none', [d(0.85, 500)], 'none', null],
    ['gap 0.25 → promote', [d(0.6, 40), v('b', 0.85, 40)], 'promote_variant_to_default', 'b'],
    ['gap exactly 0.20 (0.8 − 0.6) → none', [d(0.6, 40), v('b', 0.8, 40)], 'none', null],
    ['gap exactly 0.20 (0.9 − 0.7) → none', [d(0.7, 40), v('b', 0.9, 40)], 'none', null],
    ['gap exactly 0.20 (0.3 − 0.1) with low default n < min → none', [d(0.1, 30), v('b', 0.3, 30)], 'none', null],
    ['gap 0.2001 → promote', [d(0.6, 40), v('b', 0.8001, 40)], 'promote_variant_to_default', 'b'],
    ['low default with n ≥ min, no big gap → modify', [d(0.5, 60), v('b', 0.55, 20)], 'modify_variant_parameters', 'base'],
    ['low default with n < min, others small → none', [d(0.5, 40), v('b', 0.55, 20)], 'none', null],
    ['promote wins over modify (order)', [d(0.4, 100), v('b', 0.7, 100)], 'promote_variant_to_default', 'b'],
    ['create wins over modify (order)', [d(0.4, 100)], 'create_specialized_variant', 'base'],
    ['underperformer n ≥ min, 0.3 below best → retire', [d(0.85, 200), v('bad', 0.55, 60)], 'retire_underperforming_variant', 'bad'],
    ['underperformer exactly 0.2 below best → retire', [d(0.75, 200), v('bad', 0.55, 60)], 'retire_underperforming_variant', 'bad'],
    ['underperformer 0.15 below best → none', [d(0.7, 200), v('bad', 0.55, 60)], 'none', null],
    ['underperformer with n < min → none', [d(0.85, 200), v('bad', 0.5, 49)], 'none', null],
    ['worst of two underperformers is retired', [d(0.9, 200), v('a', 0.5, 60), v('b', 0.4, 60)], 'retire_underperforming_variant', 'b'],
    ['total below minimum → none', [d(0.3, 20), v('b', 0.9, 29)], 'none', null],
    ['total exactly minimum → counts', [d(0.3, 20), v('b', 0.9, 30)], 'promote_variant_to_default', 'b'],
  ] as const)('%s', (_name, variants, kind, subject) => {
    const r = proposeVariant([...variants], S);
    expect(r.kind).toBe(kind);
    expect(r.figures.variant_id).toBe(subject);
    expect(r.reason.length).toBeGreaterThan(20);
  });

  it('honours a lower min_invocations', () => {
    expect(proposeVariant([d(0.5, 20)], { ...S, min_invocations: 10 }).kind).toBe('create_specialized_variant');
    expect(proposeVariant([d(0.5, 20)], S).kind).toBe('none');
  });

  it('reports the supporting figures', () => {
    const r = proposeVariant([d(0.6, 120), v('b', 0.95, 80)], S);
    expect(r).toMatchObject({
      kind: 'promote_variant_to_default',
      confidence: 0.85,
      figures: { total_invocations: 200, default_variant: 'base', default_q: 0.6, best_variant: 'b', best_q: 0.95, variant_id: 'b', gap: 0.35, confidence_n: 80 },
    });
  });
});

describe('confidence', () => {
  it.each([
    // [n, gap, cap, expected]
    [0, undefined, undefined, 0.5],
    [49, undefined, undefined, 0.5],
    [50, undefined, undefined, 0.7],
    [99, undefined, undefined, 0.7],
    [100, undefined, undefined, 0.85],
    [100, 0.3, undefined, 0.85], // gap exactly 0.30: no bonus
    [100, 0.31, undefined, 1], // 0.85 + 0.15
    [40, 0.5, undefined, 0.65],
    [60, 0.5, undefined, 0.85],
    [500, undefined, 0.75, 0.75], // create_specialized cap
    [60, undefined, 0.75, 0.7],
  ] as const)('n=%s gap=%s cap=%s → %s', (n, gap, cap, expected) => {
    expect(proposalConfidence(n, { gap, cap })).toBe(expected);
  });

  it.each([
    ['promote with n 60 and gap 0.35 gets the bonus', [d(0.5, 60), v('b', 0.85, 60)], 0.85],
    ['promote confidence uses the smaller n', [d(0.5, 30), v('b', 0.85, 200)], 0.65],
    ['create specialized is capped at 0.75', [d(0.4, 1000)], 0.75],
    ['modify with n 60 → 0.7', [d(0.5, 60), v('b', 0.6, 10)], 0.7],
  ] as const)('%s', (_name, variants, expected) => {
    const r = proposeVariant([...variants], S);
    expect(r.kind === 'none' ? null : r.confidence).toBe(expected);
  });
});
