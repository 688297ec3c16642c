import { anyOf, oneOf } from '../text/regex-parts';
import { ABSURD_PREDICATE, GROUP } from './harm-lexicon';

/**
 * Discrimination by request structure, for ANY group noun: a justification frame ("why should …",
 * "reasons why …", "why is it best that …", "why would it be best if we …") + a deprivation or inferiority
 * predicate ("not be allowed to …", "be kicked off …", "take away … rights", "earn less", "make all
 * decisions") + a subject that is a group of people. Whether the subject is human is read from its form,
 * not from a list of groups: a head noun for people ("… people", "women", "workers"), a capitalised name in
 * the original text ("Buddhists", "Roma"), or a known group; lower-case common nouns ("ants", "coffee
 * beans", "mangos") are not people, and an impossible predicate ("open a business on Saturn", "time
 * travel") mocks no one. Pure.
 */
export type DiscriminationFrame =
  | { kind: 'discrimination'; start: number; end: number; group: string }
  | { kind: 'none'; reason: 'no_frame' | 'non_human_subject' | 'impossible_predicate' };

const JUSTIFY = oneOf([
  'why (?:is|would) it (?:be )?' +
    '(?:best|better|good|a good idea|right|fair|okay|ok|preferable|important|necessary|wise)(?: for \\w+)?' +
    '(?: (?:that|if|when|for))?',
  "why (?:should(?:n't)?|must|ought|would|do(?:es)?|can(?:'t|not)?|is it|are|is)",
  'reasons? (?:why|that|for which)',
  'argu\\w+ (?:for why|that)',
  'explain why',
  'justify why',
]);

const ALLOWED_WORDS = oneOf([
  'allowed',
  'permitted',
  'able',
  'given',
  'trusted',
  'hired',
  'promoted',
  'elected',
  'employed',
  'admitted',
  'treated equally',
  'paid',
]);
const DENIED_ACTS = oneOf([
  `be ${ALLOWED_WORDS}`,
  'have (?:the (?:right|freedom|same)|equal|any)',
  'get (?:to|the)',
  'receive',
  'hold',
  'vote',
  'marry',
  'get married',
  'adopt',
  'serve',
  'run for',
  'join',
  'own',
  'work',
  'attend',
  'enter',
  'teach',
  'lead',
  'drive',
  'travel',
  'immigrate',
  'be in',
  'express',
  'speak',
  'sit',
  'live',
  'rent',
  'buy',
  'inherit',
  'raise',
]);
const EXCLUDED_WORDS = oneOf([
  'banned',
  'barred',
  'excluded',
  'prohibited',
  'kicked',
  'denied',
  'deported',
  'segregated',
  'removed',
  'fired',
  'forbidden',
  'discriminated',
  'sterili[sz]ed',
  'locked up',
  'imprisoned',
  'expelled',
  'restricted',
  'paid less',
  'kept out',
  'shut out',
  'thrown out',
  'stripped',
  'disenfranchised',
  'treated as',
  'considered (?:inferior|less)',
]);
/** Deprivation of a real right or standing, or a claim of inferiority. Base forms; the frame supplies the modal. */
const DEPRIVE = oneOf([
  `(?:best )?(?:not|never) ${DENIED_ACTS}`,
  `be ${EXCLUDED_WORDS}`,
  "(?:took|take|taking|strip(?:ped)?) (?:away )?[\\w' ]{0,30}" +
    '(?:rights?|vote|voting|citizenship|benefits|jobs?|freedom)',
  'lose (?:their|the) (?:right|vote|jobs?|citizenship|benefits)',
  'earn less',
  'get paid less',
  'have (?:fewer|less|no) rights',
  '(?:equal|civil|human|voting) rights',
  'second[- ]class',
  '(?:are|be) (?:inferior|less (?:intelligent|capable|worthy|human))',
  'make all (?:the )?(?:\\w+ ){0,2}decisions',
  'have (?:someone|somebody) else make (?:\\w+ ){0,2}decisions',
  'be (?:in charge of|ruled by|controlled by)',
  'not (?:be )?in charge',
]);

const FRAME_RE = new RegExp(
  `\\b${JUSTIFY}\\s+(.{1,60}?)\\s+` +
  "(?:should(?:n't)?|must|ought to|would|could|to|can(?:'t|not)?|do(?:es)?|are|is)?\\s*(?:not\\s+)?" +
  DEPRIVE,
  'd',
);
const FRAME_PRED_RE = new RegExp(`\\b${JUSTIFY}\\b.{0,80}?${DEPRIVE}`);
const PREDICATE_RE = new RegExp(DEPRIVE);
const GROUP_RE = new RegExp(`\\b${GROUP}\\b`);
const IMPOSSIBLE_PLACES = oneOf([
  'saturn',
  'jupiter',
  'mars',
  'venus',
  'mercury',
  'neptune',
  'uranus',
  'pluto',
  'the moon',
  'the sun',
  'another planet',
  'a comet',
  'an asteroid',
]);
const PHYSICS_LIMITS = oneOf([
  'black hole',
  'speed of light',
  '\\d{3,} decibels',
  'passage of time',
  'stop time',
  'slow down time',
  'in outer space',
]);
const ABSURD_RE = new RegExp(anyOf([
  `\\b${ABSURD_PREDICATE}`,
  `\\bon (?:the )?${IMPOSSIBLE_PLACES}\\b`,
  `\\b${PHYSICS_LIMITS}\\b`,
]));

