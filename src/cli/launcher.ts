import { commandWord } from './command-word';

/*
 * The bin (built into dist/crl.cjs, next to the bundles of both entries): `crl record …` runs the record
 * entry, a small CommonJS bundle that starts fast; every other command — and a record the record entry
 * hands over — runs the full CLI (./bin, ESM chunks). The build maps './record-main' and './bin' to
 * those bundles.
 */
// A reader that goes away early (`crl q --json | head`) ends the output, not the run with a stack trace.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE') throw e;
  process.exit(process.exitCode ?? 0);
});

async function launch(): Promise<void> {
  if (commandWord(process.argv.slice(2)) === 'record') {
    const { recordMain } = require('./record-main') as typeof import('./record-main');
    const code = await recordMain(process.argv);
    if (code !== 'full-cli') {
      process.exitCode = code;
      return;
    }
  }
  await import('./bin');
}

launch().catch((e) => {
  process.stderr.write(`internal error: ${String(e)}\n`);
  process.exitCode = 1;
});
