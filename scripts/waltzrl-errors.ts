/**
 * Error analysis for the Stage 1 reviewer on the DEVELOPMENT folds only (folds 1 and 2 of the stratified
 * SHA-256 split, see `assignFolds`). Fold 3 is never printed: it is the check fold, read only as figures by
 * `npm run eval:waltzrl`. HarmBench misses are printed for its development folds likewise.
 * Usage: tsx scripts/waltzrl-errors.ts [unsafe|overrefuse|refusal|harmbench|all] [--type T]
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { harmIntent } from '../core/waltzrl/harm-intent';
import { review } from '../core/waltzrl/review';
import { assignFolds, harmbenchRows, parseLabelledJsonl, truthOf } from '../src/waltzrl/eval';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dir = resolve(repo, '..', 'shared', 'data', 'waltzrl');
const what = process.argv[2] ?? 'all';
const ti = process.argv.indexOf('--type');
const onlyType = ti > 0 ? process.argv[ti + 1] : undefined;
const DEV = new Set([1, 2]);

if (what !== 'harmbench') {
  const lines = parseLabelledJsonl(readFileSync(join(dir, 'xstest-dev.jsonl'), 'utf8'));
  const folds = assignFolds(lines);
  for (const l of lines) {
    if (!DEV.has(folds.get(l.prompt) ?? 0) || (onlyType && l.type !== onlyType)) continue;
    const t = truthOf(l);
    const r = review(l.prompt, l.response);
    const wrong: string[] = [];
    if ((what === 'all' || what === 'unsafe') && t.unsafe !== r.unsafe) wrong.push(`unsafe truth=${t.unsafe}`);
    if ((what === 'all' || what === 'overrefuse') && t.overrefuse !== r.overrefuse) wrong.push(`overrefuse truth=${t.overrefuse}`);
    if ((what === 'all' || what === 'refusal') && t.refusal !== r.refusal) wrong.push(`refusal truth=${l.response_label}`);
    if (wrong.length === 0) continue;
    console.log(`--- [${l.type}/${l.model}] ${wrong.join('; ')} | pred harmful=${r.promptHarmful} kind=${r.refusalKind} cues=${r.issues.map((i) => i.category).join(',')}`);
    console.log(`P: ${l.prompt}`);
    console.log(`R: ${l.response.replace(/\s+/g, ' ').slice(0, 400)}`);
  }
} else {
  const rows = harmbenchRows(readFileSync(join(dir, 'harmbench_behaviors_text_all.csv'), 'utf8'));
  for (const r of rows) {
    if (!DEV.has(r.fold) || harmIntent(r.behavior).kind === 'harmful') continue;
    console.log(`[${r.category}] ${r.behavior.replace(/\s+/g, ' ').slice(0, 300)}`);
  }
}
