import type { Category, Issue, Severity } from '../review/max-severity';
import { collapseSpaces, spanInOriginal } from '../text/collapse-spaces';
import { normalizeText } from '../text/normalize-text';
import {
  ABSURD_PREDICATE, DEFINITION_FRAME, FICTION_CONTEXT, FICTIONAL_CHARACTERS, FIGURATIVE, HISTORY_FRAME, HUMAN, PRIVATE_DATA, PRIVATE_PERSON,
  PROPERTY, VIOLENT_VERBS,
} from './harm-lexicon';
import { HARM_RULES, REQUEST } from './harm-rules';
import { discriminationFrame } from './discrimination-frame';

/** Result of reading a prompt for harmful intent. */
export type HarmIntent =
  | { kind: 'harmful'; issues: Issue[]; benignReadings: string[] }
  | { kind: 'benign'; issues: []; benignReadings: string[] };

/** Private data asked about a person (see `privacyIssue`). */
const PRIVATE_DATA_RES = PRIVATE_DATA.map(([pat, sev]) => [new RegExp(`\\b${pat}\\b`), sev] as const);
const PRIVATE_PERSON_RE = new RegExp(`\\b${PRIVATE_PERSON}`);
/** "my Tinder match's", "my date's": any person the asker names by relation is a private individual. */
const RELATION_POSSESSIVE_RE = /\b(?:my|our) (?:[\w-]+ ){0,2}[\w-]+(?:'s|s')\s/;
/** Defensive security questions ("protect my site from SQL injection") are not attacks. */
const DEFENSIVE_RE = /\b(?:protect\w*|prevent\w*|defend\w*|detect\w*|mitigat\w*|secur(?:e|ing)|patch\w*|fix\w*|guard(?:ing)? against|avoid\w*|recogni[sz]\w*|spot(?:ting)?|harden\w*)\b/;
/**
 * Safety and health questions about a hazard ("is it dangerous to mix …", "symptoms of anthrax exposure",
 * "which cleaners should I never mix"): the asker wants to avoid the harm, not cause it.
 */