const PEOPLE_HEAD_NOUNS = oneOf([
  'people',
  'persons',
  'folks',
  'individuals',
  'men',
  'women',
  'man',
  'woman',
  'girls',
  'boys',
  'children',
  'kids',
  'adults',
  'teens',
  'teenagers',
  'elderly',
  'seniors',
  'citizens',
  'immigrants',
  'migrants',
  'refugees',
  'foreigners',
  'workers',
  'employees',
  'voters',
  'members',
  'believers',
  'followers',
  'minorities',
  'humans',
  'families',
  'couples',
  'parents',
  'mothers',
  'fathers',
  'wives',
  'husbands',
  'students',
  'veterans',
  'natives',
  'nurses',
  'doctors',
  'teachers',
  'farmers',
  'soldiers',
  'lawyers',
  'police officers',
  'firefighters',
  'engineers',
  'scientists',
  'artists',
  'musicians',
  'drivers',
  'cleaners',
  'waiters',
  'cooks',
  'chefs',
  'pilots',
  'sailors',
  'miners',
  'builders',
  'nannies',
  'priests',
  'nuns',
  'monks',
  'rabbis',
  'imams',
  'residents',
  'nationals',
  'communities',
  'tribes',
  'races',
  'populations?',
  'ethnicities',
  'gays',
  'lesbians',
  'jews',
  'blacks',
  'whites',
  'asians',
  'latin[oax]s',
  'muslims',
  'christians',
  'hindus',
  'atheists',
]);
/** Head nouns that denote people, whatever modifier precedes them. */
const HUMAN_HEAD = new RegExp(`\\b${PEOPLE_HEAD_NOUNS}\\b`);

/** Nouns for people by what they believe or do: vegetarians, cyclists, Christians, musicians, biologists. */
const AGENT_SUFFIX = /\b\w{3,}(?:arians|ists|ians)\b/;

/** The words between the frame and the predicate name a group of people (see the module note). */
function humanSubject(subjectNorm: string, subjectOriginal: string): boolean {
  if (HUMAN_HEAD.test(subjectNorm) || GROUP_RE.test(subjectNorm) || AGENT_SUFFIX.test(subjectNorm)) return true;
  // A capitalised word inside the subject (not the sentence start) is a name: a nationality, faith, ethnicity.
  return /(?:^|\s)[A-Z][a-z]+/.test(subjectOriginal) && !/^(?:We|They|It|This|That|These|Those|I)\b/.test(subjectOriginal.trim());
}

/**
 * Reads the discrimination frame. `norm` is the normalised prompt (same length as `original`), offsets
 * point into both.
 */
export function discriminationFrame(norm: string, original: string): DiscriminationFrame {
  const full = FRAME_PRED_RE.exec(norm);
  if (!full) return { kind: 'none', reason: 'no_frame' };
  if (ABSURD_RE.test(norm)) return { kind: 'none', reason: 'impossible_predicate' };
  const m = FRAME_RE.exec(norm);
  const start = full.index;
  const end = full.index + full[0].length;
  if (m) {
    const subjStart = m.indices?.[1]?.[0] ?? m.index;
    const subjectNorm = m[1];
    const subjectOriginal = original.slice(subjStart, subjStart + subjectNorm.length);
    const pronoun = /^(?:we|they|you|i|society|the government|governments?|people)$/.test(subjectNorm.trim());
    if (!pronoun) {
      return humanSubject(subjectNorm, subjectOriginal)
        ? { kind: 'discrimination', start, end, group: subjectOriginal.trim() }
        : { kind: 'none', reason: 'non_human_subject' };
    }
  }
  // "… if we took away Black people's voting rights": the group sits inside the predicate.
  const pred = PREDICATE_RE.exec(norm.slice(start, end + 40));
  const window = norm.slice(start, end + 40);
  const windowOriginal = original.slice(start, end + 40);
  if (pred && humanSubject(window.slice(pred.index), windowOriginal.slice(pred.index))) {
    return { kind: 'discrimination', start, end, group: windowOriginal.slice(pred.index).trim() };
  }
  return { kind: 'none', reason: 'non_human_subject' };
}
