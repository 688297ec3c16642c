import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bindDataDir, onPostgres, psql } from '../backend';
import { tempDir } from '../helpers';
import { rowCounts, runCrl, snapshot } from './support';

const CORPUS = join(__dirname, '..', 'fixtures', 'bad-input');
const bad = JSON.parse(readFileSync(join(CORPUS, 'cases.json'), 'utf8')) as { cases: { file: string; line: number; expect: string }[] };
const accepted = JSON.parse(readFileSync(join(CORPUS, 'accepted', 'cases.json'), 'utf8')) as { cases: { file: string; accepted: number }[] };

const G = '"agent_name":"backend-architect","task_type":"api-design","variant_id":"v1"';
const good = (i: number) => `{"invocation_id":"gen-${i}",${G},"outcome":"success"}`;

/** A data dir with some state, so that "nothing written" is checked against real rows and files. */
let dataDir: string;
let scratch: string;
let before: { counts: Record<string, number>; q: ReturnType<typeof snapshot>['q']; files: string[] };

const state = () => ({ counts: rowCounts(dataDir), q: snapshot(dataDir).q, files: readdirSync(dataDir).sort() });

beforeAll(() => {
  dataDir = tempDir('crl-bad-input-');
  scratch = tempDir('crl-bad-input-files-');
  expect(runCrl(['variant', 'add', 'backend-architect', 'v1', '--default', '--by', 'test'], { dataDir }).code).toBe(0);
  const seed = join(scratch, 'seed.jsonl');
  writeFileSync(seed, `${[1, 2, 3].map((i) => good(100 + i)).join('\n')}\n`);
  expect(runCrl(['ingest', seed], { dataDir }).code).toBe(0);
  before = state();
  expect(before.counts.invocations).toBe(3);
});

function expectUsageError(r: { code: number; stderr: string }, ...mentions: string[]): void {
  expect(r.code, r.stderr).toBe(2);
  for (const m of mentions) expect(r.stderr).toContain(m);
  expect(r.stderr).not.toMatch(/internal error|at .*\.cjs:\d+/); // a message, not a stack trace
}

describe(`bad input corpus (${bad.cases.length} files + generated cases): exit 2, the line and field named, nothing written`, () => {
  it.each(bad.cases)('$file → line $line: $expect', ({ file, line, expect: mention }) => {
    const r = runCrl(['ingest', join(CORPUS, file)], { dataDir });
    expectUsageError(r, `line ${line}:`, mention, 'Nothing ingested');
    expect(state()).toEqual(before);
  });

  it('the same bad lines through stdin', () => {
    const r = runCrl(['ingest', '-'], { dataDir, input: readFileSync(join(CORPUS, 'unknown-outcome.jsonl')) });
    expectUsageError(r, 'line 3:', 'outcome', 'stdin');
    expect(state()).toEqual(before);
  });

  it('a 1 MB line is reported as too long (its line named), nothing written', () => {
    const f = join(scratch, 'huge-line.jsonl');
    writeFileSync(f, `${good(1)}\n{${G},"outcome":"success","metadata":{"blob":"${'x'.repeat(1_048_576)}"}}\n${good(2)}\n`);
    const r = runCrl(['ingest', f], { dataDir });
    expectUsageError(r, 'line 2:', 'longer than');
    expect(state()).toEqual(before);
  });

  it('a 900 kB name inside an acceptable line is rejected by its field', () => {
    const f = join(scratch, 'huge-field.jsonl');
    writeFileSync(f, `{"agent_name":"${'a'.repeat(900_000)}","task_type":"api-design","variant_id":"v1","outcome":"success"}\n`);
    const r = runCrl(['ingest', f], { dataDir });
    expectUsageError(r, 'line 1:', 'agent_name', 'at most 200');
    expect(r.stderr.length).toBeLessThan(10_000); // the value is not echoed back
    expect(state()).toEqual(before);
  });

  it('many bad lines: every one is listed by line, still nothing written', () => {
    const f = join(scratch, 'many-bad.jsonl');
    writeFileSync(f, `${Array.from({ length: 50 }, (_, i) => (i % 5 === 4 ? `{${G},"outcome":"nope"}` : good(200 + i))).join('\n')}\n`);
    const r = runCrl(['ingest', f, '--json'], { dataDir });
    expect(r.code).toBe(2);
    const out = JSON.parse(r.stdout) as { accepted: number; rejected: { line: number; error: string }[]; aborted: boolean };
    expect(out).toMatchObject({ accepted: 0, aborted: true });
    expect(out.rejected.map((x) => x.line)).toEqual([5, 10, 15, 20, 25, 30, 35, 40, 45, 50]);
    expect(out.rejected.every((x) => x.error.startsWith('outcome:'))).toBe(true);
    expect(state()).toEqual(before);
  });

  it('a missing input file is "not found" (exit 3), nothing written', () => {
    const r = runCrl(['ingest', join(scratch, 'does-not-exist.jsonl')], { dataDir });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('does-not-exist.jsonl');
    expect(state()).toEqual(before);
  });
});

