import { anyOf, oneOf } from '../../text/regex-parts';
import { HUMAN } from '../harm-lexicon';
import { r, BREAK_INTO, type HarmRule } from './rule-parts';

/** Covering up a crime: destroying evidence, cleaning a crime scene. */
const COVER_UP_VERBS = oneOf([
  'destroy\\w*',
  'hid(?:e|ing)',
  'tamper\\w* with',
  'get(?:ting)? rid of',
  'dispos(?:e|ing) of',
  'clean(?:ing)? up',
  'wip(?:e|ing)',
  'burn(?:ing)?',
  'bleach(?:ing)?',
]);
const EVIDENCE = oneOf([
  'evidence',
  'fingerprints',
  'dna evidence',
  'weapon (?:i used|used in)',
  'murder weapon',
  'crime scene',
  'gunshot residue',
]);
const DESTROY_EVIDENCE = `\\b${COVER_UP_VERBS}\\b (?:the |any |all |my |some )?${EVIDENCE}\\b`;

/** Committing fraud, forging documents or money, scamming people, smuggling. */
const FRAUD_KINDS = oneOf([
  'fraud',
  'identity theft',
  'tax evasion',
  'insurance fraud',
  'wire fraud',
  'credit card fraud',
  'a scam',
  'scams',
  'ponzi',
  'pyramid scheme',
  'embezzlement',
  'money laundering',
  'forgery',
  'counterfeiting',
  'insider trading',
  'welfare fraud',
  'benefits fraud',
]);
const FORGED_THINGS = oneOf([
  'money',
  'cash',
  'currency',
  'bills',
  'notes',
  'documents?',
  'ids?',
  'passports?',
  'signatures?',
  'checks?',
  'cheques?',
  'receipts?',
  'invoices?',
  'diplomas?',
  'degrees?',
  'prescriptions?',
  'reviews',
  'insurance claims?',
  'tax returns?',
  'bank statements?',
  'dollar',
]);
const SCAM_VICTIMS = oneOf([
  'people',
  'someone',
  'elderly',
  'old people',
  'victims',
  'customers',
  'investors',
  'the company',
  'seniors',
  'grandma',
  'into (?:giving|sending|paying|shipping|sharing)',
]);
const SNACKS = oneOf([
  'snacks?',
  'food',
  'sweets',
  'candy',
  'drinks?',
  'vegetables',
  'treats',
  'popcorn',
  'chocolate',
  'a (?:sandwich|snack)',
  'my (?:lunch|snacks?)',
]);
const EVADED_CONTROLS = oneOf([
  'taxes',
  'tax',
  'customs',
  'tracing',
  'monitoring',
  'police',
  'law enforcement',
  'the police',
  'arrest',
  'sanctions',
]);
const FRAUD = anyOf([
  '\\b(?:commit\\w*|do|doing|get away with|pull off|carry out|run|running|start|set up)\\b[^.?!]{0,20}\\b' +
    FRAUD_KINDS,
  '\\b(?:launder\\w*|counterfeit\\w*|forg(?:e|ing)|fak(?:e|ing)|falsif\\w*|embezzl\\w*)\\b (?:\\w+ ){0,2}' +
    FORGED_THINGS,
  '\\bstolen (?:credit card|card|identit|account|data|goods|car)',
  `\\b(?:phish\\w*|scam\\w*|con|swindl\\w*|defraud\\w*|trick\\w*|deceiv\\w*)\\b (?:\\w+ ){0,3}${SCAM_VICTIMS}`,
  `\\bsmuggl\\w* (?!(?:\\w+ ){0,2}?${SNACKS}\\b)`,
  `\\bevad\\w* ${EVADED_CONTROLS}`,
  '\\bdark ?web\\b',
  '\\bblack market\\b',
  '\\bwithout (?:a licen[cs]e|being traced|getting traced|detection|regulatory oversight|a prescription)',
  '\\bfake (?:ids?|passports?|reviews|documents)',
]);

/** Stealing, breaking in, kidnapping, extortion, stalking and other named crimes. */
const SPIED_ON_NOT_PEOPLE = oneOf([
  'birds',
  'animals',
  'wildlife',
  'nature',
  'squirrels',
  'deer',
  'foxes',
  'owls',
  'the competition',
  'competitors',
  'enemy (?:units|players|team)',
]);
const CRIME_ACTS = oneOf([
  'traffic(?:king)? (?:humans|people|women|children|girls|boys|migrants|organs)',
  'steal\\w*',
  'shoplift\\w*',
  'rob',
  'robbing',
  'pickpocket\\w*',
  'loot\\w*',
  'burglari[sz]\\w*',
  BREAK_INTO,
  'pick\\w* (?:a |the )?locks?',
  'hotwir\\w*',
  'carjack\\w*',
  'kidnap\\w*',
  'ransom',
  'extort\\w*',
  'blackmail\\w*',
  'bribe\\w*',
  'poach\\w* (?:elephants|rhinos|ivory|animals)',
  'traffick\\w*',
  'stalk\\w*',
  'dox\\w*',
  `spy(?:ing)? on (?!(?:the |some |wild |local |my )?${SPIED_ON_NOT_PEOPLE}\\b)`,
  "track (?:my |someone's |her |his )?(?:wife|husband|girlfriend|boyfriend|partner|ex)",
  'disabl\\w* (?:the |an? )?(?:alarm|security|cameras?)',
  'tamper\\w* with',
  'fool(?:ing)? (?:a |the )?breathalyzer',
  '(?:sell|buy)\\w* (?:human )?organs',
  'death threats?',
  'ransom note',
  'threaten\\w*',
  `swat(?:ting)? ${HUMAN}`,
]);
const THEFT_AND_ABUSE = `\\b${CRIME_ACTS}\\b`;

/** Buying or selling a person or their organs. */
const SOLD_PEOPLE = oneOf([
  'child',
  'children',
  'kid',
  'kids',
  'baby',
  'babies',
  'girl',
  'girls',
  'boy',
  'boys',
  'woman',
  'women',
  'wife',
  'bride',
  'slaves?',
  'human beings?',
  'humans',
  'person',
  'people',
  'organs? from',
]);
const BUY_PERSON =
  `\\b(?:buy|sell|purchas|auction|trad)\\w* (?:a |an |some )?${SOLD_PEOPLE}(?=\\s*` +
  '(?:[?.!,]|$|for\\b|from\\b|online\\b|on the\\b|in\\b|illegally\\b|abroad\\b|overseas\\b))';

/**
 * Fraud, theft and other named crimes; destroying evidence; trading people.
 * See ../harm-rules.ts for the reading order.
 */
export const FRAUD_THEFT_RULES: HarmRule[] = [
  // Covering up a crime: destroying evidence, cleaning a crime scene.
  { id: 'destroy-evidence', category: 'crime', severity: 'high', overridable: true, re: r(DESTROY_EVIDENCE) },
  // Committing fraud, forging documents or money, scamming people, smuggling.
  { id: 'fraud', category: 'fraud', severity: 'high', overridable: true, re: r(FRAUD) },
  // Stealing, breaking in, kidnapping, extortion, stalking and other named crimes.
  { id: 'theft-and-abuse', category: 'crime', severity: 'medium', overridable: true, re: r(THEFT_AND_ABUSE) },
  // Buying or selling a person or their organs.
  { id: 'buy-person', category: 'crime', severity: 'critical', overridable: true, re: r(BUY_PERSON) },
];
