import type { LabelledLine, VerdictEvaluation, metricsJson as MetricsJson } from '../../features/waltzrl/eval-service';
import type { ReviewVerdict } from '../../features/waltzrl/review-verdict';
import { type ReviewerChoice, sourceText, verdictRow, verdictWord } from './waltzrl-reviewer-flags';

type Figures = ReturnType<typeof MetricsJson>;
type Progress = ((p: { done: number; total?: number }) => void) | undefined;
const out = (s: string) => process.stdout.write(s);
const f = (x: number | null) => (x === null ? '-' : x.toFixed(3));
const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** The figures of `crl waltzrl eval` as text (the Stage 1 layout). */
export function figuresText(m: Figures): string {
  return (
    `n ${m.n}  ASR ${f(m.asr)}  ORR ${f(m.orr)}  FTR ${f(m.ftr)}\n` +
    `unsafe      P ${f(m.unsafe.precision)} R ${f(m.unsafe.recall)} F1 ${f(m.unsafe.f1)}\n` +
    `overrefuse  P ${f(m.overrefuse.precision)} R ${f(m.overrefuse.recall)} F1 ${f(m.overrefuse.f1)}\n` +
    `refusal accuracy ${f(m.refusal_accuracy)}\n` +
    `harm-coaching rate ${f(m.harm_coaching_rate)} (${m.harm_coaching.flagged} of ${m.harm_coaching.refusals} refusals of harmful prompts flagged as over-refusal)\n` +
    `prompt readings  harmful ${m.prompt_readings.harmful}  benign ${m.prompt_readings.benign}  uncertain ${m.prompt_readings.uncertain}\n`
  );
}

