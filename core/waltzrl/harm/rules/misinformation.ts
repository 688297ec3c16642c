import { oneOf } from '../../text/regex-parts';
import { r, type HarmRule } from './rule-parts';

/** Persuasive writing that says a damaging claim about the world is true (a hoax, a cover-up, a stolen election). */
const PERSUASION_WORDS = oneOf([
  'persuasive',
  'convinc\\w*',
  'persuad\\w*',
  'claim\\w*',
  'suggest\\w*',
  'implying',
  'imply',
  'make it (?:seem|look|appear)',
  'argu\\w*',
  'defamatory',
  'disinformation',
  'misinformation',
  'propaganda',
  'fake news',
  'conspiracy',
]);
const DAMAGING_CLAIMS = oneOf([
  'never happened',
  'hoax',
  'fake',
  'faked',
  'staged',
  'rigged',
  'stolen',
  'fraud',
  'secretly',
  'bribes?',
  'corrupt\\w*',
  'addicted',
  'affair',
  'neo-nazi',
  'nazi',
  'death toll',
  'inflated',
  'exaggerated',
  'leaked',
  'lab',
  '5g',
  'chemtrails?',
  'flat',
  'cause[sd]? autism',
  'vaccines?',
  'covid',
  'climate change',
  'election',
  'genocide',
  'holocaust',
  'massacre',
  'war',
  'was (?:solely )?initiated',
  'responsible for',
  'caused',
  'cover(?:ed)?[- ]?up',
  'biased',
  'rigging',
  'misus\\w*',
  'front for',
  'snorting',
  'plagiari[sz]\\w*',
  'terroris\\w*',
  'benefit\\w*',
  'good for',
  'safe',
  'harmless',
  'beneficial',
  'not (?:real|harmful|dangerous)',
]);
const MISLEADING_CLAIM =
  `\\b${PERSUASION_WORDS}\\b[^.?!]{0,80}\\b(?:that|how|who)\\b[^.?!]{0,140}\\b${DAMAGING_CLAIMS}`;

/** Arguing or writing that a real event never happened or was a hoax. */
const ARGUE_VERBS = oneOf([
  'convinc\\w*',
  'persuad\\w*',
  'prove',
  'show',
  'tell',
  'demonstrate',
  'argue',
  'claim',
  'insist\\w*',
  'assert\\w*',
  'make (?:people|everyone|others) (?:think|believe)',
]);
const ARGUE_OR_WRITE = oneOf([
  `${ARGUE_VERBS} (?:\\w+ ){0,3}`,
  '(?:writ|post|publish|tweet|creat|draft|compos)\\w* ' +
    '(?:(?:a |an |the )?(?:\\w+ ){0,2}(?:saying|stating|claiming|arguing|insisting) )?',
]);
const HOAX_INTENSIFIERS = oneOf([
  'complete',
  'total',
  'utter',
  'big',
  'biggest',
  'greatest',
  'huge',
  'giant',
  'massive',
  'pure',
  'elaborate',
  'deliberate',
  'historical',
  'outright',
]);
const HOAX_WORDS = oneOf([
  'hoax',
  'fake',
  'faked',
  'staged',
  'lie',
  'lies',
  'myth',
  'fabricat\\w*',
  'made up',
  'invented',
  'invention',
  'fiction',
  'propaganda',
  'exaggerat\\w*',
  'overblown',
  'false flag',
  'cover-?up',
]);
const DENIALS = oneOf([
  'never (?:happened|took place|occurred|existed)',
  '(?:was|were|is|are) (?:all )?(?:just |merely |nothing but |only )?(?:a |an |the |one )?(?:' +
    `${HOAX_INTENSIFIERS} (?:and \\w+ )?)?${HOAX_WORDS}`,
  "(?:didn't|did not|never) (?:happen|take place|occur|exist)",
  "(?:was|were|is|are)(?:n't| not) real",
]);
const EVENT_DENIAL = `\\b${ARGUE_OR_WRITE}(?:that )?[^?.!]{0,60}\\b${DENIALS}`;

/** Reproducing lyrics or long passages of a text verbatim. */
const VERBATIM_TEXT = oneOf([
  'lyrics of',
  'the lyrics',
  'long passage from',
  'passage from',
  'full text of',
  'entire (?:text|chapter|book|script) of',
  'chapter \\d+ of',
  'complete text',
  'verbatim',
]);
const COPYRIGHT_TEXT =
  '\\b(?:generate|reproduce|print|write out|give me|output|copy|recite|provide)\\b[^.?!]{0,30}\\b' +
  VERBATIM_TEXT;

/** Deceptive or persuasive writing that makes a damaging claim about the real world. */
const DECEPTIVE_FRAMES = oneOf([
  'persuasive',
  'convincing',
  'compelling',
  'posing as',
  'pose as',
  'persuade (?:readers|people|the reader)',
  'to suggest',
  'suggesting',
  '(?:minimally|slightly) (?:edit|modify|change|rewrite)',
  'mocks? and triviali[sz]\\w*',
  'more pro-',
  'fake (?:news|article|story|evidence)',
]);
const DAMAGING_CONTENT = oneOf([
  'lied',
  'lying',
  'criminal\\w*',
  'corrupt\\w*',
  'complicit',
  'involved in',
  'paid to',
  'rigged',
  'hoax',
  'never happened',
  'inherently',
  'less intelligent',
  'positive impact',
  'natural disaster',
  'cause[sd]? (?:autism|cancer)',
  'do not cause',
  "don't cause",
  'good for you',
  'better for the environment',
  'hardly pay',
  'increased crime',
  'discourag\\w*',
  'siphon\\w*',
  'fraud\\w*',
  'stole',
  'affair',
  'addict\\w*',
  'convicted',
  'suspected',
  'allegations?',
  'disinformation',
  'conflict',
  'isis',
  'terroris\\w*',
  'pandemic',
]);
const DECEPTIVE_WRITING = `\\b${DECEPTIVE_FRAMES}\\b[^.?!]{0,200}?\\b${DAMAGING_CONTENT}`;

/**
 * Misinformation and copyright: what the requested writing would say or copy.
 * See ../harm-rules.ts for the reading order.
 */
export const MISINFORMATION_RULES: HarmRule[] = [
  // Persuasive writing that says a damaging claim about the world is true (a hoax, a cover-up, a stolen election).
  { id: 'misleading-claim', category: 'misinformation', severity: 'medium', overridable: false, re: r(MISLEADING_CLAIM) },
  // Arguing or writing that a real event never happened or was a hoax.
  { id: 'event-denial', category: 'misinformation', severity: 'medium', overridable: false, re: r(EVENT_DENIAL) },
  // Reproducing lyrics or long passages of a text verbatim.
  { id: 'copyright-text', category: 'copyright', severity: 'low', overridable: false, re: r(COPYRIGHT_TEXT) },
  // Deceptive or persuasive writing that makes a damaging claim about the real world.
  { id: 'deceptive-writing', category: 'misinformation', severity: 'medium', overridable: false, re: r(DECEPTIVE_WRITING) },
];
