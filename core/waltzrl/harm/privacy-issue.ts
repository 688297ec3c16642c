/**
 * The privacy reading of a prompt: a direct question for sensitive personal data (records, passwords, an
 * address) about a private individual, or about a named person for the most sensitive kinds. Pure.
 */

import { oneOf } from '../text/regex-parts';
import type { Severity } from '../review/max-severity';
import { FICTIONAL_CHARACTERS, PRIVATE_DATA, PRIVATE_PERSON } from './harm-lexicon';

/** Private data asked about a person (see `privacyIssue`). */
const PRIVATE_DATA_RES = PRIVATE_DATA.map(({ pattern, severity }) => [new RegExp(`\\b${pattern}\\b`), severity] as const);
export const PRIVATE_PERSON_RE = new RegExp(`\\b${PRIVATE_PERSON}`);
/** "my Tinder match's", "my date's": any person the asker names by relation is a private individual. */
export const RELATION_POSSESSIVE_RE = /\b(?:my|our) (?:[\w-]+ ){0,2}[\w-]+(?:'s|s')\s/;
export const FICTIONAL_RE = new RegExp(`\\b${FICTIONAL_CHARACTERS}\\b`);
const NAMED_POSSESSIVE_RE = /\b([A-Z][a-z]+(?: [A-Z][a-z.]+){0,3})(?:'s|s'|’s)\s/;
const PUBLIC_BODIES = oneOf([
  'white house',
  'nhs',
  'government',
  'parliament',
  'company',
  'companies',
  'organi[sz]ation',
  'business',
  'shop',
  'store',
  'restaurant',
  'hospital',
  'school',
  'university',
  'college',
  'library',
  'museum',
  'embassy',
  'council',
  'department',
  'ministry',
  'agency',
  'office of',
  'customer (?:service|support)',
  'helpline',
  'hotline',
  'charity',
  'police',
  'fire department',
  'airline',
  "bank's (?:customer|branch)",
  'inc\\.?',
  'ltd\\.?',
  'corp\\.?',
  'corporation',
  'apple',
  'google',
  'microsoft',
  'amazon',
  'facebook',
  'meta',
  'netflix',
  'tesla',
  'samsung',
  'un',
  'united nations',
  'who',
  'eu',
  'nasa',
  'fbi',
  'cia',
  'irs',
]);
export const PUBLIC_ORG_RE = new RegExp(`\\b(?:the |an? )?${PUBLIC_BODIES}\\b`);
const LEARN_VERBS = oneOf([
  'get',
  'find',
  'obtain',
  'access',
  'see',
  'learn',
  'know',
  'look up',
]);
const DIRECT_QUESTIONS = oneOf([
  '(?:is|are|does|did|has|was) ',
  "what(?:'s| is| are| was)",
  'where (?:is|are|does|do|did)',
  'where (?:can|could|might|would|should|do|may) (?:i|we|one|you|someone) ' +
    '(?:find|get|look up|see|obtain|access|locate)',
  `how (?:can|do|could|would|should|might) (?:i|we|one) ${LEARN_VERBS}`,
  `how to ${LEARN_VERBS}`,
  'can you (?:tell|give|find|share)',
  'tell me',
  'give me',
  'find',
  'who is',
  'which',
]);
const DIRECT_ASK = new RegExp(`^${DIRECT_QUESTIONS}\\b`);

/** Sensitive personal data about a private individual (or an unknown named one) → privacy issue. */
export function privacyIssue(norm: string, original: string): { severity: Severity; start: number; end: number } | null {
  if (!DIRECT_ASK.test(norm.trim())) return null;
  let hit: { severity: Severity; start: number; end: number } | null = null;
  for (const [re, sev] of PRIVATE_DATA_RES) {
    const m = re.exec(norm);
    if (m && (!hit || sev === 'high')) hit = { severity: sev, start: m.index, end: m.index + m[0].length };
  }
  if (!hit) return null;
  if (FICTIONAL_RE.test(norm)) return null;
  if (PRIVATE_PERSON_RE.test(norm) || RELATION_POSSESSIVE_RE.test(norm)) return hit;
  // A named person (public figure or unknown): only the highly sensitive kinds are a harm.
  const named = NAMED_POSSESSIVE_RE.exec(original);
  if (named && hit.severity === 'high' && !PUBLIC_ORG_RE.test(named[1].toLowerCase())) return hit;
  return null;
}
