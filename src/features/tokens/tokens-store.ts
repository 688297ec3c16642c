import type { SqlDb } from '../../db/sql-db';
import type { TokenRow, TokenStore } from './tokens-store-type';

export function createTokenStore(db: SqlDb): TokenStore {
  return {
    insert: async (r) =>
      Number(
        (
          await db.get<{ id: number }>('insert into api_tokens (name, scope, token_hash, created_at, created_by) values (?, ?, ?, ?, ?) returning id', [
            r.name, r.scope, r.token_hash, r.created_at, r.created_by,
          ])
        )?.id,
      ),
    activeByName: (name) => db.get<TokenRow>('select * from api_tokens where name = ? and revoked_at is null', [name]),
    activeByHash: (hash) => db.get<TokenRow>('select * from api_tokens where token_hash = ? and revoked_at is null', [hash]),
    list: (includeRevoked) =>
      includeRevoked
        ? db.all<TokenRow>('select * from api_tokens order by name, id')
        : db.all<TokenRow>('select * from api_tokens where revoked_at is null order by name, id'),
    revoke: async (name, at, by) => (await db.run('update api_tokens set revoked_at = ?, revoked_by = ? where name = ? and revoked_at is null', [at, by, name])).changes > 0,
  };
}
