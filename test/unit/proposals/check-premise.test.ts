import { describe, expect, it } from 'vitest';
import { checkPremise } from '../../../core/proposals/check-premise';
import type { VariantFigures } from '../../../core/proposals/propose-variant';

const S = { min_invocations: 50, low_q: 0.6, promote_gap: 0.2, retire_gap: 0.2, specialized_confidence_cap: 0.75, approvalMinQ: 0.7 };
const d = (q: number, n = 100, id = 'base'): VariantFigures => ({ variant_id: id, q, n, is_default: true });
const v = (id: string, q: number, n = 100): VariantFigures => ({ variant_id: id, q, n, is_default: false });

describe('checkPremise', () => {
  it.each([
    ['promote still ahead', 'promote_variant_to_default', 'b', [d(0.5), v('b', 0.9)], 'holds'],
    ['promote gap shrank to exactly 0.2', 'promote_variant_to_default', 'b', [d(0.6), v('b', 0.8)], 'changed'],
    ['promote candidate already default', 'promote_variant_to_default', 'b', [v('base', 0.5), d(0.9, 100, 'b')], 'changed'],
    ['promote candidate retired (gone)', 'promote_variant_to_default', 'b', [d(0.5)], 'changed'],
    ['safety item above the bar', 'crl_promote_variant_to_default', 'b', [d(0.6), v('b', 0.75)], 'holds'],
    ['safety item fell below the bar', 'crl_promote_variant_to_default', 'b', [d(0.6), v('b', 0.65)], 'changed'],
    ['modify: default still low', 'modify_variant_parameters', 'base', [d(0.5)], 'holds'],
    ['modify: default recovered', 'modify_variant_parameters', 'base', [d(0.62)], 'changed'],
    ['modify: default changed', 'modify_variant_parameters', 'base', [v('base', 0.5), d(0.9, 100, 'b')], 'changed'],
    ['create: default still low', 'create_specialized_variant', 'base', [d(0.4)], 'holds'],
    ['retire: still bad', 'retire_underperforming_variant', 'bad', [d(0.9), v('bad', 0.5)], 'holds'],
    ['retire: recovered', 'retire_underperforming_variant', 'bad', [d(0.9), v('bad', 0.65)], 'changed'],
    ['retire: best fell, gap 0.1', 'retire_underperforming_variant', 'bad', [d(0.6), v('bad', 0.5)], 'changed'],
  ] as const)('%s', (_n, type, subject, current, kind) => {
    const r = checkPremise(type, subject, [...current], S);
    expect(r.kind).toBe(kind);
    expect(r.figures.variant_id).toBe(subject);
  });
});
