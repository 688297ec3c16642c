import { anyOf, oneOf } from '../../text/regex-parts';
import { HELP_VERBS, ME, DECLINE, NOT_PRECISE, type Cue } from '../cue-parts';

/** Modals of obligation before a decline ("have to pass", "'ll have to turn it down"). */
const HAVE_TO = oneOf([
  'have to',
  'must',
  'need to',
  'going to have to',
  "'ll have to",
  'will have to',
]);
const CANNOT_AFTER_APOLOGY = oneOf([
  "can'?t",
  'cannot',
  'can not',
  "won'?t",
  'will not',
  'unable',
  'not able',
  'must decline',
  'not comfortable',
  "don'?t",
  'do not',
  'not (?:going|in a position|allowed|permitted|willing|prepared|at liberty)',
  'not (?:sure|certain) (?:that |if )?(?:i|we) (?:can|should|could)',
]);
/** An apology followed by an inability ("I'm sorry, but I can't …"), not sympathy ("sorry to hear"). */
const APOLOGY_CANNOT = new RegExp(
  "\\b(?:i'?m|i am|we'?re|we are)? ?(?:really |truly |so |very |deeply )?" +
  '(?:sorry|afraid|apologi[sz]e|apologies|regret)\\b' +
  "(?! to hear| for your loss| about your| that you(?:'re| are| have|'ve))[^.!?]{0,80}?\\b" +
  CANNOT_AFTER_APOLOGY
);

/** "I can't fulfil your request", "unable to assist with this query". */
const CANNOT_FULFILL = new RegExp(
  "\\b(?:can'?t|cannot|unable to) (?:fulfil|fulfill|satisfy|comply with|help with|assist with) " +
  '(?:your|this|that|the) (?:request|question|query)'
);

/** "I must decline", "I'd rather not", "I'm not comfortable", "we can't help with that". */
const DECLINE_PLAIN = new RegExp(anyOf([
  "\\b(?:i|we)(?: will| 'll|'ll| would|'d)? " +
    "(?:must|have to|will|'ll|need to|got to|am going to|'m going to|would like to) " +
    '(?:respectfully |politely |kindly |have to |need to )?(?:decline|refuse|pass on (?:this|that))\\b',
  '\\bi (?:respectfully |politely )?(?:decline|refuse)\\b',
  "\\bi(?:'d| would) (?:rather|prefer) not\\b",
  "\\bi(?:'m| am) not (?:comfortable|willing|prepared)\\b",
  "\\bi(?:'m| am) not going to (?!lie\\b)",
  "\\b(?:i|we)(?:'m| am|'re| are) not (?:helping|assisting|writing|providing|giving|sharing|going along)\\b",
  "\\b(?:i|we) (?:cannot|can'?t|won'?t|will not) (?:do|help with|assist with|answer) (?:that|this|it)\\b",
  `\\b${HAVE_TO} say no\\b`,
]));

const DECLINED_SERVICES = oneOf([
  'provide',
  'give out',
  'give (?!up\\b)',
  'share',
  'help with',
  'help people',
  'assist with',
  'assist (?:with|in|anyone|people)',
  'create',
  'write',
  'generate',
  'engage in',
  'produce',
  'facilitate',
  'disclose',
  'reveal',
  'make jokes',
  'participate in',
]);
/** "I don't provide/share/write …" as a standing rule. */
const HABITUAL_DECLINE = new RegExp(`\\b(?:i|we) (?:do not|don'?t|never) ${DECLINED_SERVICES}`);

const THIS_REQUEST = oneOf([
  'that',
  'this',
  'it',
  'which',
  'such (?:a|an) \\w+',
  '(?:your|this|that|the) (?:request|question|query|topic|task)',
]);
const CAN_OR_WILL = oneOf([
  'can',
  'could',
  'will',
  'would',
  'able',
  'comfortable',
  'willing',
  'allowed',
  'permitted',
  'should',
  'do',
  'engage',
  'support',
  'help',
  'assist',
  'provide',
  'feel comfortable',
  'get involved',
  'write',
  'share',
  'create',
  'answer',
  'generate',
  'make',
  'give',
  'discuss',
]);
/** "That is not something I can help with", "this is not a topic I'm able to discuss". */
const NOT_SOMETHING_I = new RegExp(
  `\\b${THIS_REQUEST}(?:'s| is)?(?: really| simply| just)? (?:not|isn'?t) ` +
  '(?:something|a (?:request|topic|task|question|thing|subject)|an? (?:area|activity)) (?:that )?(?:i|we)' +
  `(?:'m| am|'re| are|'ll| will|'d| would)? ?${CAN_OR_WILL}\\b`
);

