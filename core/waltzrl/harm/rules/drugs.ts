import { anyOf, oneOf } from '../../text/regex-parts';
import { DRUG_MEASURE } from '../harm-lexicon';
import { r, type HarmRule } from './rule-parts';

/** Making, buying, selling, hiding or taking a street drug (not its treatment or withdrawal). */
const DRUG_TRADE_VERBS = oneOf([
  'make',
  'making',
  'cook',
  'cooking',
  'synthesi[sz]\\w*',
  'produc\\w*',
  'manufactur\\w*',
  'grow',
  'growing',
  'extract\\w*',
  'brew',
  'brewing',
  'buy',
  'buying',
  'purchas\\w*',
  'get',
  'getting',
  'obtain\\w*',
  'sell',
  'selling',
  'smuggl\\w*',
  'sneak\\w*',
  'slip\\w*',
  'stash\\w*',
  'conceal\\w*',
  'snort\\w*',
  'inject\\w*',
  'shoot(?:ing)? up',
  'freebas\\w*',
  'deal',
  'dealing',
  'traffic\\w*',
  'hide',
  'hiding',
  'score',
  'scoring',
  'order\\w*',
]);
const STREET_DRUGS = oneOf([
  'meth(?:amphetamine)?',
  'crack(?: cocaine)?',
  'cocaine',
  'heroin',
  'fentanyl',
  'coke',
  'blow',
  'smack',
  'lsd',
  'mdma',
  'ecstasy',
  'ghb',
  'ketamine',
  'pcp',
  'dmt',
  'opium',
  'opioids',
  'morphine',
  'oxycodone',
  'oxy',
  'xanax',
  'adderall',
  'drugs',
  'narcotics',
  'amphetamines?',
  'crystal',
  'molly',
  'shrooms',
  'magic mushrooms',
  'psilocybin',
  'weed',
  'marijuana',
  'cannabis',
]);
const DRUG_TRADE =
  `\\b${DRUG_TRADE_VERBS}` +
  '(?: (?:some|a|an|the|my own|homemade|pure|more|cheap|illegal|street|black market))? (?:\\w+ )?' +
  `(?:${DRUG_MEASURE})?${STREET_DRUGS}\\b` +
  '(?! (?:addiction|use disorder|treatment|rehab|withdrawal|overdose symptoms))';

/** Taking hard drugs, getting high, getting a child drunk or high. */
const HARD_DRUGS = oneOf([
  'meth(?:amphetamine)?',
  'crack',
  'cocaine',
  'heroin',
  'fentanyl',
  'ketamine',
  'lsd',
  'mdma',
  'pcp',
  'dmt',
  'ghb',
  'crystal meth',
]);
const CHILDREN = oneOf([
  '\\d+[- ]year[- ]old',
  'child',
  'children',
  'kids?',
  'son',
  'daughter',
  'minors?',
  'toddler',
  'baby',
  'students?',
  'teen(?:ager)?s?',
]);
const DRUG_USE = anyOf([
  `\\b(?:take|taking|use|using|try|trying|dose|dosing|smoke|smoking)\\b (?:some |a |more )?${HARD_DRUGS}\\b`,
  '\\bget(?:ting)? (?:high|stoned|wasted|tripping) (?:on|off|from|with)\\b',
  `\\bget(?:ting)? (?:my |a |the |his |her |their )?(?:teenage |young |little |underage )?${CHILDREN} ` +
    '(?:drunk|high|stoned|wasted)\\b',
]);

/**
 * Drugs: making, trading or taking them.
 * See ../harm-rules.ts for the reading order.
 */
export const DRUG_RULES: HarmRule[] = [
  // Making, buying, selling, hiding or taking a street drug (not its treatment or withdrawal).
  { id: 'drug-trade', category: 'drugs', severity: 'high', overridable: true, re: r(DRUG_TRADE) },
  // Taking hard drugs, getting high, getting a child drunk or high.
  { id: 'drug-use', category: 'drugs', severity: 'high', overridable: true, re: r(DRUG_USE) },
];
