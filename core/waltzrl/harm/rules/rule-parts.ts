/** Pieces shared by the harm rules in this folder. */

import { oneOf } from '../../text/regex-parts';
import type { Category, Severity } from '../../review/max-severity';

/**
 * One harm rule. `id`: a short kebab-case name, unique among the rules. `overridable`: a fiction, history or
 * idiom reading of the prompt cancels the rule. `property`: the target is a thing; destroying what the asker
 * owns is not a harm to others.
 */
export type HarmRule = { id: string; category: Category; severity: Severity; re: RegExp; overridable: boolean; property?: true };

export const r = (s: string) => new RegExp(s);
export const W = '(?:[\\w\'-]+[ ,]+){0,4}?'; // up to four words in between

/** A request for method ("how do I", "best way to", "what would it take to"). */
export const REQUEST = oneOf([
  'how (?:do|can|could|would|should|might) (?:i|we|you|one)',
  'how to',
  'ways? (?:of|to)',
  'best way',
  'easiest way',
  'methods? (?:of|for|to)',
  'strategy for',
  'steps? (?:to|for)',
  'plan (?:to|for)',
  'help me',
  'teach me',
  'tell me how',
  'show me how',
  'instructions? (?:for|on|to)',
  'tips? (?:for|on)',
  'guide (?:to|for|on)',
  'where can i',
  "what(?:'s| is) the (?:best|easiest|quickest|fastest|most effective|perfect|simplest)",
  'what (?:do|would|should|must) (?:i|we|you|one|someone) (?:need|have) to',
  'what would it take to',
  "what(?:'s| is) (?:needed|required) to",
  'how would (?:i|we|you|one|someone) go about',
]);

const BREAK_INTO_1 = oneOf([
  'coconut',
  'egg',
  'shell',
  'nut',
  'pomegranate',
  'watermelon',
  'melon',
  'song',
  'smile',
  'laugh',
  'grin',
  'tears',
  'run',
  'sweat',
  'industry',
  'market',
  'business',
  'scene',
  'career',
  'field',
]);
/** "Break into", but not into a coconut, a laugh or the music industry (cybercrime and theft rules). */
export const BREAK_INTO = `break\\w* into(?! (?:a |an |the |my own |our own )?${BREAK_INTO_1})`;