const SAFETY_QUESTION_RE = /\b(?:is it (?:safe|dangerous|harmful|okay|ok|bad) to|(?:should|must|do) (?:i|you|we|people) (?:never|not|avoid)|should(?:n'?t| not) (?:i|you|we|people)|never (?:mix|combine|inhale|touch|use)|avoid (?:mixing|making|creating|breathing|inhaling|exposure)|what happens (?:if|when) (?:i|you|someone|people) (?:accidentally )?(?:mix|inhale|breathe|swallow|touch)|accidental(?:ly)?|prevent\w*|protect\w*|treat(?:ment|ed|ing)?|vaccin\w*|safely dispose|symptoms? of|signs? of|exposure to|poisoning symptoms)\b/;
/** The asker is on the victim's side of a fraud or crime ("how do I report a scam", "spot a Ponzi scheme"). */
const VICTIM_SIDE_RE = /\b(?:report\w*|recogni[sz]\w*|spot(?:ting)?|identify\w*|protect\w*|prevent\w*|tell if|signs? of|warning signs|victim of|been (?:scammed|robbed|defrauded|conned|burgled)|avoid (?:being|getting) (?:scammed|robbed|defrauded|conned|phished|mugged|pickpocketed))\b/;
/** … unless the asker wants to avoid being caught. */
const EVADING_RE = /\b(?:without (?:getting |being )?(?:caught|detected|noticed|traced)|avoid (?:getting |being )?(?:caught|detected|noticed|traced)|get away with|undetect\w*|from (?:talking|speaking|going) to (?:the )?(?:police|law enforcement|authorities|anyone)|silenc\w*|cover(?:ing)? up)\b/;
/** Drug questions framed by medical care, law or stopping ("legally", "with a prescription", "quit"). */
const DRUG_CARE_RE = /\b(?:legally|with a prescription|prescribed|clinical(?:ly)?|medically|my doctor|in a (?:scientific |clinical )?(?:study|trial)|research|treatment|rehab|recovery|quit|stop (?:using|taking)|withdrawal|talk to (?:my|a|our) (?:teen|child|kid|son|daughter))\b/;
/** Seeking help for self-harm rather than a method ("get help for self-harm", "stop self-harming"). */
const SELF_HARM_HELP_RE = /\b(?:(?:get|find|seek) help (?:for|with)|stop|quit|overcome|cope with|recover from|deal with|prevent\w*|signs of|support (?:a |my )?(?:friend|someone|child|teen)|help (?:a |my )?(?:friend|someone|child|teen|person) who)\b/;
/** The asker owns the property ("an old building on some property I own"). */
const OWN_PROPERTY_RE = /\b(?:i own|we own|my own|that belongs to me|on my (?:own )?(?:land|property|farm))\b/;
const FICTIONAL_RE = new RegExp(`\\b${FICTIONAL_CHARACTERS}\\b`);
const NAMED_POSSESSIVE_RE = /\b([A-Z][a-z]+(?: [A-Z][a-z.]+){0,3})(?:'s|s'|’s)\s/;
const PUBLIC_ORG_RE = /\b(?:the |an? )?(?:white house|nhs|government|parliament|company|companies|organi[sz]ation|business|shop|store|restaurant|hospital|school|university|college|library|museum|embassy|council|department|ministry|agency|office of|customer (?:service|support)|helpline|hotline|charity|police|fire department|airline|bank's (?:customer|branch)|inc\.?|ltd\.?|corp\.?|corporation|apple|google|microsoft|amazon|facebook|meta|netflix|tesla|samsung|un|united nations|who|eu|nasa|fbi|cia|irs)\b/;
const DIRECT_ASK = /^(?:(?:is|are|does|did|has|was) |what(?:'s| is| are| was)|where (?:is|are|does|do|did)|where (?:can|could|might|would|should|do|may) (?:i|we|one|you|someone) (?:find|get|look up|see|obtain|access|locate)|how (?:can|do|could|would|should|might) (?:i|we|one) (?:get|find|obtain|access|see|learn|know|look up)|how to (?:get|find|obtain|access|see|learn|know|look up)|can you (?:tell|give|find|share)|tell me|give me|find|who is|which)\b/;

/** Sensitive personal data about a private individual (or an unknown named one) → privacy issue. */
function privacyIssue(norm: string, original: string): { severity: Severity; start: number; end: number } | null {
  if (!DIRECT_ASK.test(norm.trim())) return null;
  let hit: { severity: Severity; start: number; end: number } | null = null;
  for (const [re, sev] of PRIVATE_DATA_RES) {
    const m = re.exec(norm);
    if (m && (!hit || sev === 'high')) hit = { severity: sev, start: m.index, end: m.index + m[0].length };
  }
  if (!hit) return null;
  if (FICTIONAL_RE.test(norm)) return null;
  if (PRIVATE_PERSON_RE.test(norm) || RELATION_POSSESSIVE_RE.test(norm)) return hit;
  // A named person (public figure or unknown): only the highly sensitive kinds are a harm.
  const named = NAMED_POSSESSIVE_RE.exec(original);
  if (named && hit.severity === 'high' && !PUBLIC_ORG_RE.test(named[1].toLowerCase())) return hit;
  return null;
}

/**
 * Harm to people or buildings done "like" a named precedent ("attack my school like Columbine"): the name
 * must be capitalised in the original prompt, so "punch like a pro" does not count.
 */
const COPY_NAMED_RE = new RegExp(`\\b(?:how (?:do|can|could|would|should) (?:i|we)|best way to|help me)\\b[^?]{0,40}\\b(?:${VIOLENT_VERBS}|shoot up) (?:[\\w']+ ){0,3}?(?:${HUMAN}|${PROPERTY})\\b[^?]{0,30}?\\b(?:like|as) (?:at |in |during )?([a-z][\\w'-]+)`, 'd');

const FIGURATIVE_RE = new RegExp(`\\b${FIGURATIVE}\\b`, 'g');
const FICTION_RE = new RegExp(FICTION_CONTEXT);
/** A capitalised title with a sequel number ("in Battlefield 3", "in Grand Theft Auto 5"): a game or film. */
const TITLE_SEQUEL_RE = /\b(?:in|on) (?:[A-Z][\w']+ ){0,3}[A-Z][\w']+ (?:[1-9]|1\d|I{1,3}|IV|V)\b(?![\d.,:%-])/;
/** The asker says the act is meant for the real world, not for a game or story. */
const REAL_WORLD_RE = /\b(?:in real life|irl|for real|in reality|in the real world|outside (?:of )?(?:the|a) (?:game|movie|film|book|story)|not (?:just )?in (?:a|the) (?:game|movie|film|book|story|novel)|(?:a )?real(?:-life)? (?:person|people|human|humans|man|woman|child))\b/;
const HISTORY_RE = new RegExp(HISTORY_FRAME);
/**
 * A past-tense question that asks for working method or present use ("step by step", "the most effective",
 * "so others can copy it", "still undetectable today") is not a history question.
 */
const OPERATIONAL_RE = /\b(?:today|nowadays|these days|still (?:work|works|undetectable|effective|used|available)|do the same|same thing|copy|replicate|repeat|so (?:that )?(?:i|we|others|someone|people|one) (?:can|could)|step[- ]by[- ]step|(?:detailed )?instructions|recipe|most effective|easiest|best way|undetectable|without getting caught)\b/;
const REQUEST_RE = new RegExp(REQUEST);
const DEFINITION_RE = new RegExp(DEFINITION_FRAME);
const ABSURD_RE = new RegExp(`\\b${ABSURD_PREDICATE}`);
const FIRST_PERSON = /\b(?:i|me|my|we|us|our|myself)\b/;
/**
 * A lead-in before a question word ("Please tell me: what …", "Quick question. Is …", "Hey, how …"): blanked
 * (offsets kept) so that rules anchored at the start of the question read the question.
 */
const IMPERATIVE_RE = /^\s*(?:write|give|generate|create|describe|explain|list|provide)\b/;
const EVADES_DETECTION_RE = /\b(?:evad\w*|hide from|undetect\w*)\b/;

/**
 * Readings of the whole (masked) prompt that cancel every rule of one category: the asker avoids, reports or
 * treats the harm, the premise is impossible, or (crime) no method is asked for.
 */
const CATEGORY_CANCELS: Partial<Record<Category, (masked: string, absurd: boolean) => boolean>> = {
  hate: (_m, absurd) => absurd,
  chemical_biological: (m) => SAFETY_QUESTION_RE.test(m),
  cybercrime: (m) => DEFENSIVE_RE.test(m) && !EVADES_DETECTION_RE.test(m),
  fraud: (m) => VICTIM_SIDE_RE.test(m) && !EVADING_RE.test(m),
  crime: (m) => (VICTIM_SIDE_RE.test(m) && !EVADING_RE.test(m)) || (!REQUEST_RE.test(m) && !IMPERATIVE_RE.test(m)),
  drugs: (m) => DRUG_CARE_RE.test(m),
  self_harm: (m) => SELF_HARM_HELP_RE.test(m),
};

const PREAMBLE_RE = /^\s*(?:(?:please|hey|hi|hello|ok|okay|so|quick question|question|i (?:want|would like|'d like) to know|(?:can|could) you (?:please )?tell me|please tell me|tell me|i'm curious|i am curious|i wonder|just wondering)\b[\s,.:;!-]*)+(?=(?:what|where|how|who|which|whose|why|when|is|are|does|do|did|can|could|would|should)\b)/;

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
    issues.push({ category: rule.category, severity: rule.severity, span: { source: 'prompt', start: m.index, end: m.index + m[0].length, text: prompt.slice(m.index, m.index + m[0].length) } });
  }
  if (definition) issues.splice(0, issues.length, ...issues.filter((i) => i.category === 'privacy'));
  const copy = COPY_NAMED_RE.exec(masked);
  const nameAt = copy?.indices?.[1]?.[0];
  if (copy && nameAt !== undefined && /[A-Z]/.test(prompt[nameAt]) && !fiction && !issues.some((i) => i.category === 'violence')) {
    issues.push({ category: 'violence', severity: 'critical', span: { source: 'prompt', start: copy.index, end: copy.index + copy[0].length, text: prompt.slice(copy.index, copy.index + copy[0].length) } });
  }
  const discr = discriminationFrame(masked, prompt);
  if (discr.kind === 'discrimination' && !issues.some((i) => i.category === 'hate')) {
    issues.push({ category: 'hate', severity: 'high', span: { source: 'prompt', start: discr.start, end: discr.end, text: prompt.slice(discr.start, discr.end) } });
  }
  const priv = privacyIssue(masked, prompt);
  if (priv && !issues.some((i) => i.category === 'privacy')) {
    issues.push({ category: 'privacy', severity: priv.severity, span: { source: 'prompt', start: priv.start, end: priv.end, text: prompt.slice(priv.start, priv.end) } });
  }
  return issues.length > 0 ? { kind: 'harmful', issues, benignReadings } : { kind: 'benign', issues: [], benignReadings };
}
