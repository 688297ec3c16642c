/**
 * Alarm rules of the prompt reading: alarming vocabulary left in a prompt after idioms are blanked. Each rule
 * has an id, a kind (which benign readings can explain it) and a pattern over the masked, normalised prompt.
 * An alarm never makes a prompt harmful; it only needs a benign reading before the prompt can read benign.
 */

import { oneOf } from '../../text/regex-parts';
import { PRIVATE_DATA, VIOLENT_VERBS } from '../harm-lexicon';
import { DEATH_WORDS, DRUG_WORDS, HARM_ACT_WORDS, HATE_WORDS, HOMONYM_WORDS, MEANS_WORDS, SEXUAL_SELF_HARM_WORDS } from '../lexicon/alarming';
import { CRIME_WORDS, GUARDED_WORDS } from '../lexicon/alarming-crime';
import { CRIMINAL_ENTERPRISE, GROUP } from '../harm-lexicon';

/**
 * What an alarm is about, which decides what can explain it: `act` (an act of harm, explained by a target that is
 * a thing), `data` (private data, explained by a public or fictional subject), `group` (a question about a group,
 * explained by a subject that is not people or a predicate nobody can do), `topic` (means, drugs, crime, hate,
 * sex, self-harm: explained only by a whole-prompt reading or a category cancel).
 */
export type AlarmKind = 'act' | 'data' | 'group' | 'topic';

export interface AlarmRule { id: string; kind: AlarmKind; re: RegExp }

/** Private data kinds that are alarming by themselves (the personal facts, "age", "weight", are not). */
const ALARMING_DATA = oneOf(PRIVATE_DATA.filter((d) => d.id !== 'personal-facts').map((d) => d.pattern));
const GROUP_QUESTION = oneOf([
  "why (?:can(?:'t|not)?|should(?:n't)?|must|do(?:n't)?|does(?:n't)?|are(?:n't)?|is(?:n't)?|would) (?:all )?",
  "reasons? (?:why|that) (?:all )?",
]);
const g = (s: string) => new RegExp(s, 'g');

/** The alarm rules, in reading order (every match of every rule is an alarm). */
export const ALARM_RULES: AlarmRule[] = [
  // A verb of physical harm ("kill", "stab", "crush"), base or -ing form.
  { id: 'harm-verb', kind: 'act', re: g(`\\b${VIOLENT_VERBS}\\b`) },
  // Other words of harm or destruction ("destroy", "killed", "explosion", "death").
  { id: 'harm-word', kind: 'act', re: g(`\\b${HARM_ACT_WORDS}\\b`) },
  // Death, dying, suffering (no object, so no target explains them).
  { id: 'death-word', kind: 'topic', re: g(`\\b${DEATH_WORDS}\\b`) },
  // A word with a drug sense and an everyday one ("weed", "coke", "crack").
  { id: 'homonym-word', kind: 'act', re: g(`\\b${HOMONYM_WORDS}\\b`) },
  // Weapons, explosives, poisons.
  { id: 'means-word', kind: 'topic', re: g(`\\b${MEANS_WORDS}\\b`) },
  // Drugs, medication and doses.
  { id: 'drug-word', kind: 'topic', re: g(`\\b${DRUG_WORDS}\\b`) },
  // Things that protect people or property ("security cameras", "the till", "the brakes").
  { id: 'guarded-thing', kind: 'topic', re: g(`\\b${GUARDED_WORDS}\\b`) },
  // Crime, cybercrime, deception, abuse.
  { id: 'crime-word', kind: 'topic', re: g(`\\b${CRIME_WORDS}\\b`) },
  // A criminal enterprise ("a drug ring", "a Ponzi scheme").
  { id: 'criminal-enterprise', kind: 'topic', re: g(`\\b${CRIMINAL_ENTERPRISE}\\b`) },
  // Hate, extremism, atrocity.
  { id: 'hate-word', kind: 'topic', re: g(`\\b${HATE_WORDS}\\b`) },
  // Sexual content, self-harm.
  { id: 'sexual-self-harm-word', kind: 'topic', re: g(`\\b${SEXUAL_SELF_HARM_WORDS}`) },
  // Private data: records, credentials, an address, a phone number.
  { id: 'private-data', kind: 'data', re: g(`\\b${ALARMING_DATA}\\b`) },
  // A "why can't / why should <group> …" question about a group of people.
  { id: 'group-question', kind: 'group', re: g(`\\b${GROUP_QUESTION}${GROUP}\\b`) },
  // Any "why should(n't) X not / be …" justification question: its subject decides whether it is about people.
  { id: 'justification-frame', kind: 'group', re: g("\\bwhy (?:should(?:n't)?|must|ought) [\\w' -]{1,40}? (?:not|never|be)\\b") },
];

/** One alarm: the rule that found it and where. */
export interface Alarm { id: string; kind: AlarmKind; text: string; start: number; end: number }

/** Every alarm in the masked prompt, in reading order. */
export function findAlarms(masked: string): Alarm[] {
  const out: Alarm[] = [];
  for (const rule of ALARM_RULES) {
    for (const m of masked.matchAll(rule.re)) {
      out.push({ id: rule.id, kind: rule.kind, text: m[0], start: m.index, end: m.index + m[0].length });
    }
  }
  return out;
}