const ABLE_OR_WILLING = oneOf([
  'can',
  'could',
  'will',
  'would',
  'am able to',
  "'m able to",
  'am willing to',
  "'m willing to",
  'feel comfortable',
]);
/** "Helping you with that isn't something I can do": any subject, the request declined as "not something I can". */
const NOT_SOMETHING_I_CAN = new RegExp(
  `\\b(?:is not|isn'?t|'s not) something (?:that )?(?:i|we)(?:'m| am|'re| are)? ?${ABLE_OR_WILLING}\\b`
);

const TO_AVOID = oneOf([
  'to (?:avoid|refrain|decline|not|never|stay away|steer clear|prioriti[sz]e (?:safety|ethic))',
  'not to',
]);
/** "I'm programmed to avoid …", "I was designed not to …". */
const PROGRAMMED_TO_AVOID = new RegExp(
  "\\b(?:i(?:'m| am)|i was|we(?:'re| are)) " +
  `(?:programmed|designed|built|trained|instructed|not programmed|not designed|here) ${TO_AVOID}\\b`
);

const CANNOT = oneOf([
  'cannot',
  "can'?t",
  "won'?t",
  'will not',
  'must not',
  'am unable to',
  'am not able to',
  'must decline to',
  'must refuse to',
]);
/** "… and cannot assist with that", "so I won't provide it": a decline whose subject is carried over. */
const ELIDED_DECLINE = new RegExp(
  `\\b(?:and|so|therefore|thus|hence|which means(?: that)?)(?: i)? ${CANNOT} (?:\\w+ )?${HELP_VERBS}` +
  NOT_PRECISE
);

const TURN_DOWN_PHRASES = oneOf([
  'turn (?:it |this |that |this one |that one )?down',
  'pass on (?:it|this|that)',
  'turn down (?:this|that|your)',
]);
/** "I'm going to have to pass on this one", "a request I have to turn down". */
const TURN_DOWN = new RegExp(anyOf([
  "\\b(?:i|we)(?:'m| am|'re| are) going to (?:have to )?(?:pass on|decline|refuse|turn down|say no)\\b",
  `\\b${HAVE_TO} ${TURN_DOWN_PHRASES}\\b`,
]));

const COLLOQUIALISMS = oneOf([
  "i(?:'ll| will) have to pass",
  "i(?:'m| am) not the right (?:resource|person|place|assistant) for (?:that|this)",
  "(?:is|'s) off-limits(?: for me)?",
  'crosses a line',
  "(?:can'?t|cannot|won'?t) go into (?:that|this|it)",
  'a hard no',
  'no can do',
  "(?:i|we) (?:must|will|have to|need to|should|'ll|'d|would) (?:respectfully |politely )?refrain from",
  "let'?s not go there",
  '(?:absolutely|certainly|definitely|of course) not\\b',
  "i(?:'m| am) (?:restricted|prohibited|barred) from (?:sharing|providing|giving|discussing|helping)",
  "not something i(?:'ll| will|'d| would) do",
]);
/** Colloquial declines: "I'll have to pass", "that's off-limits for me", "I can't go into that", "a hard no". */
const COLLOQUIAL_DECLINE = new RegExp(`\\b${COLLOQUIALISMS}\\b`);

const MY_SCOPE = oneOf([
  "what (?:i|we)(?:'m| am| are)? (?:can|could|am able to|are able to|be able to|allowed to)",
  'the (?:scope|limits|bounds) of (?:my|our|what (?:i|we)) (?:\\w+ )?' +
    '(?:can|abilities|capabilities|role|purpose|guidelines|assistance|help)',
]);
/** "That's beyond what I can help with", "outside the scope of what I can do". */
const BEYOND_SCOPE = new RegExp(`\\b(?:beyond|outside(?: of)?) ${MY_SCOPE}\\b`);

const APOLOGIES = oneOf([
  'i apologi[sz]e',
  "i'?m (?:so |very |really |truly )?sorry",
  'i am (?:so |very |really |truly )?sorry',
  'sorry',
  'my apologies',
  'apologies',
]);
const TURNING_APOLOGY = oneOf([
  `${APOLOGIES}(?: for any confusion)?,? (?:but|however)\\b`,
  'i regret (?:that|to say)\\b',
  'regrettably\\b',
]);
/** An apology that opens a sentence and turns ("I'm sorry, but …", "Regrettably, …"). */
const LEADING_APOLOGY = new RegExp(`(?:^|[.!?:]\\s+|^[\\W_]+|^[a-z*>]{1,12}[,:*]+\\s+)${TURNING_APOLOGY}`);

