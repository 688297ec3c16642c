import { anyOf, oneOf } from '../../text/regex-parts';
import { GROUP } from '../harm-lexicon';
import { r, type HarmRule } from './rule-parts';

/** Wiping out or getting rid of a group of people ("exterminate all <group>"). */
const EXTERMINATE = oneOf([
  'eradicat\\w*',
  'exterminat\\w*',
  'annihilat\\w*',
  'genocide',
  'ethnically cleans\\w*',
  'wip(?:e|ing) out',
  'get(?:ting)? rid of',
  'decimat\\w*',
  'liquidat\\w*',
  'eliminat\\w*',
  'gas(?:sing)?',
  'kill(?:ing)? (?:all|every)',
]);
const GROUP_EXTERMINATION = `\\b${EXTERMINATE}\\s+(?:all |the |every )?${GROUP}`;

/** A question that assumes a group is unfit or inferior ("why can't <group> be trusted"), or hateful writing about one. */
const ROLES = oneOf([
  'leaders',
  'parents',
  'mothers',
  'fathers',
  'drivers',
  'scientists',
  'doctors',
  'soldiers',
  'employees',
  'citizens',
  'at \\w+',
]);
const CANNOT_DO = oneOf([
  'be trusted',
  `be (?:good|great|effective|competent|real|proper|responsible) (?:\\w+ )?${ROLES}`,
  'be (?:as )?(?:smart|intelligent|capable|good|honest|trustworthy)',
  'lead',
  'think (?:logically|rationally|for themselves)',
  'be allowed to',
  'work like',
  'behave like',
  'act like',
  'use the (?:same )?(?:bathroom|toilet)s?',
]);
const UNFIT_FOR = oneOf([
  'to (?:be|lead|raise|vote|work|serve|teach|hold|govern|run)',
  'for (?:leadership|office|the job|parenthood)',
  'as (?:parents|leaders)',
]);
const INCAPABLE_OF = oneOf([
  'lead',
  'leading',
  'think',
  'thinking',
  'learn',
  'learning',
  'drive',
  'driving',
  'work',
  'working',
  'love',
  'loving',
  'raise',
  'raising',
  'parent',
  'govern',
  'governing',
  'make decisions',
  'making decisions',
  'do maths?',
  'doing maths?',
  'understand',
  'understanding',
  'be trusted',
  'being trusted',
  'control (?:themselves|their)',
  'integrat\\w*',
  'assimilat\\w*',
]);
const ALLEGED_TRAITS = oneOf([
  'so',
  'such',
  'always',
  'naturally',
  'inherently',
  'genetically',
  'more',
  'less',
  'worse',
  'better',
  'inferior',
  'superior',
  'lazy',
  'stupid',
  'dumb',
  'violent',
  'criminals?',
  'greedy',
  'ugly',
  'dirty',
  'bad',
  'weak',
  `(?:incapable|unable) (?:of|to) ${INCAPABLE_OF}`,
  'terrible',
  'evil',
  'untrustworthy',
  'cheap',
  'loud',
  'smelly',
  'promiscuous',
]);
const DEHUMANISING = oneOf([
  'inferior',
  'subhuman',
  'animals',
  'vermin',
  'parasites',
  'stupid',
  'lazy',
  'criminals',
  'a burden',
  'dirty',
  'evil',
  'less intelligent',
  'genetically',
]);
const BIGOTED = oneOf([
  'racist',
  'homophobic',
  'transphobic',
  'anti-?semitic',
  'sexist',
  'misogynist\\w*',
  'xenophobic',
  'islamophobic',
  'ableist',
]);
const HATEFUL_WRITING = oneOf([
  'jokes?',
  'slurs?',
  'vitriol',
  'insults?',
  'remarks?',
  'response',
  'reply',
  'message',
  'post',
  'content',
  'propaganda',
  'rant',
  'email',
  'e-mail',
  'tweet',
  'letter',
  'note',
  'comment',
  'story',
  'poem',
  'song',
  'essay',
  'speech',
  'article',
  'meme',
]);
const GROUP_UNFIT = anyOf([
  `\\bwhy (?:can'?t|can ?not|cannot|can)(?: all| the)? ${GROUP}(?: not)? ${CANNOT_DO}`,
  `\\bwhy (?:are|is)(?: all| the)? ${GROUP} (?:not|never) ` +
    `(?:fit|qualified|smart enough|intelligent enough|trustworthy enough|good enough) ${UNFIT_FOR}\\b`,
  `\\b${GROUP}\\b[^?]{0,40}\\blike normal (?:people|humans|folks|men|women)`,
  `\\bwhy (?:should(?:n't)?|must|ought)(?: all| the)? ${GROUP}(?: best)? ` +
    '(?:not |never |be |have to |go |need |deserve |always |lose |stay |get |pay |earn |work )',
  `\\bwhy (?:is it|would it be) (?:best|better|right|good|fair|okay|ok) (?:for|that|if) ${GROUP}`,
  `\\bwhy (?:are|is|do|does)(?: all| the)? ${GROUP} ${ALLEGED_TRAITS}\\b`,
  `\\b${GROUP} (?:are|is) ${DEHUMANISING}`,
  `\\b${BIGOTED} (?:\\w+ )?${HATEFUL_WRITING}`,
  '\\bracial slurs?',
  '\\binciting hatred',
  '\\b(?:superior|inferior) to (?:other|all other) (?:races|ethnicities|religions|groups)',
  '\\b(?:races?|ethnicities|ethnic groups) (?:are|is) (?:inherently )?(?:superior|inferior)',
  'discrimination is (?:beneficial|good|justified)',
]);

/** Bringing back institutional discrimination (segregation, apartheid, internment camps). */
const DISCRIMINATORY_ORDERS = oneOf([
  'discrimination',
  'segregation',
  'slavery',
  'apartheid',
  'jim crow',
  'internment',
  'concentration camps?',
  'eugenics',
  'genocide',
  'ethnic cleansing',
]);
const RESTORE_DISCRIMINATION =
  '\\b(?:restor|bring(?:ing)? back|reinstat|reviv|reintroduc|return(?:ing)? to|re-?establish)\\w* ' +
  `[\\w' -]{0,40}?${DISCRIMINATORY_ORDERS}`;

/**
 * Hate: exterminating a group, questions that assume a group is unfit, restoring discrimination.
 * See ../harm-rules.ts for the reading order.
 */
export const HATE_RULES: HarmRule[] = [
  // Wiping out or getting rid of a group of people ("exterminate all <group>").
  { id: 'group-extermination', category: 'hate', severity: 'critical', overridable: false, re: r(GROUP_EXTERMINATION) },
  // A question that assumes a group is unfit or inferior ("why can't <group> be trusted"), or hateful writing about one.
  { id: 'group-unfit', category: 'hate', severity: 'high', overridable: false, re: r(GROUP_UNFIT) },
  // Bringing back institutional discrimination (segregation, apartheid, internment camps).
  { id: 'restore-discrimination', category: 'hate', severity: 'high', overridable: false, re: r(RESTORE_DISCRIMINATION) },
];
