// Builds the CLI (ESM with code splitting: a command loads only the chunks it needs) and the library
// (ESM + CJS) into dist/.
// better-sqlite3 stays external: it is a native module loaded from node_modules.
//   --no-types        skip the .d.ts files
//   --cli-only        build only the CLI bundle
//   --outdir DIR      write into DIR instead of dist/ (e.g. a private copy for a benchmark run)
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { chmodSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const args = process.argv.slice(2);
const outIndex = args.indexOf('--outdir');
const outdir = outIndex >= 0 ? args[outIndex + 1] : 'dist';
const cliOnly = args.includes('--cli-only');

// zod re-exports all 60+ of its message locales; crl speaks English only, so the locale index is
// replaced by one exporting `en` (about a third of the zod code every command would otherwise compile).
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/]/.test(args.importer) ? { path: 'zod-locales-en', namespace: 'zod-locales' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-locales' }, () => ({
      contents: "export { default as en } from 'zod/v4/locales/en.js';",
      resolveDir: process.cwd(),
    }));
  },
};

const common = {
  plugins: [zodEnglishOnly],
  bundle: true,
  platform: 'node',
  target: 'node20',
  external: ['better-sqlite3'],
  logLevel: 'warning',
  sourcemap: false,
  logOverride: { 'empty-import-meta': 'silent' },
};

// A private output dir is rebuilt from scratch; dist/ is overwritten in place so that a rebuild never
// leaves the CLI missing for a process that starts meanwhile.
if (outdir !== 'dist') rmSync(outdir, { recursive: true, force: true });
await Promise.all([
  build({
    ...common,
    entryPoints: { crl: 'src/cli/bin.ts' },
    outdir: join(outdir, 'cli.next'),
    entryNames: '[name]',
    chunkNames: 'chunks/[name]-[hash]',
    outExtension: { '.js': '.mjs' },
    format: 'esm',
    splitting: true,
    // Bundled CommonJS dependencies call require() for Node built-ins.
    banner: { js: "import { createRequire as __crlCreateRequire } from 'node:module'; const require = __crlCreateRequire(import.meta.url);" },
  }),
  ...(cliOnly
    ? []
    : [
        build({ ...common, entryPoints: ['src/index.ts'], outfile: join(outdir, 'index.cjs'), format: 'cjs' }),
        build({ ...common, entryPoints: ['src/index.ts'], outfile: join(outdir, 'index.mjs'), format: 'esm' }),
      ]),
]);
// Swap the new CLI chunks in (stale hashed chunks of an earlier build go with the old folder).
rmSync(join(outdir, 'cli'), { recursive: true, force: true });
renameSync(join(outdir, 'cli.next'), join(outdir, 'cli'));
// The bin: a tiny CommonJS launcher (no shebang issues with ESM chunks) that imports the ESM entry.
writeFileSync(join(outdir, 'crl.cjs'), "#!/usr/bin/env node\nimport('./cli/crl.mjs');\n");
chmodSync(join(outdir, 'crl.cjs'), 0o755);
if (!cliOnly && !args.includes('--no-types')) {
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
}
