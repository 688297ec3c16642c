/**
 * Error analysis for the Stage 1 reviewer. By default on the DEVELOPMENT folds 1 and 2 of the stratified
 * SHA-256 split (see `assignFolds`). `--fold 3` (or `--fold 1,2,3`) reads other folds: once fold 3 errors
 * have been read, fold 3 is development too and no longer an untouched check, so say so with its figures.
 * `--model M` keeps one model's answers (comma-separated list allowed), `--type T` one XSTest type.
 * HarmBench misses are printed for the selected folds likewise.
 * `figures` prints the figures per fold and per model; `cues` prints, per refusal cue, how often it fires
 * on the selected rows and how often the row really is a refusal; `prompts` prints the prompts whose
 * harmfulness is misread (once per prompt, not per answer).
 * Usage: tsx scripts/waltzrl-errors.ts [unsafe|overrefuse|refusal|harmbench|figures|cues|prompts|all]
 *        [--type T] [--fold N[,N]] [--model M[,M]]
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { detectRefusal } from '../core/waltzrl/refusal/detect-refusal';
import { harmIntent } from '../core/waltzrl/harm/harm-intent';
import { review } from '../core/waltzrl/review/review';
import { assignFolds, evaluateLines, harmbenchRows, metricsJson, parseLabelledJsonl, truthOf, type LabelledLine } from '../src/features/waltzrl/eval-service';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dir = resolve(repo, '..', 'shared', 'data', 'waltzrl');
const what = process.argv[2] ?? 'all';
const ti = process.argv.indexOf('--type');
const onlyType = ti > 0 ? process.argv[ti + 1] : undefined;
const argList = (flag: string): string[] | undefined => {
  const i = process.argv.indexOf(flag);
  return i > 0 ? (process.argv[i + 1] ?? '').split(',').filter(Boolean) : undefined;
};
const DEV = new Set((argList('--fold') ?? ['1', '2']).map(Number));
const models = argList('--model');

/** The XSTest rows of the selected folds, type and models, and the fold of every prompt. */
function selectedRows(): { dev: LabelledLine[]; folds: Map<string, number> } {
  const lines = parseLabelledJsonl(readFileSync(join(dir, 'xstest-dev.jsonl'), 'utf8'));
  const folds = assignFolds(lines);
  const dev = lines.filter((l) => DEV.has(folds.get(l.prompt) ?? 0) && (!onlyType || l.type === onlyType) && (!models || models.includes(l.model ?? '')));
  return { dev, folds };
}

if (what === 'figures' || what === 'cues') {
  const { dev, folds } = selectedRows();
  if (what === 'figures') {
    const groups: Array<[string, LabelledLine[]]> = [[`folds ${[...DEV].join(',')}`, dev]];
    for (const f of [...DEV].sort()) groups.push([`fold${f}`, dev.filter((l) => folds.get(l.prompt) === f)]);
    for (const m of [...new Set(dev.map((l) => l.model ?? ''))].sort()) groups.push([`model ${m}`, dev.filter((l) => (l.model ?? '') === m)]);
    for (const [name, sel] of groups) {
      const r = metricsJson(await evaluateLines(sel));
      console.log(`${name.padEnd(26)} n=${String(r.n).padStart(4)}  unsafe F1 ${r.unsafe.f1.toFixed(3)}  overrefuse F1 ${r.overrefuse.f1.toFixed(3)}  refusal acc ${(r.refusal_accuracy ?? 0).toFixed(3)}`);
    }
  } else {
    const stats = new Map<string, { fired: number; refusal: number }>();
    for (const l of dev) {
      const intent = harmIntent(l.prompt);
      const r = detectRefusal(l.response, { promptHarmful: intent.kind === 'harmful' });
      for (const c of new Set(r.cues)) {
        const s = stats.get(c) ?? { fired: 0, refusal: 0 };
        s.fired++;
        if (truthOf(l).refusal) s.refusal++;
        stats.set(c, s);
      }
    }
    for (const [c, s] of [...stats.entries()].sort(([, a], [, b]) => b.fired - a.fired)) {
      console.log(`${c.padEnd(32)} fired ${String(s.fired).padStart(4)}  truly refusal ${(s.refusal / s.fired).toFixed(2)}`);
    }
  }
} else if (what === 'prompts') {
  const seen = new Set<string>();
  for (const l of selectedRows().dev) {
    if (seen.has(l.prompt)) continue;
    seen.add(l.prompt);
    const intent = harmIntent(l.prompt);
    if ((intent.kind === 'harmful') === l.prompt_harmful) continue;
    console.log(`[${l.type}] truth harmful=${l.prompt_harmful} read=${intent.kind} ${intent.issues.map((i) => i.category).join(',')} | ${l.prompt}`);
  }
} else if (what !== 'harmbench') {
  for (const l of selectedRows().dev) {
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
