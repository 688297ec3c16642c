/**
 * Benign readings of the prompt reading beyond those of `harmIntent`: positive evidence that alarming words or
 * doubts are innocent. Each reading has an id, a scope (what it can explain) and a test over the prompt.
 * - `whole`: the whole request is a question about a past era or about what a term covers: explains everything.
 * - `setting`: the request is set in a sport or a staged scene: explains every alarm and a person as object, never
 *   a covert manner ("… in a race using stuff the vets cannot test for" is doping, race or not).
 * - `topic`: a safety, defence, victim-side, medical-care or help-seeking question: explains alarming words and a
 *   person as object, never a covert manner
 *   (the phrase, not a single word: the category cancels of harmIntent read words like "detect" or "patch").
 * - `person`: an act of care towards the person ("help my friend"): explains a person as object only.
 * - `data`: the data asked about belongs to a public body, a named public figure, a fictional character or the asker.
 * Pure.
 */

import { oneOf } from '../../text/regex-parts';
import { FIRST_PERSON, OPERATIONAL_RE, OWN_PROPERTY_RE } from '../benign-readings';
import { GROUP, PRIVATE_DATA, PROPERTY, SELF, SETTLEMENT } from '../harm-lexicon';
import { FICTIONAL_RE, PRIVATE_PERSON_RE, PUBLIC_ORG_RE, RELATION_POSSESSIVE_RE } from '../privacy-issue';
import { PAST_ERA, SAFETY_ASKS, SCREEN_CONTEXT, SPORT_CONTEXT } from '../lexicon/contexts';
import { CARE_ACTS, OTHER_PERSON, PETS } from '../lexicon/people';

export type EvidenceScope = 'whole' | 'setting' | 'topic' | 'person' | 'data';

/** What a reading sees: the masked (idioms blanked) and normalised prompt, and the original text. */
export interface ReadingInput { masked: string; norm: string; original: string; absurd: boolean }

export interface BenignEvidence { id: string; scope: EvidenceScope; test: (p: ReadingInput) => boolean }

const PAST_TENSE_RE = /\b(?:was|were|did|had|\w{3,}ed)\b/;
const SPORT_RE = new RegExp(SPORT_CONTEXT);
const SCREEN_RE = new RegExp(SCREEN_CONTEXT);
const PAST_ERA_RE = new RegExp(PAST_ERA);
const DEFINITION_ASK_RE = new RegExp(
  "^\\s*(?:what (?:constitutes|counts as)|what(?:'s| is| are) (?:the |a )?(?:\\w+ )?(?:definition|meaning) of|define)\\b[^?]{1,60}\\??\\s*$",
);
const CARE_RE = new RegExp(`\\b${CARE_ACTS} ${OTHER_PERSON}`);
const OWN_DATA_RE = new RegExp(`\\bmy (?:own |personal |current |old |new )?${oneOf(PRIVATE_DATA.map((d) => d.pattern))}`);
/** A named institution or place: an acronym ("the BBC"), "the Louvre", "of Greenpeace", "of Buckingham Palace". */
const NAMED_BODY_RE = /\s(?:[A-Z]{2,}\b|the [A-Z][a-z]+|of (?:the )?[A-Z][\w-]+)/;
/** A named person: two capitalised words or a capitalised possessive, after the first word ("Angela Merkel's"). */
const NAMED_PERSON_RE = /\s(?:[A-Z][\w.-]*(?: (?:[A-Z][\w.-]*|de|van|von|da|bin))+|[A-Z][a-z]+(?:'s|’s|s'))/;
/** Data asked about as private ("home address", "personal email"): a name alone explains nothing. */
const PRIVATE_MARK_RE = /^(?:home|private|personal|cell|mobile|residential|current|exact)\b/;
/** Records of public life, which a public figure has (an employment history, a court record, a voting record). */
const PUBLIC_LIFE_RE = /\b(?:employment|criminal|arrest|court|voting|career)\b/;
const SAFETY_RE = new RegExp(`\\b${SAFETY_ASKS}`);

/** The benign readings, in reading order. */
export const BENIGN_EVIDENCE: BenignEvidence[] = [
  // A combat sport or game as the setting ("choke an opponent in judo").
  { id: 'sport-context', scope: 'setting', test: (p) => SPORT_RE.test(p.masked) },
  // A staged or filmed scene ("stage a massacre for a TV show").
  { id: 'staged-scene', scope: 'setting', test: (p) => SCREEN_RE.test(p.masked) },
  // A question about a past war or era, not asking for a working method ("during World War I, what … killed …").
  {
    id: 'past-era', scope: 'whole',
    test: (p) => {
      const rest = p.masked.replace(PAST_ERA_RE, ' ');
      return rest !== p.masked && PAST_TENSE_RE.test(rest) && !FIRST_PERSON.test(rest) && !OPERATIONAL_RE.test(rest);
    },
  },
  // A question for what a term covers ("what constitutes …", "the general definition of …").
  { id: 'definition-question', scope: 'whole', test: (p) => DEFINITION_ASK_RE.test(p.masked) && !FIRST_PERSON.test(p.masked) },
  // A safety, defence, victim-side, medical-care or help-seeking question ("what are the signs of …", "how do I report …").
  { id: 'safety-question', scope: 'topic', test: (p) => SAFETY_RE.test(p.masked) },
  // An act of care towards the person ("help my friend", "surprise my wife").
  { id: 'care-act', scope: 'person', test: (p) => CARE_RE.test(p.masked) },
  // Data of a public body ("the White House", "Apple's customer service").
  { id: 'public-body', scope: 'data', test: (p) => PUBLIC_ORG_RE.test(p.masked) },
  // Data of a fictional character ("Naruto's medical records").
  { id: 'fictional-figure', scope: 'data', test: (p) => FICTIONAL_RE.test(p.masked) },
  // The asker's own data ("my own medical records").
  { id: 'own-data', scope: 'data', test: (p) => OWN_DATA_RE.test(p.masked) },
];

