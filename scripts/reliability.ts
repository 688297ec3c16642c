/**
 * The longer reliability run behind the closing note (CI runs a smaller version of each part in
 * test/reliability/): SIGKILLed ingests, SIGKILLed monitors, concurrent writers, and the bad-input corpus.
 *
 *   npm run build && npm run reliability -- [--kill-trials 100] [--lines 20000] [--writers 4]
 *     [--writer-lines 20000] [--monitor-kill-trials 40]
 *   npm run reliability -- --backend postgres [...]   the PostgreSQL run: see scripts/reliability-postgres.ts
 *
 * Prints one line per part and a JSON summary; exits 1 if any check failed.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { seededRng } from '../core/learning/rng';
import { DEMO_AGENTS } from './demo/workload';

// `--backend postgres` runs scripts/reliability-postgres.ts instead (see the end of this file); the SQLite
// helpers are loaded only for the SQLite run.
const backendAt = process.argv.indexOf('--backend');
const backend = backendAt >= 0 ? process.argv[backendAt + 1] : 'sqlite';
type Support = typeof import('../test/reliability/support');
const {
  CLI_PATH, ROOT, cloneDataDir, degradingDataDir, finished, ingestKillTrial, rawDb, rowCounts, runCrl, scratchDir, sleep, snapshot, spawnCrl, writeWorkload,
} = backend === 'sqlite' ? await import('../test/reliability/support') : ({} as Support);

function arg(name: string, def: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
}

const failures: string[] = [];
const check = (ok: boolean, what: string) => {
  if (!ok) failures.push(what);
  return ok;
};

async function ingestKills(root: string, trials: number, lines: number) {
  const file = join(root, 'big.jsonl');
  writeWorkload(file, { count: lines, seed: 11, withoutIdEvery: 10 });
  const ref = join(root, 'ingest-ref');
  mkdirSync(ref);
  const t0 = performance.now();
  check(runCrl(['ingest', file], { dataDir: ref }).code === 0, 'clean ingest');
  const cleanMs = performance.now() - t0;
  const expected = snapshot(ref);
  const half = join(root, 'half.jsonl');
  writeFileSync(half, `${readFileSync(file, 'utf8').split('\n').slice(0, lines / 2).join('\n')}\n`);
  const tpl = join(root, 'ingest-tpl');
  mkdirSync(tpl);
  check(runCrl(['ingest', half], { dataDir: tpl }).code === 0, 'half ingest');
  const rng = seededRng(7);
  let killed = 0, beforeCommit = 0, intact = 0, allOrNothing = 0, equal = 0;
  for (let i = 0; i < trials; i++) {
    const dir = join(root, `ingest-trial-${i}`);
    const prefilled = i % 2 === 1;
    if (prefilled) cloneDataDir(tpl, dir);
    else mkdirSync(dir);
    const t = await ingestKillTrial(dir, file, Math.round(rng() * cleanMs * 1.1));
    const before = prefilled ? lines / 2 : 0;
    if (t.killed) killed++;
    if (t.killed && t.invocationsAfterKill === before) beforeCommit++;
    if (check(t.integrityAfterKill === 'ok' && t.afterRerun.integrity === 'ok', `ingest trial ${i}: integrity`)) intact++;
    if (check(t.invocationsAfterKill === before || t.invocationsAfterKill === lines, `ingest trial ${i}: partial write ${t.invocationsAfterKill}`)) allOrNothing++;
    const same = t.rerunExit === 0 && t.afterRerun.invocations === lines && t.afterRerun.countedInvocations === lines && JSON.stringify(t.afterRerun.q) === JSON.stringify(expected.q);
    if (check(same, `ingest trial ${i}: re-run differs from the clean run`)) equal++;
    rmSync(dir, { recursive: true, force: true });
  }
  return { trials, lines, clean_ms: Math.round(cleanMs), killed, killed_before_commit: beforeCommit, integrity_ok: intact, all_or_nothing: allOrNothing, rerun_equal_to_clean: equal };
}

async function monitorKills(root: string, trials: number) {
  const AGENTS = 40;
  const tpl = join(root, 'monitor-tpl');
  const config = await degradingDataDir(tpl, AGENTS);
  const ref = join(root, 'monitor-ref');
  cloneDataDir(tpl, ref);
  const t0 = performance.now();
  check(runCrl(['--config', config, 'monitor', '--once'], { dataDir: ref }).code === 0, 'clean monitor');
  const cleanMs = performance.now() - t0;
  const ids = (dir: string) => {
    const db = rawDb(dir);
    const rows = (db.prepare("select rollback_id from rollbacks where event_type = 'rollback' order by rollback_id").all() as { rollback_id: string }[]).map((r) => r.rollback_id);
    db.close();
    return rows;
  };
  const lines = (dir: string) => {
    const p = join(dir, 'rollback_events.jsonl');
    return existsSync(p) ? readFileSync(p, 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { rollback_id: string }).rollback_id).sort() : [];
  };
  const rng = seededRng(8);
  let killed = 0, repaired = 0, exactlyOnce = 0;
  for (let i = 0; i < trials; i++) {
    const dir = join(root, `monitor-trial-${i}`);
    cloneDataDir(tpl, dir);
    const child = spawnCrl(['--config', config, 'monitor', '--once'], { dataDir: dir });
    const done = finished(child);
    await sleep(Math.round((0.3 + 0.7 * rng()) * cleanMs));
    if (child.exitCode === null && child.kill('SIGKILL') && (await done).signal === 'SIGKILL') killed++;
    else await done;
    const before = lines(dir).length;
    runCrl(['q'], { dataDir: dir });
    repaired += lines(dir).length - before;
    runCrl(['--config', config, 'monitor', '--once'], { dataDir: dir });
    const ok = JSON.stringify(lines(dir)) === JSON.stringify(ids(dir)) && ids(dir).length === AGENTS;
    if (check(ok, `monitor trial ${i}: export differs from the rollbacks`)) exactlyOnce++;
    rmSync(dir, { recursive: true, force: true });
  }
  return { trials, agents: AGENTS, clean_ms: Math.round(cleanMs), killed, lines_repaired_by_next_run: repaired, exported_exactly_once: exactlyOnce };
}

async function concurrency(root: string, writers: number, perWriter: number) {
  const files = Array.from({ length: writers }, (_, k) => {
    const f = join(root, `part-${k}.jsonl`);
    writeWorkload(f, { count: perWriter, seed: 100 + k, agents: DEMO_AGENTS.map((a) => ({ ...a, agent: `${a.agent}-p${k}` })), withoutIdEvery: 7, prefix: `p${k}` });
    return f;
  });
  const register = (dir: string) => {
    mkdirSync(dir);
    for (let k = 0; k < writers; k++) {
      for (const a of DEMO_AGENTS) {
        const def = a.variants.find((v) => v.isDefault)!;
        runCrl(['variant', 'add', `${a.agent}-p${k}`, def.id, '--default', '--by', 'reliability'], { dataDir: dir });
      }
    }
  };
  const serial = join(root, 'serial');
  register(serial);
  const ts = performance.now();
  for (const f of files) check(runCrl(['ingest', f], { dataDir: serial }).code === 0, 'serial ingest');
  const serialMs = performance.now() - ts;
  const shared = join(root, 'shared');
  register(shared);
  const tc = performance.now();
  let done = false;
  const all = Promise.all(files.map((f) => finished(spawnCrl(['ingest', f, '--json'], { dataDir: shared })))).finally(() => (done = true));
  let monitorRuns = 0, monitorErrors = 0;
  while (!done || monitorRuns < 2) {
    const m = await finished(spawnCrl(['monitor', '--once', '--json'], { dataDir: shared }));
    monitorRuns++;
    if (m.code !== 0 || /^(error|internal error):|SQLITE_|database is locked/m.test(m.stderr)) monitorErrors++;
  }
  const results = await all;
  const concurrentMs = performance.now() - tc;
  const ingestErrors = results.filter((r) => r.code !== 0 || r.stderr !== '').length;
  check(ingestErrors === 0 && monitorErrors === 0, 'concurrency: an error reached the user');
  const a = snapshot(shared);
  const b = snapshot(serial);
  const rowsOk = check(a.invocations === writers * perWriter && a.countedInvocations === a.invocations, 'concurrency: lost rows');
  const qEqual = check(JSON.stringify(a.q) === JSON.stringify(b.q), 'concurrency: Q differs from the serial run');
  return {
    writers, lines_per_writer: perWriter, monitor_runs: monitorRuns, ingest_errors: ingestErrors, monitor_errors: monitorErrors,
    invocations: a.invocations, rows_ok: rowsOk, q_equal_to_serial: qEqual, integrity: a.integrity,
    serial_ms: Math.round(serialMs), concurrent_ms: Math.round(concurrentMs), rollbacks: rowCounts(shared).rollbacks,
  };
}

function badInput(root: string) {
  const corpus = join(ROOT, 'test', 'fixtures', 'bad-input');
  const cases = (JSON.parse(readFileSync(join(corpus, 'cases.json'), 'utf8')) as { cases: { file: string; line: number }[] }).cases;
  const dir = join(root, 'bad');
  mkdirSync(dir);
  runCrl(['init'], { dataDir: dir });
  let exit2 = 0, named = 0, nothingWritten = 0;
  for (const c of cases) {
    const r = runCrl(['ingest', join(corpus, c.file)], { dataDir: dir });
    if (check(r.code === 2, `bad input ${c.file}: exit ${r.code}`)) exit2++;
    if (check(r.stderr.includes(`line ${c.line}:`), `bad input ${c.file}: line not named`)) named++;
    if (check(rowCounts(dir).invocations === 0, `bad input ${c.file}: rows written`)) nothingWritten++;
  }
  const accepted = readdirSync(join(corpus, 'accepted')).filter((f) => f.endsWith('.jsonl')).length;
  return { corpus_files: cases.length, exit_2: exit2, line_named: named, nothing_written: nothingWritten, accepted_encodings: accepted };
}

async function main() {
  if (!existsSync(CLI_PATH)) throw new Error(`${CLI_PATH} is missing: run \`npm run build\` first.`);
  const root = scratchDir('crl-reliability-');
  const t0 = performance.now();
  const summary = {
    ingest_kills: await ingestKills(root, arg('kill-trials', 100), arg('lines', 20_000)),
    monitor_kills: await monitorKills(root, arg('monitor-kill-trials', 40)),
    concurrency: await concurrency(root, arg('writers', 4), arg('writer-lines', 20_000)),
    bad_input: badInput(root),
    seconds: 0,
    failures,
  };
  summary.seconds = Math.round((performance.now() - t0) / 1000);
  const k = summary.ingest_kills;
  const m = summary.monitor_kills;
  const c = summary.concurrency;
  const b = summary.bad_input;
  console.log(`ingest kill trials: ${k.trials} × ${k.lines} lines, killed ${k.killed} (${k.killed_before_commit} before the commit); integrity ok ${k.integrity_ok}/${k.trials}, all-or-nothing ${k.all_or_nothing}/${k.trials}, re-run equal to the clean run ${k.rerun_equal_to_clean}/${k.trials}`);
  console.log(`monitor kill trials: ${m.trials} × ${m.agents} rollbacks, killed ${m.killed}, ${m.lines_repaired_by_next_run} JSONL line(s) appended by the next run, exported exactly once ${m.exported_exactly_once}/${m.trials}`);
  console.log(`concurrency: ${c.writers} ingests × ${c.lines_per_writer} lines + ${c.monitor_runs} monitor runs in ${c.concurrent_ms} ms (serial ${c.serial_ms} ms); errors ${c.ingest_errors + c.monitor_errors}, invocations ${c.invocations}, Q equal to serial: ${c.q_equal_to_serial}, rollbacks ${c.rollbacks}`);
  console.log(`bad input: ${b.corpus_files} corpus files, exit 2 ${b.exit_2}, line named ${b.line_named}, nothing written ${b.nothing_written}; ${b.accepted_encodings} accepted encodings`);
  console.log(JSON.stringify(summary, null, 2));
  rmSync(root, { recursive: true, force: true });
  process.exitCode = failures.length ? 1 : 0;
}

// `--backend postgres`: the PostgreSQL run (scripts/reliability-postgres.ts); without it (or `sqlite`), the run above.
const run = backend === 'postgres' ? () => import('./reliability-postgres').then((m) => m.main()) : backend === 'sqlite' ? main : undefined;
if (!run) {
  console.error(`--backend must be sqlite or postgres, got ${JSON.stringify(backend)}.`);
  process.exitCode = 2;
} else {
  run().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
