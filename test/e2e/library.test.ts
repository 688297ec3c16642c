import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
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
        const crl = openCrl({ dataDir: ${JSON.stringify(dir)} });
        crl.addVariant({ agent: 'a', variant: 'v1', isDefault: true });
        crl.record({ agent_name: 'a', task_type: 't', variant_id: 'v1', outcome: 'success' });
        const r = await crl.ingest((async function* () { yield JSON.stringify({ agent_name: 'a', task_type: 't', variant_id: 'v2', outcome: 'failure' }) + '\\n'; })());
        const q = crl.qTable();
        const s = crl.select({ agent: 'a', task: 't', policy: 'greedy' });
        crl.close();
        console.log(JSON.stringify({ accepted: r.accepted, q: q.map((e) => [e.variant_id, e.q_value]), pick: s.variant_id }));
      })();`;
    const out = execFileSync(process.execPath, ['--input-type=' + (ext === 'mjs' ? 'module' : 'commonjs'), '-e', code], { encoding: 'utf8', cwd: ROOT });
    expect(JSON.parse(out)).toEqual({ accepted: 1, q: [['v1', 1], ['v2', 0]], pick: 'v1' });
  });
});