describe('valid encodings are accepted: UTF-8 BOM, CRLF, blank lines, no final newline, empty file', () => {
  it.each(accepted.cases)('$file → exit 0, $accepted accepted', ({ file, accepted: n }) => {
    const dir = tempDir();
    const r = runCrl(['ingest', join(CORPUS, 'accepted', file), '--json'], { dataDir: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ accepted: n, duplicates: 0, rejected: [], aborted: false });
    expect(snapshot(dir).invocations).toBe(n);
  });
});

describe('bad arguments: exit 2 naming the flag or field, nothing written', () => {
  const rec = ['record', '--agent', 'backend-architect', '--task', 'api-design', '--variant', 'v1'];
  it.each([
    { args: [...rec, '--outcome', 'success', '--reward', '1.5'], mention: 'reward' },
    { args: [...rec, '--outcome', 'success', '--reward', '-0.2'], mention: 'reward' },
    { args: [...rec, '--outcome', 'success', '--reward', 'NaN'], mention: '--reward' },
    { args: [...rec, '--outcome', 'success', '--reward', 'Infinity'], mention: '--reward' },
    { args: [...rec, '--outcome', 'success', '--quality', 'high'], mention: '--quality' },
    { args: [...rec, '--outcome', 'error', '--errors', '-1'], mention: '--errors' },
    { args: [...rec, '--outcome', 'error', '--errors', '2.5'], mention: '--errors' },
    { args: [...rec, '--outcome', 'success', '--duration-ms', '-3'], mention: 'duration_ms' },
    { args: [...rec, '--outcome', 'timeout'], mention: '--outcome' },
    { args: [...rec, '--outcome', 'success', '--at', '2024-02-30T00:00:00Z'], mention: 'timestamp' },
    { args: [...rec, '--outcome', 'success', '--at', 'yesterday'], mention: 'timestamp' },
    { args: [...rec, '--outcome', 'success', '--at', '9999-12-31T23:30:00-01:00'], mention: 'outside the years 0000–9999' },
    { args: [...rec, '--outcome', 'success', '--at', '0000-01-01T00:30:00+01:00'], mention: 'outside the years 0000–9999' },
    { args: [...rec, '--outcome', 'success', '--id', ''], mention: 'invocation_id' },
    { args: ['record', '--agent', 'backend architect', '--task', 'api-design', '--variant', 'v1', '--outcome', 'success'], mention: 'agent_name' },
    { args: ['record', '--agent', 'backend-architect', '--task', 'api-design', '--outcome', 'success'], mention: '--variant' },
    { args: ['select', '--agent', 'backend-architect', '--task', 'api-design', '--policy', 'best'], mention: '--policy' },
    { args: ['select', '--agent', 'backend-architect', '--task', 'api-design', '--seed', '1.5'], mention: '--seed' },
    { args: ['variant', 'set-default', 'backend-architect', 'v1'], mention: '--by' },
    { args: ['variant', 'add', 'backend-architect', 'v9', '--params', '[1,2]'], mention: '--params' },
    { args: ['variant', 'add', 'backend-architect', 'v9', '--params', '{nope'], mention: '--params' },
    { args: ['variant', 'add', 'backend:architect', 'v9'], mention: 'agent' },
    { args: ['ingest'], mention: 'file' },
    { args: ['no-such-command'], mention: 'no-such-command' },
  ])('crl $args.0 … → mentions "$mention"', ({ args, mention }) => {
    expectUsageError(runCrl(args, { dataDir }), mention);
    expect(state()).toEqual(before);
  });
});

