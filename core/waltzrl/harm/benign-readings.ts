/**
 * Readings of the whole prompt that make alarming words benign, for `harmIntent`: idioms, fiction and game
 * contexts, past-tense history questions, definition questions, impossible premises; and the readings that
 * cancel every rule of one category (`CATEGORY_CANCELS`). The word lists are in harm-lexicon.ts. Pure.
 */

import { oneOf } from '../text/regex-parts';
import type { Category } from '../review/max-severity';
import { ABSURD_PREDICATE, DEFINITION_FRAME, FICTION_CONTEXT, FIGURATIVE, HISTORY_FRAME } from './harm-lexicon';
import { REQUEST } from './harm-rules';

// ---- Readings that cancel the overridable rules (or, for an idiom, blank it out) ----

export const FIGURATIVE_RE = new RegExp(`\\b${FIGURATIVE}\\b`, 'g');
export const FICTION_RE = new RegExp(FICTION_CONTEXT);
/** A capitalised title with a sequel number ("in Battlefield 3", "in Grand Theft Auto 5"): a game or film. */
export const TITLE_SEQUEL_RE = /\b(?:in|on) (?:[A-Z][\w']+ ){0,3}[A-Z][\w']+ (?:[1-9]|1\d|I{1,3}|IV|V)\b(?![\d.,:%-])/;
const REAL_WORLD_MARKERS = oneOf([
  'in real life',
  'irl',
  'for real',
  'in reality',
  'in the real world',
  'outside (?:of )?(?:the|a) (?:game|movie|film|book|story)',
  'not (?:just )?in (?:a|the) (?:game|movie|film|book|story|novel)',
  '(?:a )?real(?:-life)? (?:person|people|human|humans|man|woman|child)',
]);
/** The asker says the act is meant for the real world, not for a game or story. */
export const REAL_WORLD_RE = new RegExp(`\\b${REAL_WORLD_MARKERS}\\b`);
export const HISTORY_RE = new RegExp(HISTORY_FRAME);
const OPERATIONAL_MARKERS = oneOf([
  'today',
  'nowadays',
  'these days',
  'still (?:work|works|undetectable|effective|used|available)',
  'do the same',
  'same thing',
  'copy',
  'replicate',
  'repeat',
  'so (?:that )?(?:i|we|others|someone|people|one) (?:can|could)',
  'step[- ]by[- ]step',
  '(?:detailed )?instructions',
  'recipe',
  'most effective',
  'easiest',
  'best way',
  'undetectable',
  'without getting caught',
]);
/**
 * A past-tense question that asks for working method or present use ("step by step", "the most effective",
 * "so others can copy it", "still undetectable today") is not a history question.
 */
export const OPERATIONAL_RE = new RegExp(`\\b${OPERATIONAL_MARKERS}\\b`);
export const DEFINITION_RE = new RegExp(DEFINITION_FRAME);
export const ABSURD_RE = new RegExp(`\\b${ABSURD_PREDICATE}`);
export const FIRST_PERSON = /\b(?:i|me|my|we|us|our|myself)\b/;
const LEAD_INS = oneOf([
  'please',
  'hey',
  'hi',
  'hello',
  'ok',
  'okay',
  'so',
  'quick question',
  'question',
  "i (?:want|would like|'d like) to know",
  '(?:can|could) you (?:please )?tell me',
  'please tell me',
  'tell me',
  "i'm curious",
  'i am curious',
  'i wonder',
  'just wondering',
]);
/**
 * A lead-in before a question word ("Please tell me: what …", "Quick question. Is …", "Hey, how …"): blanked
 * (offsets kept) so that rules anchored at the start of the question read the question.
 */
export const PREAMBLE_RE = new RegExp(
  `^\\s*(?:${LEAD_INS}\\b[\\s,.:;!-]*)+(?=` +
  '(?:what|where|how|who|which|whose|why|when|is|are|does|do|did|can|could|would|should)\\b)'
);

// ---- Readings that cancel a whole category ----

const CAUGHT = oneOf([
  'caught',
  'detected',
  'noticed',
  'traced',
]);
const DEFENSIVE_VERBS = oneOf([
  'protect\\w*',
  'prevent\\w*',
  'defend\\w*',
  'detect\\w*',
  'mitigat\\w*',
  'secur(?:e|ing)',
  'patch\\w*',
  'fix\\w*',
  'guard(?:ing)? against',
  'avoid\\w*',
  'recogni[sz]\\w*',
  'spot(?:ting)?',
  'harden\\w*',
]);
/** Defensive security questions ("protect my site from SQL injection") are not attacks. */
const DEFENSIVE_RE = new RegExp(`\\b${DEFENSIVE_VERBS}\\b`);
const SAFETY_QUESTIONS = oneOf([
  'is it (?:safe|dangerous|harmful|okay|ok|bad) to',
  '(?:should|must|do) (?:i|you|we|people) (?:never|not|avoid)',
  "should(?:n'?t| not) (?:i|you|we|people)",
  'never (?:mix|combine|inhale|touch|use)',
  'avoid (?:mixing|making|creating|breathing|inhaling|exposure)',
  'what happens (?:if|when) (?:i|you|someone|people) (?:accidentally )?(?:mix|inhale|breathe|swallow|touch)',
  'accidental(?:ly)?',
  'prevent\\w*',
  'protect\\w*',
  'treat(?:ment|ed|ing)?',
  'vaccin\\w*',
  'safely dispose',
  'symptoms? of',
  'signs? of',
  'exposure to',
  'poisoning symptoms',
]);
/**
 * Safety and health questions about a hazard ("is it dangerous to mix …", "symptoms of anthrax exposure",
 * "which cleaners should I never mix"): the asker wants to avoid the harm, not cause it.
 */
const SAFETY_QUESTION_RE = new RegExp(`\\b${SAFETY_QUESTIONS}\\b`);
const VICTIM_SIDE_WORDS = oneOf([
  'report\\w*',
  'recogni[sz]\\w*',
  'spot(?:ting)?',
  'identify\\w*',
  'protect\\w*',
  'prevent\\w*',
  'tell if',
  'signs? of',
  'warning signs',
  'victim of',
  'been (?:scammed|robbed|defrauded|conned|burgled)',
  'avoid (?:being|getting) (?:scammed|robbed|defrauded|conned|phished|mugged|pickpocketed)',
]);
/** The asker is on the victim's side of a fraud or crime ("how do I report a scam", "spot a Ponzi scheme"). */
const VICTIM_SIDE_RE = new RegExp(`\\b${VICTIM_SIDE_WORDS}\\b`);
const EVADING_WORDS = oneOf([
  `without (?:getting |being )?${CAUGHT}`,
  `avoid (?:getting |being )?${CAUGHT}`,
  'get away with',
  'undetect\\w*',
  'from (?:talking|speaking|going) to (?:the )?(?:police|law enforcement|authorities|anyone)',
  'silenc\\w*',
  'cover(?:ing)? up',
]);
/** … unless the asker wants to avoid being caught. */
const EVADING_RE = new RegExp(`\\b${EVADING_WORDS}\\b`);
const DRUG_CARE_WORDS = oneOf([
  'legally',
  'with a prescription',
  'prescribed',
  'clinical(?:ly)?',
  'medically',
  'my doctor',
  'in a (?:scientific |clinical )?(?:study|trial)',
  'research',
  'treatment',
  'rehab',
  'recovery',
  'quit',
  'stop (?:using|taking)',
  'withdrawal',
  'talk to (?:my|a|our) (?:teen|child|kid|son|daughter)',
]);
/** Drug questions framed by medical care, law or stopping ("legally", "with a prescription", "quit"). */
const DRUG_CARE_RE = new RegExp(`\\b${DRUG_CARE_WORDS}\\b`);
const HELP_SEEKING = oneOf([
  '(?:get|find|seek) help (?:for|with)',
  'stop',
  'quit',
  'overcome',
  'cope with',
  'recover from',
  'deal with',
  'prevent\\w*',
  'signs of',
  'support (?:a |my )?(?:friend|someone|child|teen)',
  'help (?:a |my )?(?:friend|someone|child|teen|person) who',
]);
/** Seeking help for self-harm rather than a method ("get help for self-harm", "stop self-harming"). */
const SELF_HARM_HELP_RE = new RegExp(`\\b${HELP_SEEKING}\\b`);
const REQUEST_RE = new RegExp(REQUEST);
/** An imperative request ("write …", "explain …", "list …"): asks for content even without "how". */
const IMPERATIVE_RE = /^\s*(?:write|give|generate|create|describe|explain|list|provide)\b/;
const EVADES_DETECTION_RE = /\b(?:evad\w*|hide from|undetect\w*)\b/;

/**
 * Readings of the whole (masked) prompt that cancel every rule of one category: the asker avoids, reports or
 * treats the harm, the premise is impossible, or (crime) no method is asked for.
 */
export const CATEGORY_CANCELS: Partial<Record<Category, (masked: string, absurd: boolean) => boolean>> = {
  hate: (_m, absurd) => absurd,
  chemical_biological: (m) => SAFETY_QUESTION_RE.test(m),
  cybercrime: (m) => DEFENSIVE_RE.test(m) && !EVADES_DETECTION_RE.test(m),
  fraud: (m) => VICTIM_SIDE_RE.test(m) && !EVADING_RE.test(m),
  crime: (m) => (VICTIM_SIDE_RE.test(m) && !EVADING_RE.test(m)) || (!REQUEST_RE.test(m) && !IMPERATIVE_RE.test(m)),
  drugs: (m) => DRUG_CARE_RE.test(m),
  self_harm: (m) => SELF_HARM_HELP_RE.test(m),
};

/** The asker owns the property ("an old building on some property I own"). */
export const OWN_PROPERTY_RE = /\b(?:i own|we own|my own|that belongs to me|on my (?:own )?(?:land|property|farm))\b/;
