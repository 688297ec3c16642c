// Builds the CLI (one CommonJS bundle for a fast start) and the library (ESM + CJS) into dist/.
// better-sqlite3 stays external: it is a native module loaded from node_modules.
//   --no-types        skip the .d.ts files
//   --cli-only        build only the CLI bundle
//   --outdir DIR      write into DIR instead of dist/ (e.g. a private copy for a benchmark run)
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { chmodSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const args = process.argv.slice(2);
const outIndex = args.indexOf('--outdir');
const outdir = outIndex >= 0 ? args[outIndex + 1] : 'dist';
const cliOnly = args.includes('--cli-only');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  external: ['better-sqlite3'],
  logLevel: 'warning',
  sourcemap: false,
  logOverride: { 'empty-import-meta': 'silent' },
};

rmSync(outdir, { recursive: true, force: true });
await Promise.all([
  build({
    ...common,
    entryPoints: ['src/cli/main.ts'],
    outfile: join(outdir, 'crl.cjs'),
    format: 'cjs',
    banner: { js: '#!/usr/bin/env node' },
  }),
  ...(cliOnly
    ? []
    : [
        build({ ...common, entryPoints: ['src/index.ts'], outfile: join(outdir, 'index.cjs'), format: 'cjs' }),
        build({ ...common, entryPoints: ['src/index.ts'], outfile: join(outdir, 'index.mjs'), format: 'esm' }),
      ]),
]);
chmodSync(join(outdir, 'crl.cjs'), 0o755);
if (!cliOnly && !args.includes('--no-types')) {
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
}