/**
 * A named subject explains one private-data alarm: a named institution ("the email address of Greenpeace") for data
 * not asked about as private, or a named person for records of public life ("Angela Merkel's employment history").
 * A name is no evidence that a person is public: "What is Jane Doe's home address?" stays uncertain.
 */
export function namedSubject(p: ReadingInput, alarmText: string): 'named-body' | 'public-figure' | null {
  if (PRIVATE_PERSON_RE.test(p.masked) || RELATION_POSSESSIVE_RE.test(p.masked) || PRIVATE_MARK_RE.test(alarmText)) return null;
  if (NAMED_BODY_RE.test(p.original)) return 'named-body';
  return NAMED_PERSON_RE.test(p.original) && PUBLIC_LIFE_RE.test(alarmText) ? 'public-figure' : null;
}

const STOP_RE = /[?.!,;:]| and | so | but | because | while /;
const NO_OBJECT_RE = /^(?:it|this|that|them|him|her|me|myself|yourself|himself|herself|themselves|one|someone|somebody|anyone|people)\b/;
const PERSON_OR_PET_RE = new RegExp(`\\b(?:${OTHER_PERSON}|${PETS}|${SELF})(?![\\w-])|\\w+'s\\b`);
/** A building, vehicle or place where people are, not introduced as the asker's ("my car" is the asker's). */
const OTHERS_PROPERTY_RE = new RegExp(`(?<!\\b(?:my|our)(?: own)? (?:[\\w-]+ )?)\\b(?:${PROPERTY}|${SETTLEMENT})s?\\b`);
const OWN_THING_BEFORE_RE = /\bmy (?:own )?(?:[\w-]+ )?$/;

/**
 * Safe target: the act's object, the words after it up to the end of the clause, is a thing ("kill a Python
 * process", "smash a piñata"), or the asker owns it ("an old building on some property I own"). No object, a
 * person, a pet or someone else's belongings is no safe target.
 */
export function safeTarget(p: ReadingInput, alarmEnd: number): boolean {
  if (OWN_PROPERTY_RE.test(p.norm)) return true;
  const rest = p.masked.slice(alarmEnd, alarmEnd + 80);
  const clause = rest.split(STOP_RE)[0].trim();
  if (clause === '' || NO_OBJECT_RE.test(clause)) return false;
  if (/^(?:my|our) /.test(clause)) return !PERSON_OR_PET_RE.test(clause);
  return !PERSON_OR_PET_RE.test(clause) && !OTHERS_PROPERTY_RE.test(` ${clause}`);
}

const TOOL_USE_RE = /^ (?:for|to) (\w+)/;

/** A tool bought or used for a task on a thing ("a knife for carving wood", "a rifle for hunting deer"). */
export function toolUse(p: ReadingInput, end: number): boolean {
  const m = TOOL_USE_RE.exec(p.masked.slice(end, end + 60));
  return m !== null && !/^(?:protection|defen[cs]e|self-defen[cs]e)$/.test(m[1]) && safeTarget(p, end + m[0].length);
}

/** The alarming thing is introduced as the asker's own ("my lock", "my own safe", "my alarm clock"). */
export function ownThing(p: ReadingInput, start: number): boolean {
  return OWN_THING_BEFORE_RE.test(p.masked.slice(Math.max(0, start - 24), start));
}

const COMPOUND_BEFORE_RE = /\b(?:(?:my|your|our|the|a|an) (?:[\w-]+ ){1,2}|(?:can|bottle|glass|cup|pint|mug|crate|case|diet) (?:of )?)$/;
const NOUN_AFTER_RE = /^ (?:in|on|of|limit|up|plant|plants|roast|luck|zero|can|bottle|bump)\b/;

/** A homonym used as an everyday noun: a compound ("my internet speed") or a noun before a preposition ("a crack in"). */
export function homonymNoun(p: ReadingInput, start: number, end: number): boolean {
  return COMPOUND_BEFORE_RE.test(p.masked.slice(Math.max(0, start - 30), start)) || NOUN_AFTER_RE.test(p.masked.slice(end, end + 12));
}

const VERB_OBJECT_RE = /^ (?:my|our|your|the|a|an|this|that|open|up)\b/;

/** A homonym used as a verb on a thing ("weed my garden", "crack open a beer", "crack the code"). */
export function homonymVerb(p: ReadingInput, end: number): boolean {
  return VERB_OBJECT_RE.test(p.masked.slice(end, end + 8)) && safeTarget(p, end);
}

const JUSTIFY_SUBJECT_RE = /^why (?:should(?:n't)?|must|ought) ([\w' -]+?) (?:not|never|be)$/;
const PEOPLE_IN_RE = new RegExp(`\\b(?:${OTHER_PERSON}|${GROUP})(?![\\w-])`);

/**
 * The subject of a "why should X not …" question is not people ("Asian pears", "turnips"): its head word is a
 * lower-case common noun and no person or group word is in it. A capitalised head ("Sikhs") reads as people.
 */
export function nonHumanSubject(p: ReadingInput, start: number, end: number): boolean {
  const m = JUSTIFY_SUBJECT_RE.exec(p.masked.slice(start, end));
  if (!m) return false;
  const subjectOriginal = p.original.slice(start, end).slice(m[0].indexOf(m[1]), m[0].indexOf(m[1]) + m[1].length);
  const head = subjectOriginal.trim().split(' ').pop() ?? '';
  return !/^[A-Z]/.test(head) && !PEOPLE_IN_RE.test(m[1]) && !/^(?:we|they|you|i|society|governments?)$/.test(m[1]);
}
