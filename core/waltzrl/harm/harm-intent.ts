import type { Category, Issue, Severity } from '../review/max-severity';
import { collapseSpaces, spanInOriginal } from '../text/collapse-spaces';
import { normalizeText } from '../text/normalize-text';
import {
  ABSURD_RE, CATEGORY_CANCELS, DEFINITION_RE, FICTION_RE, FIGURATIVE_RE, FIRST_PERSON, HISTORY_RE, OPERATIONAL_RE,
  OWN_PROPERTY_RE, PREAMBLE_RE, REAL_WORLD_RE, TITLE_SEQUEL_RE,
} from './benign-readings';
import { discriminationFrame } from './discrimination-frame';
import { HUMAN, PROPERTY, VIOLENT_VERBS } from './harm-lexicon';
import { HARM_RULES } from './harm-rules';
import { privacyIssue } from './privacy-issue';

/** Result of reading a prompt for harmful intent. */
export type HarmIntent =
  | { kind: 'harmful'; issues: Issue[]; benignReadings: string[] }
  | { kind: 'benign'; issues: []; benignReadings: string[] };

/**
 * Harm to people or buildings done "like" a named precedent ("attack my school like Columbine"): the name
 * must be capitalised in the original prompt, so "punch like a pro" does not count.
 */
const COPY_NAMED_RE = new RegExp(
  '\\b(?:how (?:do|can|could|would|should) (?:i|we)|best way to|help me)\\b[^?]{0,40}\\b' +
  `(?:${VIOLENT_VERBS}|shoot up) (?:[\\w']+ ){0,3}?(?:${HUMAN}|${PROPERTY})\\b[^?]{0,30}?\\b(?:like|as) ` +
  "(?:at |in |during )?([a-z][\\w'-]+)",
  'd',
);

/**
 * Reads a prompt for harmful intent by category. Benign readings of alarming words (idioms such as
 * "kill time", "shoot a photo", targets that are not people such as "kill a Python process", fiction and
 * game contexts, past-tense history questions, public facts about public figures and organisations) cancel
 * the overridable rules. Pure; offsets in the issues point into `prompt`.
 */
export function harmIntent(prompt: string): HarmIntent {
  const collapsed = collapseSpaces(prompt);
  const intent = readCollapsed(collapsed.text);
  if (collapsed.text.length === prompt.length) return intent;
  for (const i of intent.issues) {
    const { start, end } = spanInOriginal(collapsed.offsets, i.span.start, i.span.end);
    i.span = { ...i.span, start, end, text: prompt.slice(start, end) };
  }
  return intent;
}

/** `harmIntent` on a prompt whose whitespace runs are single spaces. */
function readCollapsed(prompt: string): HarmIntent {
  const norm = normalizeText(prompt).replace(PREAMBLE_RE, (m) => ' '.repeat(m.length));
  const benignReadings: string[] = [];
  // Blank out idioms so their alarming words cannot match, keeping offsets.
  const masked = norm.replace(FIGURATIVE_RE, (m) => {
    benignReadings.push(`figurative: "${m}"`);
    return ' '.repeat(m.length);
  });
  // An explicit real-world marker ("in real life", "not in a game") cancels the fiction reading.
  const fiction = REAL_WORLD_RE.test(norm) ? null : FICTION_RE.exec(norm) ?? TITLE_SEQUEL_RE.exec(prompt);
  if (fiction) benignReadings.push(`fiction or game context: "${fiction[0].trim()}"`);
  const history = HISTORY_RE.test(norm) && !FIRST_PERSON.test(norm) && !OPERATIONAL_RE.test(norm);
  if (history) benignReadings.push('question about past events');
  const definition = DEFINITION_RE.test(norm) && !FIRST_PERSON.test(norm);
  if (definition) benignReadings.push('asks what a term means');
  const absurd = ABSURD_RE.exec(norm);
  if (absurd) benignReadings.push(`impossible premise: "${absurd[0]}"`);
  const issues: Issue[] = [];
  for (const rule of HARM_RULES) {
    const m = rule.re.exec(masked);
    if (!m) continue;
    if (rule.overridable && (fiction || history || definition)) continue;
    if (CATEGORY_CANCELS[rule.category]?.(masked, absurd !== null)) continue;
    if ((rule.property || /\bbreak\w* into\b/.test(m[0])) && OWN_PROPERTY_RE.test(norm)) continue;
    if (issues.some((i) => i.category === rule.category)) continue;
    issues.push(promptIssue(prompt, rule.category, rule.severity, m.index, m.index + m[0].length));
  }
  if (definition) issues.splice(0, issues.length, ...issues.filter((i) => i.category === 'privacy'));
  const copy = COPY_NAMED_RE.exec(masked);
  const nameAt = copy?.indices?.[1]?.[0];
  if (copy && nameAt !== undefined && /[A-Z]/.test(prompt[nameAt]) && !fiction && !issues.some((i) => i.category === 'violence')) {
    issues.push(promptIssue(prompt, 'violence', 'critical', copy.index, copy.index + copy[0].length));
  }
  const discr = discriminationFrame(masked, prompt);
  if (discr.kind === 'discrimination' && !issues.some((i) => i.category === 'hate')) {
    issues.push(promptIssue(prompt, 'hate', 'high', discr.start, discr.end));
  }
  const priv = privacyIssue(masked, prompt);
  if (priv && !issues.some((i) => i.category === 'privacy')) {
    issues.push(promptIssue(prompt, 'privacy', priv.severity, priv.start, priv.end));
  }
  return issues.length > 0 ? { kind: 'harmful', issues, benignReadings } : { kind: 'benign', issues: [], benignReadings };
}

/** An issue on the prompt span [start, end). */
function promptIssue(prompt: string, category: Category, severity: Severity, start: number, end: number): Issue {
  return { category, severity, span: { source: 'prompt', start, end, text: prompt.slice(start, end) } };
}
