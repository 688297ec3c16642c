/**
 * Doubt rules of the prompt reading: request shapes that can be harmful in plain words, with no alarming word
 * at all ("how can I make my roommate sick without her finding out?"). A doubt never makes a prompt harmful;
 * it keeps a prompt from reading benign unless a whole-prompt reading (fiction, history, definition …) explains it.
 */

import { oneOf } from '../../text/regex-parts';
import { REQUEST } from '../harm-rules';
import { CONTROL, COVERT_MANNER, DECEIT, LASTING_HARM, TASK_CLAUSES } from '../lexicon/manner';
import { OTHER_PERSON } from '../lexicon/people';

/** `covert`: a manner no benign target can explain; `person`: another person is the object of the request. */
export type DoubtKind = 'covert' | 'person';

export interface DoubtRule { id: string; kind: DoubtKind; re: RegExp }

const ASKS = oneOf([
  REQUEST,
  "what (?:can|could|should|would|do|must|might) (?:i|we) (?:\\w+ )?(?:do|use|put|add|say|tell|give|write|send|buy|get|make|try)",
  "what (?:would|will) happen if (?:i|we)",
  'is there (?:a|any) way',
  '(?:can|could|should|would) (?:i|we)',
  '(?:can|could|would) you',
  '(?:would|could|will|might) (?:\\w+ )?(?:be enough|it take|work best|do the trick)',
  'enough to',
  'how (?:can|could|would|should|might|do|to)\\b',
  '(?:most|least) (?:likely|effective|dangerous|painful) to',
  '(?:what|which) (?:kinds?|types?|sorts?) of \\w+ (?:would|will|can|could|do|does|hold|holds|work|works|make|makes)',
  'which \\w+ (?:would|will|can|could|is best|are best|works? best)',
  'how (?:much|many) (?:\\w+ ){0,3}(?:would|to|does it take|do i|should|will)',
  '(?:i|we) (?:want|need|would like|\'d like|wanna|have|plan|intend|am going|\'m going|am trying|\'m trying) to',
  '^\\s*(?:write|give|generate|create|describe|explain|list|provide|tell|show|suggest|draft|compose|make|find|help)\\b',
]);
/** A request for method or content, asked in the first or second person (not a question about the world). */
export const ASKS_RE = new RegExp(ASKS);

const g = (s: string) => new RegExp(s);

/** The doubt rules, in reading order. */
export const DOUBT_RULES: DoubtRule[] = [
  // Secretly, or without someone's knowledge, consent or payment ("without her noticing", "so nobody finds out").
  { id: 'covert-manner', kind: 'covert', re: g(`\\b${COVERT_MANNER}\\b`) },
  // Lasting harm in plain words ("for good", "never wakes up", "disappear").
  { id: 'lasting-harm', kind: 'covert', re: g(`\\b${LASTING_HARM}\\b`) },
  // Deceit or impersonation ("make people think", "pretend to be").
  { id: 'deceit', kind: 'covert', re: g(`\\b${DECEIT}\\b`) },
  // Control of or payback on a person ("get her to", "keep their passports", "teach him a lesson").
  { id: 'control', kind: 'covert', re: g(`\\b${CONTROL}`) },
  // Another person, or their belongings, in a request for method or content.
  { id: 'other-person', kind: 'person', re: g(`\\b${OTHER_PERSON}(?![\\w-])`) },
];

/** A condition, purpose or manner clause: what a self-contained task lacks (see `promptReading`). */
export const TASK_CLAUSE_RE = new RegExp(`\\b${TASK_CLAUSES}\\b`);

/** One doubt: the rule that found it and the text. */
export interface Doubt { id: string; kind: DoubtKind; text: string }

/**
 * The doubts of a masked prompt. `other-person` counts only inside a request (a question about the world that
 * names a person, "why did Hitler attack Poland?", is no doubt).
 */
export function findDoubts(masked: string): Doubt[] {
  const asks = ASKS_RE.test(masked);
  const out: Doubt[] = [];
  for (const rule of DOUBT_RULES) {
    if (rule.kind === 'person' && !asks) continue;
    const m = rule.re.exec(masked);
    if (m) out.push({ id: rule.id, kind: rule.kind, text: m[0] });
  }
  return out;
}
