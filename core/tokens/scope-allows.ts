/** The scopes of an API token of `crl serve`: `record` writes outcomes and reviews, `read` reads, `admin` does both. */
export type TokenScope = 'record' | 'read' | 'admin';

export const TOKEN_SCOPES: readonly TokenScope[] = ['record', 'read', 'admin'];

export type ScopeDecision =
  | { kind: 'allowed'; reason: string }
  | { kind: 'forbidden'; reason: string };

/**
 * Whether a token of scope `held` may call a route that needs `needed`: the same scope, or `admin` (which
 * implies the others). `record` does not imply `read` nor the other way round.
 */
export function scopeAllows(held: TokenScope, needed: Exclude<TokenScope, 'admin'> | 'admin'): ScopeDecision {
  if (held === needed) return { kind: 'allowed', reason: `scope ${held}` };
  if (held === 'admin') return { kind: 'allowed', reason: `scope admin implies ${needed}` };
  return { kind: 'forbidden', reason: `this route needs scope ${needed} (or admin); the token has scope ${held}` };
}
