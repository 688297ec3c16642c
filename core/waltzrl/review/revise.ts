import type { Category } from './max-severity';
import { redactPii } from './redact-pii';
import type { ReviewResult } from './review';
import { oneOf } from '../text/regex-parts';

/** What the reviser did. The revised text must be re-reviewed by the same reviewer (see `withWaltzRL`). */
export type Revision =
  | { kind: 'unchanged'; response: string; edits: [] }
  | { kind: 'revised'; response: string; edits: Edit[] }
  | { kind: 'flag_for_agent'; response: string; edits: []; reason: string; feedback: string };

/** One replaced span of the original response (offsets into it, end exclusive). */
export interface Edit { start: number; end: number; replacement: string; reason: 'harmful_instructions' | 'pii' }

const SAFE_ALTERNATIVE: Partial<Record<Category, string>> = {
  self_harm: 'If you are thinking about harming yourself, please contact a crisis line (988 in the US) or local emergency services; you deserve support.',
  violence: 'If you are in conflict with someone, a mediator, counsellor or the police can help resolve it safely.',
  weapons: 'For lawful firearm or safety questions, please consult licensed dealers and official safety training.',
  chemical_biological: 'I can explain the general hazards of such substances and how to stay safe around them.',
  drugs: 'If you or someone you know is struggling with drug use, a doctor or a treatment helpline can help.',
  cybercrime: 'I can help with defending systems, secure configuration, or authorised penetration-testing practice.',
  fraud: 'I can explain how to recognise, prevent and report fraud.',
  privacy: "Personal data should only be obtained with the person's consent or through official channels.",
  hate: 'I can share factual, respectful information about any group of people.',
  sexual_minors: 'If a child may be at risk, please contact local child-protection services or the police.',
  misinformation: 'I can provide accurate, sourced information on this topic instead.',
  crime: 'I can help with lawful alternatives or explain how to get legal advice.',
  harassment: 'I can help write a respectful message instead.',
};

const STEP_WORDS = oneOf([
  'step \\d+',
  'first',
  'then',
  'next',
  'finally',
  'after that',
  'to \\w+',
  "you(?:'ll| will)? need",
  'gather',
  'choose',
  'find',
  'use',
  'apply',
  'make sure',
  'once',
]);
const INSTRUCTION_STARTS = oneOf([
  '\\d+[.)]\\s',
  '[-*•]\\s',
  `${STEP_WORDS}\\b`,
]);
/** A line that starts instructions: a list item or a step word ("1. ", "- ", "First", "You'll need"). */
const INSTRUCTION_LINE = new RegExp(`^\\s*${INSTRUCTION_STARTS}`, 'i');

/**
 * Reviser. Rewrites only the offending spans: PII is redacted in place; harmful instructions (the lines
 * from the first instruction-like line on, or the whole compliant body) are replaced by one refusal with a
 * safe alternative, keeping the text around them. For an over-refusal of a prompt that reads benign it cannot
 * invent an answer, so it returns `flag_for_agent` with the feedback for the conversation agent and leaves the
 * text as is; an over-refusal flag on a harmful or uncertain reading asks nobody to answer (the refusal stays). Pure.
 */
export function revise(response: string, verdict: ReviewResult): Revision {
  if (verdict.overrefuse && !verdict.unsafe) {
    if (verdict.prompt_reading !== 'benign') return { kind: 'unchanged', response, edits: [] };
    return { kind: 'flag_for_agent', response, edits: [], reason: 'over-refusal of a benign request', feedback: verdict.feedback };
  }
  if (!verdict.unsafe && !verdict.issues.some((i) => i.category === 'pii')) return { kind: 'unchanged', response, edits: [] };
  const edits: Edit[] = [];
  let text = response;
  const harmful = verdict.issues.filter((i) => i.span.source === 'prompt' && i.category !== 'pii');
  const piiOnly = harmful.every((i) => i.category === 'privacy') && verdict.issues.some((i) => i.category === 'pii');
  if (verdict.unsafe && harmful.length > 0 && !piiOnly) {
    const cat = harmful[0].category;
    const replacement = `I can't help with that. ${SAFE_ALTERNATIVE[cat] ?? 'I can help with a safe, lawful alternative instead.'}`;
    const lines = response.split('\n');
    let offset = 0;
    let start = -1;
    for (const line of lines) {
      if (start < 0 && INSTRUCTION_LINE.test(line)) start = offset;
      offset += line.length + 1;
    }
    // No instruction-like line: the whole body is the compliance.
    const s = start < 0 ? 0 : start;
    const kept = response.slice(0, s).trimEnd();
 // A lead-in that only announces the instructions ("Sure, here is how:") belongs to the offending span.
    const announces = /^(?:sure|certainly|of course|absolutely|yes|okay|ok|here(?:'s| is| are))\b/i.test(kept) || kept.endsWith(':');
    const keep = s > 0 && kept !== '' && !announces;
    edits.push({ start: keep ? s : 0, end: response.length, replacement, reason: 'harmful_instructions' });
    text = keep ? `${redactPii(kept).text}\n\n${replacement}` : replacement;
  } else {
    const red = redactPii(response);
    for (const f of red.findings) edits.push({ start: f.start, end: f.end, replacement: `[REDACTED_${f.kind.toUpperCase()}]`, reason: 'pii' });
    text = red.text;
    // Personal data asked for in a harmful privacy request: say why it was removed.
    if (verdict.unsafe && harmful.length > 0) text = `${text}\n\nI can't share personal data like this. ${SAFE_ALTERNATIVE.privacy}`;
  }
  return { kind: 'revised', response: text, edits };
}
