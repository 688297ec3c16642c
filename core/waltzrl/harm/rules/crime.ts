import { oneOf } from '../../text/regex-parts';
import { CRIMINAL_ENTERPRISE } from '../harm-lexicon';
import { r, REQUEST, type HarmRule } from './rule-parts';

/** A request for method with a wrongdoing manner ("illegally", "without permission", "make it look like an accident"). */
const METHOD_NOUNS = oneOf([
  'instructions?',
  'steps?',
  'guide',
  'plan',
  'code',
  'script',
  'tutorial',
  'methods?',
  'ways?',
  'advice',
  'how to',
  'tips',
  'template',
  'reply',
  'message',
  'email',
  'post',
]);
const METHOD_REQUEST = oneOf([
  REQUEST,
  '(?:give|provide|write|generate|describe|explain|outline|develop|list|suggest|draft|detail)\\w*\\b' +
    `[^.?!]{0,40}?\\b${METHOD_NOUNS}`,
]);
const WITHOUT_LEAVE = oneOf([
  'permission',
  'authori[sz]ation',
  'consent',
  'a licen[cs]e',
  'a warrant',
  'a prescription',
  'being (?:detected|caught|traced|noticed|seen)',
  'detection',
  'leaving (?:a )?trace',
]);
const WRONGDOING_MANNER = oneOf([
  'illegal(?:ly)?',
  'unlawful(?:ly)?',
  `without (?:official |their |the owner's |anyone's )?${WITHOUT_LEAVE}`,
  'untraceabl[ey]',
  'undetect(?:able|ed)',
  'evad(?:e|ing)',
  'evasion',
  'get(?:ting)? past security',
  'hostage',
  'coerc\\w*',
  'extort\\w*',
  'blackmail\\w*',
  '(?:seem|look|appear) like an accident',
  'exfiltrat\\w*',
  'skimm\\w*',
  'chop shops?',
  'brothels?',
  'scam\\w*',
  'from talking to (?:the )?(?:police|law enforcement|authorities)',
  'disable (?:the )?(?:gps|geofenc\\w*|tracker|alarm|safety|kill switch)',
]);
const ILLICIT_MANNER = `\\b${METHOD_REQUEST}\\b[^.?!]{0,120}?\\b${WRONGDOING_MANNER}\\b`;

/** Persuading or pressuring a person into a harmful act. */
const PRESSURED_PEOPLE = oneOf([
  'teen(?:ager)?s?',
  'child(?:ren)?',
  'kids?',
  'friends?',
  'person',
  'people',
  'someone',
  'secretary',
  'girl',
  'boy',
  'minors?',
  'users?',
  'elderly',
  'wife',
  'husband',
  'partner',
  'students?',
  'employees?',
  'followers',
  'readers',
]);
const HARMFUL_ACTS = oneOf([
  'using',
  'use',
  'take',
  'taking',
  'huff\\w*',
  'drink\\w*',
  'smok\\w*',
  'shar\\w*',
  'send\\w*',
  'feed\\w*',
  'harm\\w*',
  'hurt\\w*',
  'kill\\w*',
  'cut\\w*',
  'starv\\w*',
  'drugs?',
  'explicit',
  'intimate',
  'nudes?',
  'suicide',
  'self-harm',
]);
const PRESSURE_PERSON =
  '\\b(?:convinc|persuad|encourag|coerc|pressur|manipulat|trick|groom|lur|get)\\w* ' +
  `(?:a |an |the |my |your |their )?(?:\\w+ ){0,2}${PRESSURED_PEOPLE} (?:to|into) (?:\\w+ ){0,3}` +
  HARMFUL_ACTS;

/** Named wrongdoing without a weapon: defamation, cheating, rigging votes, fencing, catfishing, pimping, incitement. */
const WRONGDOINGS = oneOf([
  '(?:commit\\w* )?(?:libel|slander)\\w*',
  'defam(?:e|ing)',
  'embezzl\\w*',
  'cheat\\w* on (?:my |the |an? |his |her |their )?(?:taxes|tax returns?|exams?|tests?|finals|sats|bar exam)',
  'fenc(?:e|ing) (?:stolen|the stolen|some stolen|hot)',
  'rig(?:ging)? (?:an? |the |this |next |our |my )?(?:\\w+ ){0,2}' +
    '(?:election|vote|votes|ballots?|polls?|lottery|referendum)',
  'stuff(?:ing)? (?:the )?ballots?(?: box(?:es)?)?',
  'catfish\\w*',
  'waterboard\\w*',
  'incit(?:e|ing) (?:a |the )?(?:\\w+ )?' +
    '(?:riots?|violence|hatred|genocide|rebellion|insurrection|a mob|lynching)',
  'pimp(?:ing)? (?:out )?(?!(?:my |your |his |her |the |a )?' +
    '(?:ride|car|room|bike|desk|setup|kitchen|house|garden|style|look|wardrobe)\\b)' +
    '(?:someone|somebody|a |her|him|girls|women|my|them)',
  'dodg(?:e|ing) (?:a |the |my )?(?:speeding |parking )?(?:ticket|fine|taxes|draft|customs)\\b[^?]{0,20}' +
    '\\b(?:by lying|lying|illegally|bribing)',
]);
const NAMED_WRONGDOING = `\\b${WRONGDOINGS}\\b`;

/** Setting up, running or joining a criminal enterprise ("run a brothel", "set up a trafficking ring"). */
const RUN_VERBS = oneOf([
  'set(?:ting)? up',
  'run(?:ning)?',
  'operat(?:e|ing)',
  'establish\\w*',
  'start(?:ing)?',
  'launch\\w*',
  'found(?:ing)?',
  'fund(?:ing)?',
  'financ(?:e|ing)',
  'join(?:ing)?',
  'manag(?:e|ing)',
  'expand(?:ing)?',
  'grow(?:ing)?',
  'build(?:ing)?',
  'organi[sz](?:e|ing)',
  'recruit\\w* (?:for|into)',
]);
const RUN_ENTERPRISE =
  `\\b${RUN_VERBS} (?:a |an |the |my own |our own |my |our |his |their )?(?:\\w+ )?${CRIMINAL_ENTERPRISE}\\b`;

/**
 * Crime by manner or enterprise: illicit requests for method, pressuring people, named wrongdoing, criminal enterprises.
 * See ../harm-rules.ts for the reading order.
 */
export const CRIME_RULES: HarmRule[] = [
  // A request for method with a wrongdoing manner ("illegally", "without permission", "make it look like an accident").
  { id: 'illicit-manner', category: 'crime', severity: 'high', overridable: true, re: r(ILLICIT_MANNER) },
  // Persuading or pressuring a person into a harmful act.
  { id: 'pressure-person', category: 'crime', severity: 'high', overridable: true, re: r(PRESSURE_PERSON) },
  // Named wrongdoing without a weapon: defamation, cheating, rigging votes, fencing, catfishing, pimping, incitement.
  { id: 'named-wrongdoing', category: 'crime', severity: 'high', overridable: true, re: r(NAMED_WRONGDOING) },
  // Setting up, running or joining a criminal enterprise ("run a brothel", "set up a trafficking ring").
  { id: 'criminal-enterprise', category: 'crime', severity: 'high', overridable: true, re: r(RUN_ENTERPRISE) },
];
