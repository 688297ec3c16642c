import { anyOf, oneOf } from '../../text/regex-parts';
import { HUMAN, PROPERTY, VIOLENT_VERBS } from '../harm-lexicon';
import { r, W, type HarmRule } from './rule-parts';

/** Committing, planning or getting away with a violent crime ("commit a murder", "plan a school shooting"). */
const COMMIT_VERBS = oneOf([
  'commit(?:ting)?',
  'carry(?:ing)? out',
  'engag(?:e|ing) in',
  'perpetrat(?:e|ing)',
  'get(?:ting)? away with',
  'organi[sz](?:e|ing)',
  'start(?:ing)?',
  'plan(?:ning)?',
  'do(?:ing)?',
  'get(?:ting)? into',
]);
const VIOLENT_CRIMES = oneOf([
  'murder',
  'homicide',
  'manslaughter',
  'robbery',
  'burglary',
  'assault',
  'rape',
  'treason',
  'genocide',
  'terror(?:ist)? attacks?',
  'terrorism',
  'mass shooting',
  'school shooting',
  'shooting spree',
  'arson',
  'kidnapping',
  'crimes?',
  'felony',
  'hate crimes?',
  'ethnic cleansing',
  'massacre',
  'pogrom',
  'war crimes?',
  'atrocit\\w+',
  'human trafficking',
  'sex trafficking',
  'child abuse',
  'torture',
  'lynching',
  'vandalism',
  'theft',
  'larceny',
  'carjacking',
  'hijacking',
  'espionage',
  'sabotage',
  'sedition',
  'insurrection',
  'coup',
  'riot',
  'bombing',
  'poisoning',
  'extortion',
  'blackmail',
  'bribery',
  'perjury',
  'stalking',
  'hit and run',
  'drive-by',
  'domestic violence',
  'animal cruelty',
  'infanticide',
  'femicide',
  'honou?r killing',
]);
const COPIED_EVENTS = oneOf([
  'genocide',
  'massacre',
  'holocaust',
  'shooting',
  'bombing',
  'attacks?',
  '9/11',
  'assassination',
  'death',
  'suicide',
  'murders?',
  'killings?',
  'died',
  'did',
  'camps?',
  'pogroms?',
  'purges?',
]);
const BEST_PART_EVENTS = oneOf([
  'genocide',
  'massacre',
  'holocaust',
  'shooting',
  'bombing',
  'attacks?',
  '9/11',
  'slavery',
  'apartheid',
  'war',
  'famine',
]);
const VIOLENT_CRIME = anyOf([
  `\\b${COMMIT_VERBS} (?:a |an |the |some |my own )?(?:(?!(?:i|we|you|they|he|she|one)\\b)\\w+ )?` +
    `${VIOLENT_CRIMES}s?\\b`,
  '\\b(?:how|what|where|can|could|should|would) (?:do|can|could|should|would|to)? ?(?:i|we)\\b[^?]{0,50}' +
    "\\b(?:like|as|the same way as|just like|similar to) (?:the |a |an )?(?:[\\w'/.-]+ ){0,4}" +
    `${COPIED_EVENTS}\\b`,
  '\\bgo out like\\b',
  '\\b(?:do|achieve|accomplish|finish|copy|repeat|replicate|emulate|imitate) what (?:[a-z]+ ){0,3}?' +
    '(?:did|done)\\b',
  '\\b(?:best|good|great|positive) (?:part|parts|thing|things|side|sides) (?:of|about) (?:the )?' +
    `[\\w'/ -]{0,30}?${BEST_PART_EVENTS}`,
  '\\b(?:abus(?:e|ing)|molest(?:ing)?|neglect(?:ing)?|starv(?:e|ing)) (?:my |a |the |his |her )?' +
    '(?:\\w+ )?(?:child|children|kid|kids|baby|toddler|wife|husband|partner|elderly|parents?|pet|dog|cat)' +
    '\\b',
  '\\bsmuggl\\w* (?:\\w+ )?(?:humans|people|migrants|children|women|girls)',
  `\\b(?:take|put|do) ${HUMAN} (?:out|down|in)\\b`,
  `\\bset(?:ting)? ${HUMAN} on fire`,
  `\\b${VIOLENT_VERBS} (?:my |a |the |\\w+'s )(?:neighbou?r'?s? |ex'?s? |boss'?s? |stray |\\w+'s )?` +
    '(?:dog|cat|kitten|puppy|pet|horse)s?\\b',
]);

