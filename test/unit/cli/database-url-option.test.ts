import { describe, expect, it } from 'vitest';
import { crlProgram, databaseUrlOption } from '../../../src/cli/program';
import { GLOBAL_OPTIONS } from '../../../src/cli/command-word';
import { UsageError } from '../../../src/errors';

describe('--database-url', () => {
  it('is registered once, from GLOBAL_OPTIONS', () => {
    expect(GLOBAL_OPTIONS.map((o) => o.flag)).toContain('--database-url');
    expect(crlProgram().options.filter((o) => o.long === '--database-url')).toHaveLength(1);
  });

  it('takes postgres:// and postgresql:// URLs (and an empty value) as they are', () => {
    for (const url of ['postgres://crl:pw@db:5432/crl', 'postgresql://db/crl', '']) expect(databaseUrlOption(url)).toBe(url);
    const program = crlProgram();
    program.parse(['node', 'crl', '--database-url', 'postgres://u:p@h/db']);
    expect(program.opts().databaseUrl).toBe('postgres://u:p@h/db');
  });

  it.each(['mysql://root:hunter2@db/crl', 'sqlite:///tmp/x.db', 'db.example.com:5432', 'POSTGRES://u:hunter2@h/db'])(
    '%s: a usage error naming the option, never the password',
    (url) => {
      let err: unknown;
      try {
        databaseUrlOption(url);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(UsageError);
      const e = err as UsageError;
      expect(e.message).toMatch(/--database-url must be a PostgreSQL URL/);
      expect(`${e.message} ${e.hint}`).not.toMatch(/hunter2|root/);
    },
  );
});
