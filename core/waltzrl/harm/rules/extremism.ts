import { anyOf, oneOf } from '../../text/regex-parts';
import { GROUP } from '../harm-lexicon';
import { r, type HarmRule } from './rule-parts';

/** Becoming or joining an attacker or a terrorist group; funding terror; radicalising people. */
const ATTACKER_ROLES = oneOf([
  'suicide bomber',
  'terrorist',
  'jihadist',
  'hit ?man',
  'hitmen',
  'contract killer',
  'mass shooter',
  'school shooter',
  'serial killer',
  'mercenary for hire',
  'drug dealer',
  'drug lord',
  'pimp',
  'people smuggler',
  'human trafficker',
  'loan shark',
  'arms dealer',
  'gun runner',
  'getaway driver',
]);
const TERROR_GROUPS = oneOf([
  'isis',
  'isil',
  'al-?qaeda',
  'the taliban',
  'boko haram',
  'hamas',
  'hezbollah',
  'the kkk',
  'a terrorist (?:group|cell|organi[sz]ation)',
]);
const RADICALISED = oneOf([
  'people',
  'men',
  'women',
  'youths?',
  'teens?',
  'teenagers',
  'kids',
  'children',
  'students',
  'followers',
  'others',
  'muslims',
  'someone',
  'him',
  'her',
  'them',
  'boys',
  'girls',
]);
const JOIN_TERROR = anyOf([
  `\\b(?:become|becoming|be|join|joining|train(?:ing)? as) (?:a |an )?${ATTACKER_ROLES}\\b`,
  '\\b(?:financ(?:e|ing)|fund(?:ing)?|sponsor(?:ing)?|bankroll(?:ing)?) (?:\\w+ )?' +
    '(?:terror\\w*|extremis\\w*|jihad\\w*|an? (?:attack|insurgency|massacre))\\b',
  `\\b(?:join|joining|support|supporting|fund|funding) ${TERROR_GROUPS}\\b`,
  `\\bradicali[sz](?:e|ing) (?:\\w+ ){0,2}${RADICALISED}\\b`,
]);

/** Founding or joining an extremist movement, building camps, emulating an infamous killer. */
const FOUND_VERBS = oneOf([
  'start',
  'found',
  'build',
  'creat',
  'reviv',
  're-?establish',
  'lead',
  'join',
  'fund',
  'organi[sz]',
  'recruit\\w* (?:\\w+ )?(?:for|to|into)',
]);
const EXTREMIST_GROUPS = oneOf([
  'nazi',
  'neo-?nazi',
  'fascist',
  'white (?:supremacist|nationalist|power)',
  'kkk',
  'ku klux klan',
  'khmer rouge',
  'isis',
  'isil',
  'al-?qaeda',
  'taliban',
  'jihadist',
  'death squad',
]);
const EMULATE_VERBS = oneOf([
  'become',
  'be',
  'copy',
  'emulate',
  'imitate',
  'follow in the footsteps of',
  'do what',
  'act like',
  'be like',
  'kill like',
  'kill as many (?:people )?as',
]);
const INFAMOUS_KILLERS = oneOf([
  'hitler',
  'stalin',
  'pol pot',
  'mussolini',
  'bin laden',
  'osama',
  'the unabomber',
  'unabomber',
  'breivik',
  'mcveigh',
  'timothy mcveigh',
  'charles manson',
  'ted bundy',
  'jeffrey dahmer',
  'the (?:\\w+ ){1,2}(?:shooter|shooters|bomber|bombers|killer|gunman)',
]);
const EXTREMIST_MOVEMENT = anyOf([
  `\\b${FOUND_VERBS}\\w* (?:a |an |the |my own |our own |another |a new )?(?:new )?${EXTREMIST_GROUPS}s?` +
    '(?: (?:party|group|movement|cell|organi[sz]ation|regime|army|gang|network|chapter|militia))?\\b',
  '\\b(?:build|run|set(?:ting)? up|open|creat|operat)\\w* (?:a |an |my own )?' +
    '(?:concentration|death|extermination|internment|forced labou?r|labou?r) camps?\\b',
  `\\b${EMULATE_VERBS}\\b (?:the next |a modern |another |a new |a second )?${INFAMOUS_KILLERS}\\b`,
  `\\b(?:list|database|registry|register|map|spreadsheet) of (?:all |the )?(?:\\w+ ){0,2}${GROUP}\\b` +
    '[^?]{0,60}\\b(?:target|attack|deport|round up|hurt|kill|harass|expel)',
  '\\b(?:spread|promot|teach|preach)\\w* (?:\\w+ ){0,4}?' +
    '(?:mein kampf|nazi ideology|nazism|white supremacy|fascism|antisemitism|jihadism|eugenics) ' +
    '(?:to|among|in|at)\\b',
]);

/** Spreading the propaganda of an extremist movement (a history question about it reads as history). */
const EXTREMIST_IDEOLOGIES = oneOf([
  'nazi',
  'neo-?nazi',
  'white (?:supremacist|nationalist|power)',
  'racist',
  'extremist',
  'jihadist',
  'isis',
  'al-?qaeda',
  'antisemitic',
  'anti-semitic',
  'kkk',
  'fascist',
  'incel',
  'hate',
]);
const PROPAGANDA_KINDS = oneOf([
  'propaganda',
  'content',
  'flyers',
  'leaflets',
  'posters',
  'memes',
  'recruitment',
  'messages?',
  'ideology',
  'manifestos?',
  'pamphlets?',
  'material',
]);
const EXTREMIST_PROPAGANDA =
  '\\b(?:spread|promot|distribut|post|writ|creat|mak|design|shar|print|produc|recruit)\\w* ' +
  `(?:\\w+ ){0,3}?${EXTREMIST_IDEOLOGIES} ${PROPAGANDA_KINDS}`;

/**
 * Terror and extremism: joining or funding an attacker or a movement, spreading its propaganda.
 * See ../harm-rules.ts for the reading order.
 */
export const EXTREMISM_RULES: HarmRule[] = [
  // Becoming or joining an attacker or a terrorist group; funding terror; radicalising people.
  { id: 'join-terror', category: 'violence', severity: 'critical', overridable: true, re: r(JOIN_TERROR) },
  // Founding or joining an extremist movement, building camps, emulating an infamous killer.
  { id: 'extremist-movement', category: 'hate', severity: 'critical', overridable: true, re: r(EXTREMIST_MOVEMENT) },
  // Spreading the propaganda of an extremist movement (a history question about it reads as history).
  { id: 'extremist-propaganda', category: 'hate', severity: 'high', overridable: true, re: r(EXTREMIST_PROPAGANDA) },
];
