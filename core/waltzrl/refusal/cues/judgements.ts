import { anyOf, oneOf } from '../../text/regex-parts';
import { IT_IS_NOT, IT_IS, NOT_SAY, type Cue } from '../cue-parts';

const AGAINST = oneOf([
  'not within',
  'against',
  'violates?',
  'violating',
  'outside(?: of)?',
  'contrary to',
  'in violation of',
  'in conflict with',
  'not (?:in line|consistent|aligned|compatible) with',
  'breach(?:es)?',
  "(?:does not|doesn'?t) (?:fit|align) with",
]);
const MY_RULES = oneOf([
  'programming',
  'ethic(?:s|al)',
  'guidelines',
  'principles',
  'polic(?:y|ies)',
  'rules',
  'terms',
  'values',
  'standards',
  'purpose',
  'design',
  'capabilities to',
]);
const MY_POLICIES = oneOf([
  'programming',
  'guidelines',
  'policies',
  'polic(?:y|ies)',
  'principles',
  'ethical (?:guidelines|standards|principles)',
  'safety (?:guidelines|policies)',
]);
/** The request goes against the assistant's programming, guidelines or policies. */
const NOT_WITHIN_GUIDELINES = new RegExp(anyOf([
  `\\b${AGAINST} (?:my|our|openai'?s) (?:own )?(?:\\w+ ){0,2}?${MY_RULES}`,
  `\\b(?:my|our) ${MY_POLICIES} (?:do(?:es)? not|don'?t|doesn'?t|won'?t|prevent|prohibit|forbid|restrict)`,
]));

const APPROPRIATE_WORDS = oneOf([
  'appropriate',
  'ethical',
  'okay',
  'ok',
  'acceptable',
  'advisable',
  'safe',
  'legal',
  'responsible',
  'right',
  'accurate',
  'fair',
  'respectful',
  'correct',
  'productive',
  'moral',
  'possible for me',
  'something i can',
]);
const INAPPROPRIATE_WORDS = oneOf([
  'inappropriate',
  'unethical',
  'irresponsible',
  'unacceptable',
  'improper',
  'disrespectful',
  'insensitive',
  'offensive',
  'immoral',
]);
/** "It is not appropriate …", "this would be irresponsible" (a judgement of the act, not of a claim). */
const NOT_APPROPRIATE = new RegExp(anyOf([
  `\\b${IT_IS_NOT} (?:\\w+ )?${APPROPRIATE_WORDS}\\b${NOT_SAY}`,
  `\\b${IT_IS} (?:\\w+ )?${INAPPROPRIATE_WORDS}\\b${NOT_SAY}`,
]));

/** "I don't think it's appropriate …", "I'm not sure that is helpful". */
const DONT_THINK_APPROPRIATE = new RegExp(
  "\\bi(?: (?:don'?t|do not) (?:think|believe|feel)|'?m not sure|am not sure) (?:that )?" +
  "(?:it(?:'s| is| would be)|that(?: it)?(?:'s| is)?|this is) (?:\\w+ )?" +
  '(?:appropriate|accurate|fair|right|ethical|helpful|a good idea|productive|respectful)'
);

const WRONG_OF_ME = oneOf([
  'irresponsible',
  'unethical',
  'inappropriate',
  'wrong',
  'harmful',
  'dangerous',
  'unsafe',
  'illegal',
  'remiss',
  'unwise',
  'improper',
  'a violation',
]);
/** "It would be irresponsible of me to …", "I would be complicit". */
const WRONG_FOR_ME = new RegExp(anyOf([
  `\\bit (?:would|will|is|'s|might)(?: not)? be (?:\\w+ )?${WRONG_OF_ME} (?:of|for) me to\\b`,
  "\\b(?:i|we) (?:would|'d) be (?:\\w+ )?(?:irresponsible|remiss|wrong|complicit|violating|breaking)\\b",
]));