describe('a config file with a typo or a bad value: exit 2 naming the key, nothing created', () => {
  it.each([
    { name: 'typo-section', config: '{"degradaton": {"window": 30}}', mention: 'degradaton' },
    { name: 'typo-key', config: '{"degradation": {"windw": 30}}', mention: 'windw' },
    { name: 'out-of-range', config: '{"learning": {"alpha": 2}}', mention: 'learning.alpha' },
    { name: 'wrong-type', config: '{"safety": {"auto_apply_min_n": "ten"}}', mention: 'safety.auto_apply_min_n' },
    { name: 'bad-enum', config: '{"degradation": {"method": "vibes"}}', mention: 'degradation.method' },
    { name: 'not-json', config: '{"learning": {"alpha": 0.1,}}', mention: 'not valid JSON' },
    { name: 'bom-and-typo', config: '\ufeff{"storee": {}}', mention: 'storee' },
  ])('$name → mentions "$mention" (via --config and via CRL_CONFIG)', ({ name, config, mention }) => {
    const file = join(scratch, `${name}.json`);
    writeFileSync(file, config);
    const fresh = join(tempDir(), 'never-created');
    bindDataDir(fresh); // on postgres: an empty database, which must stay empty
    expectUsageError(runCrl(['--config', file, 'q'], { dataDir: fresh }), mention);
    expectUsageError(runCrl(['q'], { dataDir: fresh, env: { CRL_CONFIG: file } }), mention);
    expect(existsSync(fresh)).toBe(false);
    if (onPostgres) expect(psql(fresh, "select count(*) from information_schema.tables where table_schema in ('public', 'drizzle')")).toBe('0');
    expectUsageError(runCrl(['--config', file, 'record', '--agent', 'a', '--task', 't', '--variant', 'v', '--outcome', 'success'], { dataDir }), mention);
    expect(state()).toEqual(before);
  });

  it('a missing config file is a usage error too', () => {
    expectUsageError(runCrl(['--config', join(scratch, 'nope.json'), 'q'], { dataDir }), 'nope.json');
  });
});

describe('bad arguments of the safety and scheduling commands', () => {
  it('safety check of an unknown agent: exit 2 naming the agent with a hint, nothing written', () => {
    const r = runCrl(['safety', 'check', '--agent', 'no-such-agent', '--task', 'api-design', '--variant', 'v1'], { dataDir });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('--agent: unknown agent "no-such-agent"');
    expect(r.stderr).toMatch(/^hint: /m);
    expect(state()).toEqual(before);
  });

  it('safety check with a malformed agent name or half of --q/--n: exit 2', () => {
    expectUsageError(runCrl(['safety', 'check', '--agent', 'bad agent', '--task', 'api-design', '--variant', 'v1'], { dataDir }), 'agent');
    expectUsageError(runCrl(['safety', 'check', '--agent', 'backend-architect', '--task', 'api-design', '--variant', 'v1', '--q', '0.95'], { dataDir }), '--n');
    expect(state()).toEqual(before);
  });

  it.each([
    ['--monitor-cron', 'nope'],
    ['--monitor-cron', '61 * * * *'],
    ['--propose-cron', '* * *'],
  ])('schedule %s "%s": exit 2 naming the flag, nothing started or written', (flag, expr) => {
    const r = runCrl(['schedule', flag, expr], { dataDir, timeoutMs: 15_000 });
    expectUsageError(r, flag);
    expect(state()).toEqual(before);
  });
});
