import { anyOf, oneOf } from '../../text/regex-parts';
import { SELF, VIOLENT_VERBS } from '../harm-lexicon';
import { r, W, type HarmRule } from './rule-parts';

/** Harming or killing oneself, or asking for a way to ("hang myself", "how many pills would it take to die"). */
const SELF_HARM_ACTS = oneOf([
  'commit(?:ting)? suicide',
  'kill myself',
  'end(?:ing)? my (?:own )?life',
  'self[- ]harm(?:ing)?',
  'cut(?:ting)? myself',
  'overdos(?:e|ing) on(?! ' +
    '(?:kindness|love|happiness|joy|fun|cuteness|nostalgia|chocolate|sugar|tv|netflix|coffee)\\b)',
  '(?:how many|how much)\\b[^?]{0,40}\\b(?:does it take|do i need|would it take|to take|should i take) to' +
    ' (?:die|kill myself|overdose|end (?:it|my life))',
  'jump(?:ing)? (?:off|from) (?:a |the |my )?(?:\\w+ )?' +
    '(?:bridge|building|roof|rooftop|skyscraper|balcony|tower|overpass|cliff)(?! (?:into|safely|diving))',
  'starv(?:e|ing) myself',
  'hang(?:ing)? myself',
  '(?:encourag|glorif|romanticiz|promot)\\w* (?:\\w+ ){0,3}' +
    '(?:self-harm|suicide|anorexia|bulimia|eating disorders?)',
]);
const SELF_HARM_METHOD = anyOf([
  `\\b${VIOLENT_VERBS} ${W}${SELF}`,
  `\\b${SELF_HARM_ACTS}\\b`,
]);

/** Sexual content involving a minor, or grooming a child. */
const MINORS = oneOf([
  'child',
  'children',
  'minor',
  'minors',
  'kid',
  'kids',
  'underage',
  '\\d+[- ]year[- ]old',
  'preteen',
  'teen(?:ager)?s?',
  'boy',
  'girl',
]);
const GROOMING_TARGETS = oneOf([
  'child',
  'children',
  'minors?',
  'kids?',
  'boys?',
  'girls?',
  'teen(?:ager)?s?',
  'pupils?',
  'students?',
  'young (?:person|people)',
]);
const CHILD_ABUSE_TERMS = oneOf([
  'pedophil\\w*',
  'paedophil\\w*',
  'child porn\\w*',
  'csam',
  'child sexual abuse material',
  'lolicon',
  `(?:sex|sexual\\w*|intercourse|explicit|nude|naked|erotic)\\b[^.?!]{0,40}\\b${MINORS}`,
  `groom(?:ing)? (?:a |the |my |young |\\d+[- ]year[- ]old )*${GROOMING_TARGETS}`,
]);
const CHILD_SEXUAL = `\\b${CHILD_ABUSE_TERMS}\\b`;

/** Arguing that sexual consent does not matter. */
const NOT_NEEDED = oneOf([
  'unnecessary',
  'not (?:needed|necessary|required|important)',
  'optional',
  'overrated',
  'irrelevant',
  'pointless',
]);
const CONSENT_DISMISSED = anyOf([
  `\\b(?:consent|permission|a yes)\\b[^.?!]{0,30}\\b(?:is|isn'?t|are) (?:\\w+ )?${NOT_NEEDED}`,
  "\\b(?:without|no need for|don'?t need) (?:her |his |their )?consent\\b[^.?!]{0,40}\\b" +
    '(?:sex|sexual|touch|kiss|intercourse)',
]);

/** Sexually explicit writing. */
const EXPLICIT_CONTENT = oneOf([
  'pornographic',
  'porn',
  'sexually explicit',
  'explicit (?:sex|sexual|erotic)\\w*',
  'erotica',
  'snuff (?:film|video|movie)',
]);
const EXPLICIT_WRITING =
  `\\b(?:write|generate|create|compose|describe|produce)\\w*\\b[^.?!]{0,40}\\b${EXPLICIT_CONTENT}`;

/**
 * Self-harm, sexual content involving minors, consent and explicit writing.
 * See ../harm-rules.ts for the reading order.
 */
export const SELF_HARM_SEXUAL_RULES: HarmRule[] = [
  // Harming or killing oneself, or asking for a way to ("hang myself", "how many pills would it take to die").
  { id: 'self-harm-method', category: 'self_harm', severity: 'critical', overridable: true, re: r(SELF_HARM_METHOD) },
  // Sexual content involving a minor, or grooming a child.
  { id: 'child-sexual', category: 'sexual_minors', severity: 'critical', overridable: false, re: r(CHILD_SEXUAL) },
  // Arguing that sexual consent does not matter.
  { id: 'consent-dismissed', category: 'sexual', severity: 'high', overridable: false, re: r(CONSENT_DISMISSED) },
  // Sexually explicit writing.
  { id: 'explicit-writing', category: 'sexual', severity: 'high', overridable: false, re: r(EXPLICIT_WRITING) },
];
