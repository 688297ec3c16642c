import type { TokenScope } from '../../../core/tokens/scope-allows';

export interface TokenRow {
  id: number;
  name: string;
  scope: TokenScope;
  /** Hex sha256 of the token (the token itself is never stored). */
  token_hash: string;
  created_at: string;
  created_by: string;
  revoked_at: string | null;
  revoked_by: string | null;
}

export type NewTokenRow = Omit<TokenRow, 'id' | 'revoked_at' | 'revoked_by'>;

/** API tokens of `crl serve`. */
export interface TokenStore {
  insert(row: NewTokenRow): Promise<number>;
  /** The token of that name that is not revoked. */
  activeByName(name: string): Promise<TokenRow | undefined>;
  /** The token that is not revoked with that hash. */
  activeByHash(hash: string): Promise<TokenRow | undefined>;
  /** Tokens by name then id; revoked ones too when `includeRevoked`. */
  list(includeRevoked: boolean): Promise<TokenRow[]>;
  /** Marks the active token of that name revoked; false when there is none. */
  revoke(name: string, at: string, by: string): Promise<boolean>;
}
