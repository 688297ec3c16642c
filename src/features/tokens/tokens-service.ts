import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { scopeAllows, TOKEN_SCOPES, type ScopeDecision, type TokenScope } from '../../../core/tokens/scope-allows';
import { type Ctx, transaction } from '../../context';
import { ConflictError, NotFoundError } from '../../errors';
import { parseInput } from '../../validate';
import type { TokenRow } from './tokens-store-type';

/** What `crl token list --json` prints of a token: never the token nor its hash. */
export interface TokenInfo {
  name: string;
  scope: TokenScope;
  created_at: string;
  created_by: string;
  revoked_at: string | null;
  revoked_by: string | null;
}

/** What `crl token create --json` prints: the token, shown this once. */
export interface CreatedToken {
  name: string;
  scope: TokenScope;
  token: string;
}

/** A token presented to the server, once recognised: who it is, never the token. */
export interface TokenIdentity {
  name: string;
  scope: TokenScope;
}

const tokenName = z
  .string()
  .min(1, 'must not be empty')
  .max(100, 'must be at most 100 characters')
  .regex(/^[A-Za-z0-9][A-Za-z0-9._\-@]*$/, 'may use letters, digits and . _ - @ (no spaces)');

const createSchema = z.object({
  name: tokenName,
  scope: z.enum(TOKEN_SCOPES as [TokenScope, ...TokenScope[]], { error: `must be one of ${TOKEN_SCOPES.join(', ')}` }),
  by: z.string().trim().min(1, 'is required: who creates the token'),
});

const revokeSchema = z.object({ name: tokenName, by: z.string().trim().min(1, 'is required: who revokes the token') });

/** Hex sha256 of a token: what is stored and looked up. */
export const hashToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

const info = (r: TokenRow): TokenInfo => ({
  name: r.name, scope: r.scope, created_at: r.created_at, created_by: r.created_by, revoked_at: r.revoked_at, revoked_by: r.revoked_by,
});

/** Creates a token (256 random bits, `crl_` + base64url); stores only its hash. The token is returned once. */
export async function createToken(ctx: Ctx, input: z.input<typeof createSchema>): Promise<CreatedToken> {
  const a = parseInput(createSchema, input);
  const token = `crl_${randomBytes(32).toString('base64url')}`;
  const now = ctx.now().toISOString();
  await transaction(ctx, async (tx) => {
    if (await tx.tokens.activeByName(a.name)) {
      throw new ConflictError(`A token named "${a.name}" exists already.`, { hint: `Revoke it first (crl token revoke ${a.name}) or pick another name.` });
    }
    await tx.tokens.insert({ name: a.name, scope: a.scope, token_hash: hashToken(token), created_at: now, created_by: a.by });
    await tx.registry.audit({ ts: now, actor: a.by, action: 'token_created', reason: null, details: { name: a.name, scope: a.scope } });
  });
  return { name: a.name, scope: a.scope, token };
}

/** Tokens that are not revoked (all of them with `all`), by name. */
export async function listTokens(ctx: Ctx, opts: { all?: boolean } = {}): Promise<TokenInfo[]> {
  return (await ctx.tokens.list(Boolean(opts.all))).map(info);
}

/** Revokes the active token of a name: the server refuses it from its next request on. */
export async function revokeToken(ctx: Ctx, input: z.input<typeof revokeSchema>): Promise<TokenInfo> {
  const a = parseInput(revokeSchema, input);
  const now = ctx.now().toISOString();
  return transaction(ctx, async (tx) => {
    const row = await tx.tokens.activeByName(a.name);
    if (!row) throw new NotFoundError(`No active token named "${a.name}".`, { hint: 'crl token list shows the tokens.' });
    await tx.tokens.revoke(a.name, now, a.by);
    await tx.registry.audit({ ts: now, actor: a.by, action: 'token_revoked', reason: null, details: { name: a.name, scope: row.scope } });
    return info({ ...row, revoked_at: now, revoked_by: a.by });
  });
}

/** The identity of a presented token, or null when it is unknown or revoked. */
export async function authenticate(ctx: Ctx, token: string): Promise<TokenIdentity | null> {
  if (token.length < 8 || token.length > 512) return null;
  const row = await ctx.tokens.activeByHash(hashToken(token));
  return row ? { name: row.name, scope: row.scope } : null;
}

/** Whether an identity may call a route that needs `needed`. */
export const authorize = (who: TokenIdentity, needed: TokenScope): ScopeDecision => scopeAllows(who.scope, needed);
