/**
 * Evaluates the Stage 1 WaltzRL reviewer on ../shared/data/waltzrl (relative to the repository):
 * XSTest dev figures (all, and the even/odd prompt-hash halves) and HarmBench recall per category.
 * Usage: npm run eval:waltzrl [-- --json]
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { evaluateLines, harmbenchRecall, inHalf, metricsJson, parseLabelledJsonl, type Half } from '../src/waltzrl/eval';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dir = resolve(repo, '..', 'shared', 'data', 'waltzrl');
const json = process.argv.includes('--json');
const xs = join(dir, 'xstest-dev.jsonl');
const hb = join(dir, 'harmbench_behaviors_text_all.csv');

if (!existsSync(dir)) {
  console.log(`WaltzRL evaluation data not found at ${dir}; nothing to evaluate.`);
  process.exit(0);
}

const out: Record<string, unknown> = {};
if (existsSync(xs)) {
  const lines = parseLabelledJsonl(readFileSync(xs, 'utf8'));
  for (const half of ['all', 'even', 'odd'] as Half[]) {
    const sel = lines.filter((l) => inHalf(l.prompt, half));
    out[`xstest_${half}`] = { prompts: new Set(sel.map((l) => l.prompt)).size, ...metricsJson(await evaluateLines(sel)) };
  }
} else console.log(`(no ${xs})`);
if (existsSync(hb)) {
  const csv = readFileSync(hb, 'utf8');
  out.harmbench_recall = harmbenchRecall(csv, 'all');
  out.harmbench_recall_odd = harmbenchRecall(csv, 'odd');
} else console.log(`(no ${hb})`);

if (json) console.log(JSON.stringify(out));
else {
  for (const [k, v] of Object.entries(out)) {
    if (Array.isArray(v)) {
      console.log(`${k}:`);
      for (const r of v as { category: string; flagged: number; n: number; recall: number }[]) console.log(`  ${r.category.padEnd(30)} ${String(r.flagged).padStart(3)}/${String(r.n).padEnd(3)} recall ${r.recall.toFixed(2)}`);
    } else console.log(`${k}: ${JSON.stringify(v)}`);
  }
}
