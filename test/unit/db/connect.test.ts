import { describe, expect, it } from 'vitest';
import { maskUrl, resolveDatabaseUrl } from '../../../src/db/connect';
import { toPgPlaceholders } from '../../../src/db/postgres-db';
import { defaultConfig } from '../../../src/config/config-defaults';

describe('maskUrl', () => {
  it.each([
    ['postgres://crl:s3cret@db:5432/crl', 'postgres://crl:***@db:5432/crl'],
    ['postgresql://u:pa@ss@h/db', 'postgresql://u:***@h/db'],
    ['postgres://u:p/x@h/db?sslmode=require', 'postgres://u:***@h/db?sslmode=require'],
    ['postgres://u@h/db', 'postgres://u@h/db'],
    ['postgres://h/db?password=zz&x=1', 'postgres://h/db?password=***&x=1'],
  ])('%s → %s', (url, masked) => {
    expect(maskUrl(url)).toBe(masked);
    expect(maskUrl(url)).not.toMatch(/s3cret|pa@ss|p\/x|zz/);
  });
});

describe('resolveDatabaseUrl', () => {
  it('takes the given URL, then config; refuses another scheme without showing its password', () => {
    const config = defaultConfig();
    expect(resolveDatabaseUrl('postgres://a/b', config)).toBe('postgres://a/b');
    config.store.database_url = 'postgresql://c/d';
    expect(resolveDatabaseUrl(undefined, config)).toBe(process.env.CRL_DATABASE_URL || 'postgresql://c/d');
    expect(() => resolveDatabaseUrl('mysql://u:hunter2@h/db', config)).toThrow(/must start with postgres:\/\/ or postgresql:\/\/ \(got mysql:\/\/u:\*\*\*@h\/db\)/);
  });
});

describe('toPgPlaceholders', () => {
  it('numbers each ? outside quotes', () => {
    expect(toPgPlaceholders("select * from t where a = ? and b = '?' and \"c?\" = ? limit ?")).toBe(
      "select * from t where a = $1 and b = '?' and \"c?\" = $2 limit $3",
    );
  });
});
