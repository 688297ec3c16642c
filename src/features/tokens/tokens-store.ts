import type { Sqlite } from '../../db/open';
import type { TokenRow, TokenStore } from './tokens-store-type';

export function createTokenStore(sqlite: Sqlite): TokenStore {
  const ins = sqlite.prepare('insert into api_tokens (name, scope, token_hash, created_at, created_by) values (?, ?, ?, ?, ?)');
  const byName = sqlite.prepare('select * from api_tokens where name = ? and revoked_at is null');
  const byHash = sqlite.prepare('select * from api_tokens where token_hash = ? and revoked_at is null');
  const active = sqlite.prepare('select * from api_tokens where revoked_at is null order by name, id');
  const all = sqlite.prepare('select * from api_tokens order by name, id');
  const rev = sqlite.prepare('update api_tokens set revoked_at = ?, revoked_by = ? where name = ? and revoked_at is null');
  return {
    insert: (r) => Number(ins.run(r.name, r.scope, r.token_hash, r.created_at, r.created_by).lastInsertRowid),
    activeByName: (name) => byName.get(name) as TokenRow | undefined,
    activeByHash: (hash) => byHash.get(hash) as TokenRow | undefined,
    list: (includeRevoked) => (includeRevoked ? all : active).all() as TokenRow[],
    revoke: (name, at, by) => rev.run(at, by, name).changes > 0,
  };
}