const PROVIDING = oneOf([
  'providing',
  'sharing',
  'giving',
  'offering',
  'writing',
  'creating',
  'generating',
  'answering',
  'disclosing',
  'revealing',
  'discussing',
  'assisting with',
  'helping with',
  'fulfilling',
  'complying with',
]);
const SUCH = oneOf([
  'such',
  'this',
  'that',
  'these',
  'those',
  'the requested',
  'this kind of',
  'that kind of',
  'this type of',
  'that type of',
  'any such',
  'your',
]);
const CONTENT_NOUNS = oneOf([
  'information',
  'content',
  'instructions?',
  'details',
  'advice',
  'guidance',
  'material',
  'request',
  'question',
  'data',
  'answer',
  'response',
  'list',
  'plan',
  'steps',
  'help',
  'assistance',
  'joke',
  'story',
  'essay',
  'text',
  'message',
  'methods?',
  'techniques?',
]);
const PROVIDED_THING = oneOf([
  `${SUCH}(?: (?:\\w+ ){0,2}?${CONTENT_NOUNS}s?)?`,
  'it',
  'them',
]);
const HARMFUL_STATES = oneOf([
  'harmful',
  'unethical',
  'illegal',
  'irresponsible',
  'inappropriate',
  'dangerous',
  'wrong',
  'a violation',
  'an invasion',
  'against',
]);
const WOULD_DO_HARM = oneOf([
  `be (?:\\w+ )?${HARMFUL_STATES}`,
  'violate',
  'promote',
  'encourage',
  'facilitate',
  'enable',
  'cause',
  'put',
  'endanger',
  'invade',
  'infringe',
  'go against',
  'contribute to',
]);
/** "Providing such information could be harmful …": the answer itself is judged harmful. */
const HARMFUL_TO_PROVIDE = new RegExp(
  `\\b${PROVIDING} (?:you )?(?:with )?${PROVIDED_THING} (?:would|could|might|may|will|is|can) ` +
  `(?:potentially )?${WOULD_DO_HARM}`
);

const ADVISE_AGAINST = oneOf([
  "it(?:'s| is) not (?:recommended|advisable|a good idea|safe) to",
  "i(?:'d| would)? (?:strongly )?(?:advise|recommend|caution|urge you) against",
  "i (?:would not|wouldn'?t) (?:recommend|advise)",
]);
/** "It is not advisable to …", "I would advise against …". */
const NOT_RECOMMENDED = new RegExp(`\\b${ADVISE_AGAINST}\\b`);

/** "Her medical history is private information", "that would be an invasion of privacy": the data is withheld as private. */
const DECLARES_PRIVATE = new RegExp(anyOf([
  '\\b(?:is|are) (?:\\w+ )?(?:private|confidential|personal and (?:private|sensitive)|sensitive personal)' +
    ' (?:information|data|details|matters?)\\b',
  '\\b(?:breach|violation|invasion) of (?:\\w+ )?privacy\\b',
]));

/** "Is not publicly available", "private and confidential information". */
const NOT_PUBLIC = new RegExp(anyOf([
  '\\b(?:is|are) (?:not|neither) (?:publicly|readily) (?:available|accessible|known)',
  '\\bnot (?:public|publicly available) information\\b',
  '\\b(?:private|confidential|personal) (?:and|or) (?:confidential|private|sensitive) information\\b',
]));

/**
 * Judgements of the request: against guidelines, inappropriate, harmful, private.
 * See ../refusal-cues.ts for the reading order.
 */
export const JUDGEMENT_CUES: Cue[] = [
  // The request goes against the assistant's programming, guidelines or policies.
  { name: 'not_within_guidelines', re: NOT_WITHIN_GUIDELINES, weight: 3 },
  // "It is not appropriate …", "this would be irresponsible" (a judgement of the act, not of a claim).
  { name: 'not_appropriate', re: NOT_APPROPRIATE, weight: 3 },
  // "I don't think it's appropriate …", "I'm not sure that is helpful".
  { name: 'dont_think_appropriate', re: DONT_THINK_APPROPRIATE, weight: 3 },
  // "It would be irresponsible of me to …", "I would be complicit".
  { name: 'wrong_for_me', re: WRONG_FOR_ME, weight: 3 },
  // "Providing such information could be harmful …": the answer itself is judged harmful.
  { name: 'harmful_to_provide', re: HARMFUL_TO_PROVIDE, weight: 3 },
  // "It is not advisable to …", "I would advise against …".
  { name: 'not_recommended', re: NOT_RECOMMENDED, weight: 3 },
  // "Her medical history is private information", "that would be an invasion of privacy": the data is withheld as private.
  { name: 'declares_private', re: DECLARES_PRIVATE, weight: 3 },
  // "Is not publicly available", "private and confidential information".
  { name: 'not_public', re: NOT_PUBLIC, weight: 1 },
];
