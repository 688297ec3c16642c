import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { databaseUrlOf, onPostgres } from '../backend';
import { CLI, json, ROOT, runCli, tempDir } from '../helpers';

const fixture = (name: string) => join(ROOT, 'test', 'fixtures', name);

/** A URL as crl prints it: its password replaced by ***. */
const masked = (url: string): string => {
  const u = new URL(url);
  return u.password ? url.replace(`:${u.password}@`, ':***@') : url;
};

interface QRow { agent_name: string; task_type: string; variant_id: string; q_value: number; n_visits: number; is_default: boolean }

describe('crl CLI (built, as a subprocess)', () => {
  it('init is idempotent', () => {
    const dir = tempDir();
    expect(runCli(['init'], { dataDir: dir }).code).toBe(0);
    const r = runCli(['init', '--json'], { dataDir: dir });
    expect(r.code).toBe(0);
    // The backend of this test run: the data dir's SQLite file, or its database on the test server (masked).
    const backend = onPostgres ? { dialect: 'postgres', location: masked(databaseUrlOf(dir)!) } : { dialect: 'sqlite', location: join(dir, 'crl.db') };
    expect(json<{ ok: boolean; data_dir: string }>(r)).toEqual({ ok: true, data_dir: dir, backend });
    const text = runCli(['init'], { dataDir: dir }).stdout;
    expect(text).toBe(`Data dir ready: ${dir}\nBackend: ${onPostgres ? 'PostgreSQL at' : 'SQLite file'} ${backend.location}\n`);
  });

  it('config names the backend and its schema version (on the backend of this test run)', () => {
    const dir = tempDir();
    const r = runCli(['config', '--json'], { dataDir: dir });
    expect(r.code, r.stderr).toBe(0);
    const c = json<{ learning: object; store: { database_url: string | null }; backend: { dialect: string; location: string; schema: { migrations_applied: number; latest: boolean; known: number } } }>(r);
    expect(c.learning).toMatchObject({ alpha: 0.1 });
    const journal = (folder: string) => (JSON.parse(readFileSync(join(ROOT, folder, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] }).entries.length;
    const known = journal(onPostgres ? 'migrations-pg' : 'migrations');
    expect(c.backend.schema).toEqual({ migrations_applied: known, latest: true, known });
    if (onPostgres) {
      const url = databaseUrlOf(dir)!;
      expect(c.backend).toMatchObject({ dialect: 'postgres', location: masked(url) });
      const password = new URL(url).password;
      if (password) expect(r.stdout).not.toContain(password);
    } else {
      expect(c.backend).toMatchObject({ dialect: 'sqlite', location: join(dir, 'crl.db') });
    }
    const text = runCli(['config'], { dataDir: dir });
    expect(text.stdout.split('\n')[0]).toMatch(onPostgres ? /^Backend: PostgreSQL at postgres:\/\/.*\(schema: \d+ of \d+ migrations applied, up to date\)$/ : /^Backend: SQLite file .*crl\.db \(schema: \d+ of \d+ migrations applied, up to date\)$/);
  });

  it('config prints a database URL of the config file without its password', () => {
    const dir = tempDir();
    const cfg = join(dir, 'crl.json');
    writeFileSync(cfg, JSON.stringify({ store: { database_url: 'postgres://crl:hunter2@127.0.0.1:1/crl' } }));
    // Unreachable: exit 1 with the connect error, the URL masked.
    const r = runCli(['--config', cfg, 'config', '--json'], { dataDir: dir, env: { CRL_DATABASE_URL: undefined } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Cannot connect to PostgreSQL at postgres://crl:***@127.0.0.1:1/crl');
    expect(`${r.stdout}${r.stderr}`).not.toContain('hunter2');
  });

  it('an unreachable PostgreSQL server: exit 1 with the reason and a hint, the password masked, no SQLite file', () => {
    const dir = tempDir();
    for (const args of [['q', '--database-url', 'postgres://u:hunter2@127.0.0.1:1/db'], ['--database-url', 'postgres://u:hunter2@127.0.0.1:1/db', 'config', '--json']]) {
      const r = runCli(args, { dataDir: dir, env: { CRL_DATABASE_URL: undefined } });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^error: Cannot connect to PostgreSQL at postgres:\/\/u:\*\*\*@127\.0\.0\.1:1\/db: nothing listens at that host and port\.$/m);
      expect(r.stderr).toMatch(/^hint: .*--database-url/m);
      expect(r.stdout).toBe('');
      expect(`${r.stdout}${r.stderr}`).not.toContain('hunter2');
    }
    const env = runCli(['q'], { dataDir: dir, env: { CRL_DATABASE_URL: 'postgresql://u:hunter2@127.0.0.1:1/db' } });
    expect(env.code).toBe(1);
    expect(env.stderr).toContain('postgresql://u:***@127.0.0.1:1/db');
    expect(env.stderr).not.toContain('hunter2');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a database URL of another scheme: exit 2 naming the option (or CRL_DATABASE_URL), never the password', () => {
    const dir = tempDir();
    const r = runCli(['q', '--database-url', 'mysql://root:hunter2@db/crl'], { dataDir: dir, env: { CRL_DATABASE_URL: undefined } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: --database-url must be a PostgreSQL URL/m);
    expect(`${r.stdout}${r.stderr}`).not.toContain('hunter2');
    const env = runCli(['q'], { dataDir: dir, env: { CRL_DATABASE_URL: 'mysql://root:hunter2@db/crl' } });
    expect(env.code).toBe(2);
    expect(env.stderr).toMatch(/postgres:\/\/ or postgresql:\/\//);
    expect(env.stderr).toMatch(/CRL_DATABASE_URL/);
    expect(env.stderr).not.toContain('hunter2');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('db copy: exactly one of --to and --from; an unreachable target exits 1 with the URL masked', () => {
    const dir = tempDir();
    const none = runCli(['db', 'copy'], { dataDir: dir });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/exactly one of --to URL and --from URL/);
    const down = runCli(['db', 'copy', '--to', 'postgres://u:hunter2@127.0.0.1:1/db', '--json'], { dataDir: dir, env: { CRL_DATABASE_URL: undefined } });
    expect(down.code).toBe(1);
    expect(down.stderr).toContain('postgres://u:***@127.0.0.1:1/db');
    expect(`${down.stdout}${down.stderr}`).not.toContain('hunter2');
  });

  it('demo runs on the SQLite file of its own data dir, never on an inherited CRL_DATABASE_URL', () => {
    const dir = tempDir();
    const r = runCli(['demo', '--invocations', '300'], { dataDir: dir, env: { CRL_DATABASE_URL: 'postgres://u:hunter2@127.0.0.1:1/fleet' }, timeoutMs: 120_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/the demo never uses --database-url \/ CRL_DATABASE_URL/);
    expect(r.stdout).not.toContain('hunter2');
    expect(existsSync(join(dir, 'crl.db'))).toBe(true);
    expect(runCli(['demo', '--help']).stdout).toMatch(/always on the SQLite file/);
  });

  it('record → q', () => {
    const dir = tempDir();
    const rec = (outcome: string, extra: string[] = []) =>
      runCli(['record', '--agent', 'backend-architect', '--task', 'api-design', '--variant', 'v1', '--outcome', outcome, ...extra], { dataDir: dir });
    expect(rec('success').code).toBe(0);
    expect(rec('failure', ['--id', 'inv-2']).stdout).toMatch(/Recorded inv-2: reward 0\.000 → Q\(backend-architect, api-design, v1\) = 0\.5000 \(n=2\)/);
    expect(rec('failure', ['--id', 'inv-2']).stdout).toMatch(/Already recorded inv-2/);
    const q = json<QRow[]>(runCli(['q', '--json'], { dataDir: dir }));
    expect(q).toEqual([expect.objectContaining({ agent_name: 'backend-architect', task_type: 'api-design', variant_id: 'v1', q_value: 0.5, n_visits: 2 })]);
    const table = runCli(['q'], { dataDir: dir }).stdout;
    expect(table).toContain('backend-architect');
    expect(table).toContain('0.5000');
  });

  it('record with a bad value exits 2 naming the flag and writes nothing', () => {
    const dir = tempDir();
    const bad = runCli(['record', '--agent', 'a', '--task', 't', '--variant', 'v', '--outcome', 'success', '--reward', 'abc'], { dataDir: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--reward must be a number/);
    const range = runCli(['record', '--agent', 'a', '--task', 't', '--variant', 'v', '--outcome', 'success', '--reward', '1.5'], { dataDir: dir });
    expect(range.code).toBe(2);
    expect(range.stderr).toMatch(/reward/);
    const outcome = runCli(['record', '--agent', 'a', '--task', 't', '--variant', 'v', '--outcome', 'maybe'], { dataDir: dir });
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toMatch(/outcome/);
    expect(json<unknown[]>(runCli(['q', '--json'], { dataDir: dir }))).toEqual([]);
  });

  it('ingest good file, then duplicates, as JSON', () => {
    const dir = tempDir();
    const r1 = runCli(['ingest', fixture('ingest/good.jsonl'), '--json'], { dataDir: dir });
    expect(r1.code).toBe(0);
    expect(json(r1)).toMatchObject({ accepted: 5, duplicates: 0, rejected: [] });
    const r2 = runCli(['ingest', fixture('ingest/good.jsonl'), '--json'], { dataDir: dir });
    expect(json(r2)).toMatchObject({ accepted: 0, duplicates: 5, rejected: [] });
  });

  it('ingest from stdin', () => {
    const dir = tempDir();
    const r = runCli(['ingest', '-', '--json'], { dataDir: dir, input: readFileSync(fixture('ingest/good.jsonl'), 'utf8') });
    expect(json(r)).toMatchObject({ accepted: 5 });
  });

  it('ingest bad file: exit 2, every bad line listed, nothing written', () => {
    const dir = tempDir();
    const r = runCli(['ingest', fixture('ingest/bad.jsonl'), '--json'], { dataDir: dir });
    expect(r.code).toBe(2);
    const out = json<{ accepted: number; rejected: { line: number; error: string }[] }>(r);
    expect(out.accepted).toBe(0);
    expect(out.rejected.map((x) => x.line)).toEqual([2, 3, 4, 5, 6]);
    expect(r.stderr).toMatch(/Nothing ingested: 5 bad line/);
    expect(json<unknown[]>(runCli(['q', '--json'], { dataDir: dir }))).toEqual([]);
    const plain = runCli(['ingest', fixture('ingest/bad.jsonl')], { dataDir: dir });
    expect(plain.stderr).toMatch(/line 2: outcome/);
  });

  it('ingest bad file with --skip-invalid stores the good lines', () => {
    const dir = tempDir();
    const rejects = join(dir, 'rej.jsonl');
    const r = runCli(['ingest', fixture('ingest/bad.jsonl'), '--skip-invalid', '--rejects', rejects, '--json'], { dataDir: dir });
    expect(r.code).toBe(0);
    expect(json(r)).toMatchObject({ accepted: 2, rejects_file: rejects });
    expect(readFileSync(rejects, 'utf8').trim().split('\n')).toHaveLength(5);
  });

  it('ingest of a missing file exits 3', () => {
    const r = runCli(['ingest', '/nonexistent/file.jsonl'], { dataDir: tempDir() });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/not found/);
  });

  it('import-python fixtures', () => {
    const dir = tempDir();
    const r = runCli(['import-python', fixture('python'), '--json'], { dataDir: dir });
    expect(r.code).toBe(0);
    expect(json(r)).toMatchObject({ q_table: { imported: 3 }, agent_invocations: { imported: 4, skipped_unknown: 1 } });
    const q = json<QRow[]>(runCli(['q', '--agent', 'backend-architect', '--json'], { dataDir: dir }));
    expect(q.map((x) => [x.variant_id, x.q_value, x.n_visits])).toEqual([
      ['v2-structured', 0.8421, 37],
      ['v1-baseline', 0, 12],
    ]);
  });

  it('variant add/list/set-default/retire and select', () => {
    const dir = tempDir();
    expect(runCli(['variant', 'add', 'a', 'v1', '--default'], { dataDir: dir }).code).toBe(0);
    expect(runCli(['variant', 'add', 'a', 'v2', '--params', '{"temperature":0.2}'], { dataDir: dir }).code).toBe(0);
    const badParams = runCli(['variant', 'add', 'a', 'v3', '--params', '[1]'], { dataDir: dir });
    expect(badParams.code).toBe(2);
    expect(badParams.stderr).toMatch(/--params must be a JSON object/);
    const conflict = runCli(['variant', 'add', 'a', 'v2', '--params', '{"temperature":0.9}'], { dataDir: dir });
    expect(conflict.code).toBe(4);
    const list = json<{ variant_id: string; default_for: string[]; params: object }[]>(runCli(['variant', 'list', '--json'], { dataDir: dir }));
    expect(list.map((v) => [v.variant_id, v.default_for])).toEqual([['v1', ['*']], ['v2', []]]);
    expect(runCli(['variant', 'set-default', 'a', 'v2'], { dataDir: dir }).code).toBe(2); // --by is required
    expect(runCli(['variant', 'set-default', 'a', 'nope', '--by', 'me'], { dataDir: dir }).code).toBe(3);
    expect(runCli(['variant', 'set-default', 'a', 'v2', '--by', 'me', '--reason', 'test'], { dataDir: dir }).stdout).toMatch(/v1 → v2/);
    expect(runCli(['variant', 'retire', 'a', 'v1', '--by', 'me'], { dataDir: dir }).code).toBe(0);
    const sel = json<{ kind: string; variant_id: string }>(runCli(['select', '--agent', 'a', '--task', 't', '--policy', 'thompson', '--seed', '3', '--json'], { dataDir: dir }));
    expect(sel).toMatchObject({ kind: 'default', variant_id: 'v2' }); // v1 is retired: never served
    expect(runCli(['select', '--agent', 'a', '--task', 't', '--policy', 'random'], { dataDir: dir }).code).toBe(2);
    expect(runCli(['select', '--agent', 'a', '--task', 't', '--subject', 'u', '--subjects', '-'], { dataDir: dir, input: 'x\n' }).code).toBe(2);
    expect(runCli(['select', '--agent', 'ghost', '--task', 't'], { dataDir: dir }).code).toBe(3);
    const lines = runCli(['select', '--agent', 'a', '--task', 't', '--subjects', '-', '--explain'], { dataDir: dir, input: 'u1\n\nu2\n' });
    expect(lines.code).toBe(0);
    const answers = lines.stdout.trim().split('\n').map((l) => JSON.parse(l) as { subject: string; variant_id: string; explain: { variant_id: string; eligible: boolean }[] });
    expect(answers.map((x) => [x.subject, x.variant_id])).toEqual([['u1', 'v2'], ['u2', 'v2']]);
    expect(answers[0].explain).toEqual(expect.arrayContaining([expect.objectContaining({ variant_id: 'v1', eligible: false })]));
  });

  it('select is deterministic under --seed', () => {
    const dir = tempDir();
    runCli(['ingest', fixture('ingest/good.jsonl')], { dataDir: dir });
    const pick = () => runCli(['select', '--agent', 'backend-architect', '--task', 'api-design', '--policy', 'epsilon-greedy', '--seed', '42', '--json'], { dataDir: dir }).stdout;
    expect(pick()).toBe(pick());
  });

  it('a config file with a typo exits 2 naming the key', () => {
    const dir = tempDir();
    const cfg = join(dir, 'crl.json');
    writeFileSync(cfg, JSON.stringify({ safety: { auto_aply_min_q: 0.9 } }));
    const r = runCli(['--config', cfg, 'q'], { dataDir: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/auto_aply_min_q/);
  });

  it('--help explains commands with an example; unknown command exits 2', () => {
    const h = runCli(['record', '--help']);
    expect(h.code).toBe(0);
    expect(h.stdout).toMatch(/Examples:\n\s+\$ crl record/);
    expect(runCli(['frobnicate']).code).toBe(2);
  });

  it('stops quietly when the reader of its output goes away (| head)', () => {
    const dir = tempDir();
    const lines = Array.from({ length: 3000 }, (_, i) => JSON.stringify({ agent_name: `agent-${i}`, task_type: 'task', variant_id: 'v1', outcome: 'success' }));
    writeFileSync(join(dir, 'many.jsonl'), `${lines.join('\n')}\n`);
    expect(runCli(['ingest', join(dir, 'many.jsonl')], { dataDir: dir }).code).toBe(0);
    expect(runCli(['q', '--json'], { dataDir: dir }).stdout.length, 'more than a pipe buffer').toBeGreaterThan(200_000);
    const r = spawnSync('bash', ['-c', `"${process.execPath}" "${CLI}" --data-dir "${dir}" q --json | head -c 10; echo " exit=\${PIPESTATUS[0]}"`], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(r.stdout.trim()).toMatch(/ exit=0$/);
    expect(r.stderr).toBe('');
  });
});