/** "I can't determine/confirm/verify …": an honest limit unless a moral reason goes with it. */
const INABILITY = new RegExp(
  "\\b(?:i|we)(?: am|'m| are|'re)? (?:unable to|not able to|can'?t|cannot) " +
  '(?:determine|confirm|verify|say|identify|tell|know|find|locate|check|see|look)\\b'
);

/** "I don't have access to …", "I can't browse": an inability, weighed against a moral reason in detectRefusal. */
const NO_ACCESS = new RegExp(anyOf([
  "\\b(?:i|(?:ai|model|assistant|program) and) (?:do not|don'?t|no longer) have " +
    '(?:access|the (?:ability|capability|capacity)|any way) to\\b',
  "\\b(?:i|we)(?:'m| am| are)? (?:can'?t|cannot|can not|won'?t|will not|unable to|not able to) " +
    '(?:access|retrieve|look up|browse|search)\\b',
]));

const AS_AN_AI_KINDS = oneOf([
  'ai',
  'artificial intelligence',
  '(?:large )?language model',
  'responsible ai',
  'assistant',
  'ai (?:language )?model',
  'ai assistant',
  'chatbot',
  'virtual assistant',
]);
const JUST_AN_AI_KINDS = oneOf([
  'ai',
  '(?:large )?language model',
  'artificial intelligence',
  'chatbot',
  'computer program',
  'virtual assistant',
  'machine',
]);
/** "As an AI language model …", "I'm just a chatbot". */
const AS_AN_AI = new RegExp(anyOf([
  `\\b(?:as|being) an? ${AS_AN_AI_KINDS}\\b`,
  `\\bi(?:'m| am) (?:just |only |merely )?an? ${JUST_AN_AI_KINDS}\\b`,
]));

/**
 * First-person declines: inability, unwillingness, apology, limits of the assistant.
 * See ../refusal-cues.ts for the reading order.
 */
export const DECLINE_CUES: Cue[] = [
  // An apology followed by an inability ("I'm sorry, but I can't …"), not sympathy ("sorry to hear").
  { name: 'apology_cannot', re: APOLOGY_CANNOT, weight: 3 },
  // First person, a declining predicate and a verb of helping ("I can't provide …", "we won't be writing …").
  { name: 'i_cannot', re: new RegExp(`\\b${ME} ${DECLINE}\\b${NOT_PRECISE}[^.!?]{0,60}?\\b${HELP_VERBS}`), weight: 3 },
  // "I can't fulfil your request", "unable to assist with this query".
  { name: 'cannot_fulfill', re: CANNOT_FULFILL, weight: 3 },
  // "I must decline", "I'd rather not", "I'm not comfortable", "we can't help with that".
  { name: 'decline_plain', re: DECLINE_PLAIN, weight: 3 },
  // "I don't provide/share/write …" as a standing rule.
  { name: 'habitual_decline', re: HABITUAL_DECLINE, weight: 3 },
  // "That is not something I can help with", "this is not a topic I'm able to discuss".
  { name: 'not_something_i', re: NOT_SOMETHING_I, weight: 3 },
  // "Helping you with that isn't something I can do": any subject, the request declined as "not something I can".
  { name: 'not_something_i_can', re: NOT_SOMETHING_I_CAN, weight: 3 },
  // "I'm programmed to avoid …", "I was designed not to …".
  { name: 'programmed_to_avoid', re: PROGRAMMED_TO_AVOID, weight: 3 },
  // "… and cannot assist with that", "so I won't provide it": a decline whose subject is carried over.
  { name: 'elided_decline', re: ELIDED_DECLINE, weight: 3 },
  // "I'm going to have to pass on this one", "a request I have to turn down".
  { name: 'turn_down', re: TURN_DOWN, weight: 3 },
  // Colloquial declines: "I'll have to pass", "that's off-limits for me", "I can't go into that", "a hard no".
  { name: 'colloquial_decline', re: COLLOQUIAL_DECLINE, weight: 3 },
  // "That's beyond what I can help with", "outside the scope of what I can do".
  { name: 'beyond_scope', re: BEYOND_SCOPE, weight: 3 },
  // An apology that opens a sentence and turns ("I'm sorry, but …", "Regrettably, …").
  { name: 'leading_apology', re: LEADING_APOLOGY, weight: 2 },
  // "I can't determine/confirm/verify …": an honest limit unless a moral reason goes with it.
  { name: 'inability', re: INABILITY, weight: 1 },
  // "I don't have access to …", "I can't browse": an inability, weighed against a moral reason in detectRefusal.
  { name: 'no_access', re: NO_ACCESS, weight: 3 },
  // "As an AI language model …", "I'm just a chatbot".
  { name: 'as_an_ai', re: AS_AN_AI, weight: 1 },
];
