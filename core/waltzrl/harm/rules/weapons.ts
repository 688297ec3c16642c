import { anyOf, oneOf } from '../../text/regex-parts';
import { HUMAN } from '../harm-lexicon';
import { r, type HarmRule } from './rule-parts';

/** Whose: "my neighbour's", "his", "their" (whose head, whose car). */
const SOMEONES = oneOf([
  "(?:a |the |some |this |that |my |your |our )?\\w+'s",
  'his',
  'her',
  'their',
]);

const BUILT = oneOf([
  'made',
  'built',
  'assembled',
  'constructed',
  'manufactured',
  'put together',
]);

/** Harm by instrument, hostage-taking, and causing harm ("make someone's car explode"). */
const FOOD_AND_MEDICINE = oneOf([
  'food',
  'drinks?',
  'coffee',
  'tea',
  'meals?',
  'dinner',
  'lunch',
  'breakfast',
  'water',
  'wine',
  'beer',
  'medication',
  'medicine',
  'pills',
  'inhaler',
  'insulin',
]);
const HARMED_STATES = oneOf([
  'die',
  'bleed',
  'suffer',
  'overdose',
  'disappear',
  'fall (?:down|off)',
  'drown',
  'choke',
  'pass out',
  'lose consciousness',
  'explode',
  'burst',
  'blow up',
  'catch fire',
]);
const HARM_BY_MEANS = anyOf([
  '\\bbur(?:y|ying) (?:\\w+ ){0,3}alive\\b',
  '\\b(?:poison|drug|spike|lace|contaminat|tamper\\w* with)\\w* ' +
    `(?:(?:my |a |the |our |your )?[\\w-]+'s|his|her|their) (?:[\\w']+ ){0,2}${FOOD_AND_MEDICINE}\\b`,
  "\\bspik(?:e|ing) (?:a |her |his |their |someone's |somebody's )?(?:\\w+ )?drinks?\\b",
  "\\bsaw(?:ing)? (?:up |off |through )?(?:a |the |his |her |my |\\w+'s )?(?:dead )?" +
    '(?:body|corpse|head|arms?|legs?|limbs?|hands?|fingers?)\\b',
  `\\b(?:hammer|axe|club|bash|cave)\\w* (?:in )?${SOMEONES} (?:head|skull|face|hands?|fingers?|knees?|teeth)`,
  `\\b(?:take|taking|hold|holding) ${HUMAN} (?:hostage|captive|prisoner)`,
  `\\bmake ${HUMAN} ${HARMED_STATES}\\b`,
  `\\bmake ${HUMAN} (?:have|get into|suffer|be in) (?:an? )?(?:\\w+ )?` +
    '(?:accident|fall|heart attack|stroke|seizure|allergic reaction|overdose)\\b',
  '\\b(?:cause|arrange|stage|fake)\\w* (?:an? )?(?:\\w+ )?accident ' +
    `(?:for|to|involving|that (?:kills|hurts|injures)) ${HUMAN}`,
  `\\bmake ${SOMEONES} (?:\\w+ )?` +
    '(?:car|house|home|phone|laptop|boat|plane|truck|bike|stove|oven|boiler|gas tank|tank) ' +
    '(?:explode|blow up|catch fire|burst into flames|crash|go up in flames)',
]);

/** Poisoning that escapes detection, fooling an autopsy. */
const UNDETECTED = oneOf([
  'hard(?:est)? to (?:detect|trace)',
  'undetectable',
  'untraceable',
  "(?:not|won'?t|doesn'?t|wouldn'?t|never) (?:show up|be detected|be traced)",
  "(?:not|never|fail to|won'?t|wouldn'?t|can'?t|cannot) (?:detect|find|trace|notice|identify|pick up)",
  'leaves? no trace',
]);
const UNDETECTABLE_POISON = anyOf([
  `\\b(?:poisons?|toxins?|substances?|drugs?|chemicals?|venoms?)\\b[^?]{0,60}\\b${UNDETECTED}`,
  '\\b(?:fool|beat|avoid|evade|pass|get past|trick)\\w* (?:an? |the )?' +
    '(?:autopsy|toxicology|coroner|medical examiner|forensic)',
]);

