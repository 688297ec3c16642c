// Builds the CLI (one CommonJS bundle for a fast start) and the library (ESM + CJS) into dist/.
// better-sqlite3 stays external: it is a native module loaded from node_modules.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { chmodSync } from 'node:fs';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  external: ['better-sqlite3'],
  logLevel: 'warning',
  sourcemap: false,
  logOverride: { 'empty-import-meta': 'silent' },
};

await Promise.all([
  build({
    ...common,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/crl.cjs',
    format: 'cjs',
    banner: { js: '#!/usr/bin/env node' },
  }),
  build({ ...common, entryPoints: ['src/index.ts'], outfile: 'dist/index.cjs', format: 'cjs' }),
  build({ ...common, entryPoints: ['src/index.ts'], outfile: 'dist/index.mjs', format: 'esm' }),
]);
chmodSync('dist/crl.cjs', 0o755);
if (!process.argv.includes('--no-types')) {
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
}
