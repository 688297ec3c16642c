import { describe, expect, it } from 'vitest';
import { scopeAllows, type TokenScope } from '../../../core/tokens/scope-allows';

describe('scopeAllows: admin implies record and read, nothing else implies anything', () => {
  it.each<[TokenScope, TokenScope, 'allowed' | 'forbidden', RegExp]>([
    ['admin', 'record', 'allowed', /admin implies record/],
    ['admin', 'read', 'allowed', /admin implies read/],
    ['admin', 'admin', 'allowed', /scope admin/],
    ['record', 'record', 'allowed', /scope record/],
    ['read', 'read', 'allowed', /scope read/],
    ['record', 'read', 'forbidden', /needs scope read \(or admin\); the token has scope record/],
    ['read', 'record', 'forbidden', /needs scope record \(or admin\); the token has scope read/],
    ['read', 'admin', 'forbidden', /needs scope admin/],
    ['record', 'admin', 'forbidden', /needs scope admin/],
  ])('held %s, needed %s → %s', (held, needed, kind, reason) => {
    const d = scopeAllows(held, needed);
    expect(d.kind).toBe(kind);
    expect(d.reason).toMatch(reason);
  });
});