/** Getting a weapon past security into a protected place. */
const GUARDED_PLACES = oneOf([
  'school',
  'plane',
  'airplane',
  'airport',
  'flight',
  'stadium',
  'courthouse',
  'concert',
  'security',
  'metal detectors?',
  'government building',
  'church',
  'mosque',
  'synagogue',
  'hospital',
  'prison',
  'parliament',
  'capitol',
  'arena',
  'club',
  'festival',
  'classroom',
]);
const WEAPON_SMUGGLE =
  '\\b(?:sneak|smuggl|slip|hid|conceal|get|getting|sneaking|slipping)\\w* (?:a |an |my |the |some )?' +
  '(?:\\w+ )?(?:guns?|firearms?|knife|knives|weapons?|bombs?|explosives?|blades?|pistols?|rifles?) ' +
  `(?:into|onto|on to|through|past|inside) (?:a |an |the |my )?(?:\\w+ )?${GUARDED_PLACES}`;

/** Making a weapon or explosive, getting a gun illegally, converting a gun to full auto. */
const MAKE_VERBS = oneOf([
  'make',
  'making',
  'build',
  'building',
  'assembl\\w*',
  'construct\\w*',
  'manufactur\\w*',
  '3d[- ]print\\w*',
  'creat\\w*',
  'buil[dt]',
]);
const MADE_WEAPONS = oneOf([
  'bomb',
  'pipe bomb',
  'explosives?',
  'ied',
  'grenade',
  'molotov',
  'napalm',
  'thermite',
  'detonator',
  'ghost gun',
  'untraceable (?:gun|firearm)',
  'silencer',
  'suppressor',
  'automatic (?:weapon|rifle)',
  'machine gun',
  'firearm',
  'gun',
  'rifle',
  'dirty bomb',
  'nuclear (?:weapon|bomb|device)',
]);
const ILLICIT_PURCHASE = oneOf([
  'without',
  'illegally',
  'as a minor',
  'under ?age',
  'no background',
  'unregistered',
  'untraceable',
  'off the books',
]);
const CONVERTIBLE_GUNS = oneOf([
  'guns?',
  'rifles?',
  'pistols?',
  'handguns?',
  'firearms?',
  'glocks?',
  'ar-?15s?',
  'ak-?47s?',
  'weapons?',
  'semi-?autos?',
  'semi-?automatics?',
]);
const EXPLOSIVE_DEVICES = oneOf([
  'bombs?',
  'explosives?',
  'ieds?',
  'pipe bombs?',
  'grenades?',
  'molotovs?',
  'napalm',
  'thermite',
  'ghost guns?',
  'silencers?',
  'detonators?',
]);
const WEAPON_MAKE = anyOf([
  `\\b${MAKE_VERBS} (?:a |an |my own |homemade |some )?(?:\\w+ )?${MADE_WEAPONS}s?\\b`,
  '\\b(?:buy|purchase|get|obtain|acquire|get (?:my |our )?hands on|get (?:a)?hold of|find)\\w* ' +
    '(?:an? |some )?' +
    '(?:unregistered|untraceable|illegal|stolen|black[- ]market|ghost|unlicensed|off-the-books) ' +
    '(?:guns?|firearms?|handguns?|weapons?|rifles?|pistols?)\\b',
  '\\b(?:buy|purchase|get|obtain|acquire|get (?:my |our )?hands on|get (?:a)?hold of)\\w* (?:a |an )?' +
    `(?:gun|firearm|handgun|weapon|rifle|pistol|assault rifle|ar-15)s? [^?]{0,40}${ILLICIT_PURCHASE}`,
  `\\bconvert\\w* [^?]{0,30}?\\b${CONVERTIBLE_GUNS}\\b[^?]{0,20}(?:to|into) (?:fully )?` +
    '(?:automatic|full[- ]auto)',
  '\\bconvert\\w* [^?]{0,30}(?:to|into) (?:fully )?(?:automatic|full[- ]auto) ' +
    '(?:fire|firing|weapons?|rifles?|guns?)',
  '\\b(?:glock|auto) (?:switch|sear)',
  '\\bbump stock',
  `\\b${EXPLOSIVE_DEVICES} (?:[\\w'-]+ ){0,6}?(?:are|were|is|was|get|got|can be) ${BUILT}\\b`,
  `\\b(?:are|were|is|was) (?:the |a |an |these |those )?(?:[\\w'-]+ ){0,2}?${EXPLOSIVE_DEVICES} ` +
    `(?:[\\w'-]+ ){0,6}?${BUILT}\\b`,
  '\\bhighly enriched uranium',
  '\\bweapons?-grade',
]);