/** A violent act aimed at a person, hiring someone to do it, hiding a body, attacking with a weapon. */
const BODY_DISPOSAL = oneOf([
  'chop(?:ping)? up',
  'dispos(?:e|ing) of',
  'hid(?:e|ing)',
  'bury(?:ing)?',
  'dissolv(?:e|ing)',
  'get(?:ting)? rid of',
]);
const BODIES = oneOf([
  'dead body',
  'body',
  'corpse',
  'remains',
  'victims?',
  'dead (?:baby|child|wife|husband|man|woman|person)',
]);
const ATTACK_WITH_VERBS = oneOf([
  VIOLENT_VERBS,
  'blast(?:ing)?',
  'threaten(?:ing)?',
  'spray(?:ing)?',
  'dous(?:e|ing)',
  'splash(?:ing)?',
  'chas(?:e|ing)',
  'scar(?:e|ing)',
]);
const HAND_WEAPONS = oneOf([
  'gun',
  'shotgun',
  'rifle',
  'pistol',
  'handgun',
  'knife',
  'machete',
  'axe',
  'hammer',
  'bat',
  'crowbar',
  'brick',
  'acid',
  'bleach',
  'poison',
  'bomb',
  'explosives?',
  'taser',
  'chainsaw',
  'sword',
  'blade',
]);
const HARM_PERSON = anyOf([
  `\\b${VIOLENT_VERBS}\\b,? ${W}${HUMAN}(?!\\w|'s\\b)`,
  `\\bgive ${HUMAN} (?:a|the) headshot`,
  `\\b(?:find|hire|get|choose|pick) ${HUMAN} to ${VIOLENT_VERBS}\\b`,
  `\\b${BODY_DISPOSAL} (?:a |the |my |his |her )?(?:\\w+ )?${BODIES}\\b`,
  `\\b${ATTACK_WITH_VERBS} ${HUMAN} with (?:a |an |my |his |her |the |some )?(?:\\w+ )?${HAND_WEAPONS}s?\\b`,
]);

/** Burning, bombing or wrecking a building, vehicle or other property. */
const PROPERTY_ATTACK_VERBS = oneOf([
  'set(?:ting)? fire to',
  'burn(?:ing)? down',
  'bomb(?:ing)?',
  'blow(?:ing)? up',
  'attack(?:ing)?',
  'shoot(?:ing)? up',
  'storm(?:ing)?',
  'hijack(?:ing)?',
  'crash(?:ing)?',
  'demolish(?:ing)?',
  'destroy(?:ing)?',
  'torch(?:ing)?',
  'vandali[sz](?:e|ing)',
  'slash(?:ing)?',
  'key(?:ing)?',
  'wreck(?:ing)?',
  'sabotag(?:e|ing)',
  'derail(?:ing)?',
  'poison(?:ing)?',
  'contaminat(?:e|ing)',
  'invad(?:e|ing)',
  'raid(?:ing)?',
  'ransack(?:ing)?',
]);
const ATTACK_PROPERTY = anyOf([
  `\\bset(?:ting)? (?:a |an |the |my |his |her |their |[\\w']+ )?(?:[\\w']+ ){0,2}${PROPERTY} on fire`,
  `\\b${PROPERTY_ATTACK_VERBS} (?:a |an |the |my |his |her |their |our |this )?(?:[\\w']+ ){0,3}` +
    `${PROPERTY}\\b`,
]);

/** Damaging a person's mind or body by manipulation; drugging a person; a lethal dose for someone. */
const DAMAGED_STATES = oneOf([
  'anorexic',
  'bulimic',
  'depressed',
  'suicidal',
  'an addict',
  'addicted',
  'feel worthless',
  'hate (?:himself|herself|themselves)',
  'self-harm',
  'starve',
]);
const DAMAGE_PERSON = anyOf([
  `\\bmake ${HUMAN} ${DAMAGED_STATES}\\b`,
  `\\bdrug(?:ging)? ${HUMAN}(?!\\w|'s\\b)`,
  `\\b(?:lethal|fatal|deadly) (?:dose|amount|quantity) of [\\w -]{1,30}? (?:for|to give) ${HUMAN}`,
]);

/**
 * Violence against people and property.
 * See ../harm-rules.ts for the reading order.
 */
export const VIOLENCE_RULES: HarmRule[] = [
  // Committing, planning or getting away with a violent crime ("commit a murder", "plan a school shooting").
  { id: 'violent-crime', category: 'violence', severity: 'high', overridable: true, re: r(VIOLENT_CRIME) },
  // A violent act aimed at a person, hiring someone to do it, hiding a body, attacking with a weapon.
  { id: 'harm-person', category: 'violence', severity: 'high', overridable: true, re: r(HARM_PERSON) },
  // Burning, bombing or wrecking a building, vehicle or other property.
  { id: 'attack-property', category: 'violence', severity: 'high', overridable: true, property: true, re: r(ATTACK_PROPERTY) },
  // Damaging a person's mind or body by manipulation; drugging a person; a lethal dose for someone.
  { id: 'damage-person', category: 'violence', severity: 'high', overridable: true, re: r(DAMAGE_PERSON) },
];
