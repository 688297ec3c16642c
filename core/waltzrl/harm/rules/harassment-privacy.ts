import { oneOf } from '../../text/regex-parts';
import { HUMAN, PRIVATE_PERSON } from '../harm-lexicon';
import { r, type HarmRule } from './rule-parts';

/** Framing, bullying, humiliating or intimidating a person. */
const HARASSMENT_ACTS = oneOf([
  `fram(?:e|ing) ${HUMAN} for`,
  `get(?:ting)? ${HUMAN} (?:fired|arrested|expelled|deported|evicted|suspended|jailed)\\b[^.?!]{0,30}\\b` +
    '(?:lying|lies|false(?:ly)?|fake|fabricat\\w*|planting|framing|rumou?rs?)',
  'bull(?:y|ies|ied|ying)\\w*',
  'silenc\\w* (?:a |the )?whistle-?blowers?',
  'harass\\w*',
  'humiliat\\w*',
  'ridicul\\w*',
  'insult\\w*',
  'intimidat\\w*',
  'gaslight\\w*',
  'psychologically manipulat\\w*',
  'hate mail',
  'cyberbull\\w*',
  'body[- ]sham\\w*',
  'mock\\w* (?:a |the |my )?(?:disabled|fat|gay|trans|black|ugly)',
  'profane language',
  'shame (?:a |the )?(?:child|kid|woman|girl|classmate)',
]);
const HARASS_PERSON = `\\b${HARASSMENT_ACTS}\\b`;

/** Getting a private person's records, passwords, messages or location. */
const GET_VERBS = oneOf([
  'find',
  'get',
  'obtain',
  'access',
  'look up',
  'track',
  'locate',
  'dox',
  'reveal',
  'leak',
  'steal',
  'hack',
  'see',
  'read',
  'view',
  'know',
  'find out',
]);
const PRIVATE_FILES = oneOf([
  'medical records',
  'health records',
  'passwords?',
  'login',
  'bank (?:account|details)',
  'credit card',
  'social security number',
  'messages',
  'texts',
  'emails',
  'location',
  'browsing history',
  'private (?:photos|pictures|messages)',
]);
const PRIVATE_RECORDS = `\\b${GET_VERBS}\\w*\\b[^.?!]{0,30}\\b${PRIVATE_PERSON} (?:(?:\\w+ ){0,2})${PRIVATE_FILES}`;

/**
 * Harassment of a person and private records of a person.
 * See ../harm-rules.ts for the reading order.
 */
export const HARASSMENT_PRIVACY_RULES: HarmRule[] = [
  // Framing, bullying, humiliating or intimidating a person.
  { id: 'harass-person', category: 'harassment', severity: 'medium', overridable: false, re: r(HARASS_PERSON) },
  // Getting a private person's records, passwords, messages or location.
  { id: 'private-records', category: 'privacy', severity: 'high', overridable: false, re: r(PRIVATE_RECORDS) },
];
