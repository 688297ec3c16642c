import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { backendEnv } from '../backend';
import { ROOT, tempDir } from '../helpers';

/** The published entry points, loaded by a separate Node process as a user's code would. */
describe('library entry points', () => {
  it.each([
    ['ESM', 'mjs', `import { openCrl } from '${ROOT}/dist/index.mjs';`],
    ['CommonJS', 'cjs', `const { openCrl } = require('${ROOT}/dist/index.cjs');`],
  ])('%s: open, record, ingest, q, select', (_name, ext, importLine) => {
    const dir = tempDir();
    const code = `${importLine}
      (async () => {
        const crl = await openCrl({ dataDir: ${JSON.stringify(dir)} });
        await crl.variants.add({ agent: 'a', variant: 'v1', isDefault: true });
        await crl.learning.record({ agent_name: 'a', task_type: 't', variant_id: 'v1', outcome: 'success' });
        const r = await crl.learning.ingest((async function* () { yield JSON.stringify({ agent_name: 'a', task_type: 't', variant_id: 'v2', outcome: 'failure' }) + '\\n'; })());
        const q = await crl.learning.qTable();
        const s = await crl.serving.select({ agent: 'a', task: 't', subject: 'user-1' });
        await crl.close();
        console.log(JSON.stringify({ accepted: r.accepted, q: q.map((e) => [e.variant_id, e.q_value]), pick: s.variant_id }));
      })();`;
    const out = execFileSync(process.execPath, ['--input-type=' + (ext === 'mjs' ? 'module' : 'commonjs'), '-e', code], { encoding: 'utf8', cwd: ROOT, env: { ...process.env, ...backendEnv(dir) } });
    expect(JSON.parse(out)).toEqual({ accepted: 1, q: [['v1', 1], ['v2', 0]], pick: 'v1' });
  });
});

describe('entry split', () => {
  it.each([
    ['ESM', `const lib = await import('${ROOT}/dist/index.mjs'); const testing = await import('${ROOT}/dist/testing.mjs');`],
    ['CommonJS', `const lib = require('${ROOT}/dist/index.cjs'); const testing = require('${ROOT}/dist/testing.cjs');`],
  ])('%s: the main entry has the library API and no test doubles or renderers; crl/testing has the fakes', (name, load) => {
    const code = `(async () => { ${load}
      const server = await testing.startFakeModelServer({ mode: 'good' });
      const ok = server.url.startsWith('http://127.0.0.1:');
      await server.close();
      console.log(JSON.stringify({
        main: ['openCrl', 'startFakeModelServer', 'renderDashboard', 'serveLabelled'].map((k) => typeof lib[k]),
        testing: ['startFakeModelServer', 'labelledOracle', 'serveLabelled', 'openCrl'].map((k) => typeof testing[k]),
        ok,
      }));
    })();`;
    const type = name === 'ESM' ? 'module' : 'commonjs';
    const out = execFileSync(process.execPath, [`--input-type=${type}`, '-e', code], { encoding: 'utf8', cwd: ROOT });
    expect(JSON.parse(out)).toEqual({
      main: ['function', 'undefined', 'undefined', 'undefined'],
      testing: ['function', 'function', 'function', 'undefined'],
      ok: true,
    });
  });

  it('a Crl handle groups its methods by feature', () => {
    const dir = tempDir();
    const code = `const { openCrl } = require('${ROOT}/dist/index.cjs');
      (async () => {
      const crl = await openCrl({ dataDir: ${JSON.stringify(dir)} });
      const groups = ['learning', 'serving', 'rollout', 'variants', 'promotion', 'monitor', 'proposals', 'safetyGate', 'waltzrl', 'dashboard'];
      const shape = Object.fromEntries(groups.map((g) => [g, Object.keys(crl[g]).sort()]));
      shape.stage = Object.keys(crl.waltzrl.stage).sort();
      const verdict = crl.waltzrl.review('How do I kill a Python process?', 'Run kill -9 <pid>.');
      const calls = [crl.variants.list(), crl.readiness(), crl.dashboard.metricsText()];
      const pending = calls.map((p) => p instanceof Promise);
      await Promise.all(calls);
      await crl.close();
      await crl.close(); // idempotent
      console.log(JSON.stringify({ shape, pending, unsafe: verdict.unsafe, overrefuse: verdict.overrefuse }));
      })();`;
    const out = JSON.parse(execFileSync(process.execPath, ['-e', code], { encoding: 'utf8', cwd: ROOT, env: { ...process.env, ...backendEnv(dir) } }));
    expect(out.shape).toEqual({
      learning: ['importPython', 'ingest', 'qTable', 'record'],
      serving: ['select', 'selectMany'],
      rollout: ['abort', 'advance', 'history', 'start', 'status', 'tick'],
      variants: ['add', 'list', 'retire', 'setDefault'],
      promotion: ['apply', 'check'],
      monitor: ['checks', 'rollbacks', 'run'],
      proposals: ['apply', 'decide', 'list', 'propose', 'show', 'summary'],
      safetyGate: ['benchmark', 'check', 'report'],
      waltzrl: ['coachingMemory', 'exportCoaching', 'review', 'stage'],
      dashboard: ['build', 'metrics', 'metricsText', 'text'],
      stage: ['check', 'promote', 'recordReview', 'reviewer', 'rollback', 'route', 'status'],
    });
    expect(out).toMatchObject({ unsafe: false, overrefuse: false, pending: [true, true, true] });
  });
});
