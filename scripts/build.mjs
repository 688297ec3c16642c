// Builds the CLI (ESM with code splitting: a command loads only the chunks it needs), the entry of
// `crl record` (one small CommonJS bundle: no zod, no other service), the bin that picks between them, and
// the library (ESM + CJS) into dist/.
// better-sqlite3 stays external: it is a native module loaded from node_modules. So do fastify and prom-client,
// the server's dependencies (loaded by `crl serve` only: see src/cli/commands/serve.ts), and pg (PostgreSQL only).
//   --no-types        skip the .d.ts files
//   --cli-only        build only the CLI bundle
//   --outdir DIR      write into DIR instead of dist/ (e.g. a private copy for a benchmark run)
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { chmodSync, renameSync, rmSync } from 'node:fs';
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

// What the record entry would load but never runs: node:child_process, which commander loads for
// executable subcommands (crl has none), and cli-table3, which only draws tables (record prints a line
// or JSON; marked free of side effects, its unused import is dropped). Each costs milliseconds a record.
const recordEntryTrim = {
  name: 'record-entry-trim',
  setup(b) {
    b.onResolve({ filter: /^node:child_process$/ }, (args) =>
      /[\\/]commander[\\/]/.test(args.importer) ? { path: 'child_process', namespace: 'unused' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'unused' }, () => ({ contents: 'module.exports = {};' }));
    b.onResolve({ filter: /^cli-table3$/ }, async (args) => {
      if (args.pluginData === 'trimmed') return undefined; // the lookup below
      const r = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: 'trimmed' });
      return { path: r.path, sideEffects: false };
    });
  },
};

const common = {
  plugins: [zodEnglishOnly],
  bundle: true,
  platform: 'node',
  target: 'node20',
  external: ['better-sqlite3', 'fastify', 'prom-client', 'pg'],
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
  // `crl record` runs often (once per agent invocation), so it starts without ESM chunks and without zod.
  build({
    ...common,
    plugins: [recordEntryTrim],
    entryPoints: ['src/cli/record-main.ts'],
    outfile: join(outdir, 'cli.next', 'record.cjs'),
    format: 'cjs',
    minify: true,
    // better-sqlite3's JavaScript is bundled too (a dozen module resolutions fewer); its native addon is
    // loaded from node_modules by path (src/db/open.ts), so its addon finder is only a fallback.
    external: ['bindings'],
  }),
  ...(cliOnly
    ? []
    : [
        build({ ...common, entryPoints: ['src/index.ts'], outfile: join(outdir, 'index.cjs'), format: 'cjs' }),
        build({ ...common, entryPoints: ['src/index.ts'], outfile: join(outdir, 'index.mjs'), format: 'esm' }),
        // The test doubles (`crl/testing`), apart from the library.
        build({ ...common, entryPoints: ['src/testing/index.ts'], outfile: join(outdir, 'testing.cjs'), format: 'cjs' }),
        build({ ...common, entryPoints: ['src/testing/index.ts'], outfile: join(outdir, 'testing.mjs'), format: 'esm' }),
      ]),
]);
// Swap the new CLI chunks in (stale hashed chunks of an earlier build go with the old folder).
rmSync(join(outdir, 'cli'), { recursive: true, force: true });
renameSync(join(outdir, 'cli.next'), join(outdir, 'cli'));
// The bin: a tiny CommonJS launcher (no shebang issues with ESM chunks) that reads the command word and
// loads the record entry or the full CLI; their source modules map to the bundles built above.
const entryBundles = { './record-main': './cli/record.cjs', './bin': './cli/crl.mjs' };
await build({
  ...common,
  plugins: [{
    name: 'entry-bundles',
    setup(b) {
      b.onResolve({ filter: /^\.\/(record-main|bin)$/ }, (a) => ({ path: entryBundles[a.path], external: true }));
    },
  }],
  entryPoints: ['src/cli/launcher.ts'],
  outfile: join(outdir, 'crl.cjs'),
  format: 'cjs',
  banner: { js: '#!/usr/bin/env node' },
});
chmodSync(join(outdir, 'crl.cjs'), 0o755);
if (!cliOnly && !args.includes('--no-types')) {
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
}