/** Chemical and biological weapons, toxins and pathogens, toxic gases, making a disease deadlier. */
const CHEM_BIO_TERMS = oneOf([
  'nerve agents?',
  'sarin',
  '\\bvx\\b',
  'tabun',
  'soman',
  'novichok',
  'ricin',
  'abrin',
  'anthrax',
  'botulinum',
  'botulism toxin',
  'phosgene',
  'mustard gas',
  'chlorine gas',
  'hydrogen cyanide',
  'cyanide',
  'dimethylmercury',
  'nitazene',
  'carfentanil',
  'parathion',
  'tetrodotoxin',
  'ebola',
  'smallpox',
  'variola',
  'plague bacteri\\w*',
  'bioweapons?',
  'biological (?:weapons?|warfare|agents?)',
  'chemical (?:weapons?|warfare)',
  'warfare agents?',
  'toxins?',
  'pathogens?',
  'precursors?',
  'gain[- ]of[- ]function',
  '(?:start|cause|spread|release)\\w* (?:an? )?(?:outbreak|pandemic|epidemic)',
  'infect as many',
  'mix(?:ing)? bleach and',
  '(?:make|mak(?:e|ing)|produc\\w*|creat\\w*|generat\\w*|releas\\w*) (?:a |an |some )?' +
    '(?:toxic|poisonous|lethal|deadly|noxious) (?:gas|fumes|smoke|cloud|vapou?r)',
  'bleach and ammonia',
  'more (?:deadly|lethal|transmissible|virulent|contagious)',
  '(?:killer|deadly|lethal|weaponi[sz]ed|engineered) ' +
    '(?:virus|viruses|pathogens?|bacteria|bacterium|disease|plague|strain|germs?)',
  'antibiotic[- ]resistant',
  'resistant to antibiotics',
  'dangerous (?:dna|gene|genetic) sequences',
  'biohazard\\w*',
  'controlled (?:laboratory )?(?:supplies|substances|chemicals)',
  'lewisite',
  '\\w*nitazenes?',
  'homebake',
]);
const CHEM_BIO_AGENT = `\\b${CHEM_BIO_TERMS}\\b`;

/**
 * Weapons and means of harm: poisoning, instruments, smuggling a weapon, making one, chemical and biological agents.
 * See ../harm-rules.ts for the reading order.
 */
export const WEAPON_RULES: HarmRule[] = [
  // Harm by instrument, hostage-taking, and causing harm ("make someone's car explode").
  { id: 'harm-by-means', category: 'violence', severity: 'high', overridable: true, re: r(HARM_BY_MEANS) },
  // Poisoning that escapes detection, fooling an autopsy.
  { id: 'undetectable-poison', category: 'violence', severity: 'critical', overridable: true, re: r(UNDETECTABLE_POISON) },
  // Getting a weapon past security into a protected place.
  { id: 'weapon-smuggle', category: 'weapons', severity: 'critical', overridable: true, re: r(WEAPON_SMUGGLE) },
  // Making a weapon or explosive, getting a gun illegally, converting a gun to full auto.
  { id: 'weapon-make', category: 'weapons', severity: 'critical', overridable: true, re: r(WEAPON_MAKE) },
  // Chemical and biological weapons, toxins and pathogens, toxic gases, making a disease deadlier.
  { id: 'chem-bio-agent', category: 'chemical_biological', severity: 'critical', overridable: false, re: r(CHEM_BIO_AGENT) },
];
