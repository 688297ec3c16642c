import { anyOf, oneOf } from '../../text/regex-parts';
import { SETTLEMENT } from '../harm-lexicon';
import { r, type HarmRule } from './rule-parts';

/** Praising, justifying or repeating an atrocity ("benefits of the Holocaust", "how to repeat 9/11"). */
const PRAISED_ATROCITIES = oneOf([
  'holocaust',
  'genocide',
  'ethnic cleansing',
  'slavery',
  'apartheid',
  'terroris\\w*',
  'massacres?',
  'shootings?',
  'bombings?',
  'attacks?',
  'lynchings?',
  'internment',
  'colonial\\w*',
  'hitler',
  'nazis?',
  'pogroms?',
]);
const REPEATED_ATROCITIES = oneOf([
  'genocide',
  'massacre',
  'holocaust',
  'shooting',
  'bombing',
  'bombs',
  'atomic bomb',
  'nuclear (?:bomb|attack|strike)',
  'chemical attack',
  'gas attack',
  'attacks?',
  '9/11',
  'assassination',
  'murders',
  'killings',
  'conditions',
  'concentration camps?',
  'gulags?',
  'slavery',
  'apartheid',
  'pogroms?',
  'famine',
  'purges?',
  'internment',
]);
const PLANNED_ATTACKS = oneOf([
  'death',
  'murder',
  'killing',
  'assassination',
  'attack',
  'shooting',
  'massacre',
  'bombing',
  'genocide',
  'holocaust',
  'terror(?:ist)? attack',
]);
const ATROCITY_PRAISE = anyOf([
  '\\b(?:why|how) (?:was|were|is|are) [^?]{1,60}? (?:right|justified|a hero|heroic|correct) (?:to|in|for) ',
  '\\b(?:why|how) (?:was|were|is|are) (?:the )?[^?]{1,60}? ' +
    '(?:a good thing|good for|beneficial|a success|necessary|positive)\\b',
  "\\b(?:benefits?|advantages?|upsides?|positive (?:sides?|aspects?)) of (?:the )?[\\w' -]{0,40}?" +
    PRAISED_ATROCITIES,
  '\\b(?:repeat|replicate|recreate|re-?enact|emulate) (?:the |another |a )?(?:success of (?:the )?)?' +
    `[\\w'/ -]{0,40}?${REPEATED_ATROCITIES}`,
  '\\bget(?:ting)? away with (?:murder|killing|rape|manslaughter|a (?:murder|crime|hit and run))',
  `\\bplan(?:ning)? (?:another |a |the next )?${PLANNED_ATTACKS}`,
  "\\b(?:recreate|replicate|repeat|copy|carry out|commit) (?:another|a|the next|my own) [\\w' -]{0,30}?" +
    '(?:like|similar to)\\b',
  '\\bwithout (?:getting caught|being caught|leaving (?:a )?trace|anyone noticing)',
  '\\bglorif\\w* (?:\\w+ ){0,3}' +
    '(?:violence|terroris\\w*|mass shootings?|school shootings?|sexual assault|rape|genocide)',
  '\\bin graphic detail\\b',
]);

/** Mass violence against places where people live ("wipe out a village"). */
const MASS_KILL_VERBS = oneOf([
  'wip(?:e|ing) out',
  'exterminat\\w*',
  'massacr\\w*',
  'annihilat\\w*',
  'eradicat\\w*',
  'raz(?:e|ing)',
  'destroy\\w*',
  'bomb\\w*',
  'gas(?:sing)?',
  'nuk(?:e|ing)',
  'burn(?:ing)? down',
  'depopulat\\w*',
  'ethnically cleans\\w*',
  'starv(?:e|ing)',
  'poison\\w*',
]);
const ATTACK_SETTLEMENT = `\\b${MASS_KILL_VERBS} ${SETTLEMENT}\\b`;

/** Asking why an atrocity or attack was justified ("why was the bombing a good thing"). */
const WHY_JUSTIFIED =
  '\\bwhy (?:was|were|is|are|did) [^?]{1,80}? ' +
  '(?:justified|justifiable|right|a good thing|heroic|deserved|acceptable|a good idea)\\b';

/** Making an atrocity happen again, or starting the next one. */
const REPEATABLE_ATROCITIES = oneOf([
  'genocide',
  'massacre',
  'holocaust',
  'pogrom',
  'famine',
  'ethnic cleansing',
  'civil war',
  'terror(?:ist)? attack',
  'bombing',
  'shooting',
]);
const ATROCITY_AGAIN = anyOf([
  `\\b(?:make|cause|let|help|get)\\w* (?:the |a |an |another )?[\\w' -]{0,40}?${REPEATABLE_ATROCITIES}s? ` +
    "(?:[\\w'-]+ ){0,3}?(?:to )?(?:happen|occur|take place|repeat|return)(?: itself)? " +
    '(?:again|today|now|once more|in (?:my|our|this) (?:town|city|country|time))\\b',
  '\\b(?:start|cause|trigger|incite|provoke|bring about|organi[sz]e)\\w* ' +
    '(?:another|a new|the next|a second) ' +
    '(?:genocide|holocaust|massacre|pogrom|civil war|ethnic cleansing|terror(?:ist)? attack)',
]);

/** Copying the methods of an atrocity in the present ("use the methods of the Holocaust today"). */
const ATROCITY_METHODS =
  '\\b(?:use|apply|copy|repeat|replicate|adopt)\\w* (?:the )?(?:same )?' +
  '(?:methods|tactics|techniques|strategies|weapons|approach) ' +
  '(?:from|of|used (?:in|at|by|during)|that [\\w ]{1,30} used)\\b[^?]{0,60}\\b' +
  '(?:today|now|against|on (?:my|the|a)|myself)\\b';

/**
 * Atrocities: praising, justifying, repeating or copying one; mass violence against a place.
 * See ../harm-rules.ts for the reading order.
 */
export const ATROCITY_RULES: HarmRule[] = [
  // Praising, justifying or repeating an atrocity ("benefits of the Holocaust", "how to repeat 9/11").
  { id: 'atrocity-praise', category: 'violence', severity: 'critical', overridable: false, re: r(ATROCITY_PRAISE) },
  // Mass violence against places where people live ("wipe out a village").
  { id: 'attack-settlement', category: 'violence', severity: 'critical', overridable: true, re: r(ATTACK_SETTLEMENT) },
  // Asking why an atrocity or attack was justified ("why was the bombing a good thing").
  { id: 'why-justified', category: 'violence', severity: 'critical', overridable: false, re: r(WHY_JUSTIFIED) },
  // Making an atrocity happen again, or starting the next one.
  { id: 'atrocity-again', category: 'violence', severity: 'critical', overridable: false, re: r(ATROCITY_AGAIN) },
  // Copying the methods of an atrocity in the present ("use the methods of the Holocaust today").
  { id: 'atrocity-methods', category: 'violence', severity: 'critical', overridable: false, re: r(ATROCITY_METHODS) },
];
