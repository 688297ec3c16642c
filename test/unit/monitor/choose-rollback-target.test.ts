import { describe, expect, it } from 'vitest';
import { chooseRollbackTarget, type RollbackCandidate } from '../../../core/monitor/choose-rollback-target';

const c = (variant_id: string, q: number, n: number, active = true): RollbackCandidate => ({ variant_id, q, n, active });

describe('chooseRollbackTarget', () => {
  it.each([
    ['highest Q among n ≥ 5', [c('base', 0.9, 100), c('a', 0.7, 10), c('b', 0.8, 5)], null, 'best_variant', 'b'],
    ['ties alphabetical', [c('base', 0.9, 100), c('zeta', 0.8, 10), c('alpha', 0.8, 10)], null, 'best_variant', 'alpha'],
    ['n below 5 is not eligible', [c('base', 0.9, 100), c('a', 0.99, 4), c('b', 0.6, 6)], null, 'best_variant', 'b'],
    ['retired never', [c('base', 0.9, 100), c('a', 0.99, 50, false), c('b', 0.6, 6)], null, 'best_variant', 'b'],
    ['never the degraded one', [c('base', 0.95, 100)], 'other', 'registered_default', 'other'],
    ['registered default when nobody qualifies', [c('base', 0.9, 100), c('a', 0.9, 2)], 'a', 'registered_default', 'a'],
    ['none when the registered default is the degraded one', [c('base', 0.9, 100), c('a', 0.9, 2)], 'base', 'none', null],
    ['none without anything', [c('base', 0.9, 100)], null, 'none', null],
  ] as [string, RollbackCandidate[], string | null, string, string | null][])('%s', (_name, candidates, registeredDefault, kind, variant) => {
    const r = chooseRollbackTarget({ from: 'base', candidates, registeredDefault }, 5);
    expect(r.kind).toBe(kind);
    expect(r.kind === 'none' ? null : r.variant_id).toBe(variant);
  });
});