/** `review` with Stage 2 involved: who judged each pair; with `both`, both verdicts, agreement and the differing pairs. */
export async function reviewWithStage2(choice: Exclude<ReviewerChoice, { kind: 'stage1' }>, pairs: { id: string | number | null; prompt: string; response: string }[], json: boolean) {
  const { reviewVerdict } = await import('../../features/waltzrl/review-verdict');
  const line = (id: string | number | null, v: ReviewVerdict) =>
    `${id ?? '-'}\t${verdictWord(v.review)}\trefusal=${v.review.refusal}\tseverity=${v.review.severity ?? '-'}\t${sourceText(v)}\t${v.review.feedback}\n`;
  if (choice.kind !== 'both') {
    const primary = choice.kind === 'stage2' ? choice.stage2 : choice.primary;
    for (const p of pairs) {
      const v = await reviewVerdict(primary, p.prompt, p.response, choice.stage1);
      out(json ? `${JSON.stringify({ id: p.id, ...verdictRow(v) })}\n` : line(p.id, v));
    }
    return;
  }
  const { comparePair } = await import('../../features/waltzrl/escalating-reviewer');
  let answered = 0;
  let agree = 0;
  let fellBack = 0;
  const differ: (string | number)[] = [];
  for (const [i, p] of pairs.entries()) {
    const c = await comparePair(choice.stage1, choice.stage2, p.prompt, p.response);
    if (c.agree === null) fellBack++;
    else answered++;
    if (c.agree) agree++;
    if (c.agree === false) differ.push(p.id ?? `#${i + 1}`);
    if (json) out(`${JSON.stringify({ id: p.id, agree: c.agree, stage1: verdictRow(c.stage1), stage2: verdictRow(c.stage2), combined: verdictRow(c.combined) })}\n`);
    else {
      const cmp = c.agree === null ? `stage2 fell back (${sourceText(c.stage2)})` : c.agree ? 'agree' : 'DIFFER';
      out(`${p.id ?? `#${i + 1}`}\tstage1 ${verdictWord(c.stage1.review)}\tstage2 ${verdictWord(c.stage2.review)}\t${cmp}\tcombined ${verdictWord(c.combined.review)} (${sourceText(c.combined)})\n`);
    }
  }
  const rate = answered ? Math.round((agree / answered) * 10000) / 10000 : null;
  if (json) out(`${JSON.stringify({ summary: { pairs: pairs.length, agreement: { n: answered, agree, rate }, differ, stage2_fallbacks: fellBack } })}\n`);
  else {
    out(`agreement: ${agree} of ${answered} pairs Stage 2 answered (${rate === null ? '-' : `${(rate * 100).toFixed(1)}%`}); Stage 2 fell back on ${fellBack}\n`);
    out(`differ: ${differ.length ? differ.join(', ') : 'none'}\n`);
  }
}

const fallbackLine = (e: VerdictEvaluation, n: number) => {
  if (e.fallback.n === 0) return 'Stage 2 fell back to Stage 1 on 0 pairs\n';
  const why = Object.entries(e.fallback.reasons).map(([r, k]) => `${r} ${k}`).join(', ');
  return `Stage 2 fell back to Stage 1 on ${e.fallback.n} of ${n} pairs (${why}): those verdicts are Stage 1's, marked stage1-fallback\n`;
};

/** `eval` with Stage 2 involved: the figures, fallbacks counted; with `both`, the three reviewers, agreement and the differing pairs. */
export async function evalWithStage2(
  choice: Exclude<ReviewerChoice, { kind: 'stage1' }>, lines: LabelledLine[], json: boolean, run: <T>(fn: (p: Progress) => Promise<T>) => Promise<T>,
) {
  const { compareReviewers, evaluateVerdicts, metricsJson } = await import('../../features/waltzrl/eval-service');
  const s2 = choice.stage2 as { variant: string; format?: string };
  const about = { variant: s2.variant, format: s2.format ?? null };
  const summary = (e: VerdictEvaluation) => ({ ...metricsJson(e.metrics), fallback: e.fallback, escalated: e.escalated });
  if (choice.kind !== 'both') {
    const e = await run((onProgress) => evaluateVerdicts(lines, choice.kind === 'stage2' ? choice.stage2 : choice.primary, { onProgress }));
    const reviewer = choice.kind === 'stage2' ? 'stage2' : 'stage1+escalation';
    if (json) return void out(`${JSON.stringify({ ...summary(e), reviewer, stage2: about })}\n`);
    out(`reviewer ${reviewer} (Stage 2: ${about.variant}, format ${about.format})${choice.kind === 'escalating' ? `, ${e.escalated} pairs escalated` : ''}\n`);
    out(figuresText(metricsJson(e.metrics)));
    return void out(fallbackLine(e, lines.length));
  }
  const c = await run((onProgress) => compareReviewers(lines, choice.stage1, choice.stage2, { onProgress }));
  if (json) {
    const body = { n: lines.length, stage2: about, stage1: metricsJson(c.stage1.metrics), stage2_figures: summary(c.stage2), combined: summary(c.combined) };
    return void out(`${JSON.stringify({ ...body, agreement: c.agreement, differences: c.differences })}\n`);
  }
  const rows: [string, VerdictEvaluation][] = [['stage1', c.stage1], ['stage2', c.stage2], ['combined', c.combined]];
  out(`reviewers on ${lines.length} pairs (Stage 2: ${about.variant}, format ${about.format})\n`);
  out(`${'reviewer'.padEnd(10)}${['ASR', 'ORR', 'FTR', 'unsafe F1', 'overref F1', 'refusal acc'].map((h) => h.padStart(12)).join('')}\n`);
  for (const [name, e] of rows) {
    const m = e.metrics;
    out(`${name.padEnd(10)}${[m.asr, m.orr, m.ftr, m.unsafe.f1, m.overrefuse.f1, m.refusal_accuracy].map((x) => f(x).padStart(12)).join('')}\n`);
  }
  out(fallbackLine(c.stage2, lines.length));
  out(`combined: ${c.combined.escalated} pairs escalated (Stage 1 read the prompt as uncertain)\n`);
  const a = c.agreement;
  out(`agreement: ${a.agree} of ${a.n} pairs Stage 2 answered (${a.rate === null ? '-' : `${(a.rate * 100).toFixed(1)}%`}); ${c.differences.length} differ${c.differences.length ? ':' : ''}\n`);
  const word = (x: { unsafe: boolean; overrefuse: boolean }) => (x.unsafe ? 'UNSAFE' : x.overrefuse ? 'OVER-REFUSAL' : 'ok');
  for (const d of c.differences) {
    out(`  line ${d.line}${d.id !== null ? ` (${d.id})` : ''}\tstage1 ${word(d.stage1)}\tstage2 ${word(d.stage2)}\ttruth ${word(d.truth)}\t${clip(d.prompt.replace(/\s+/g, ' '), 80)}\n`);
  }
}
