/**
 * Rules behind `harmIntent`: harmful intent by category, each a pattern over the normalised prompt built from
 * the word lists in harm-lexicon.ts. General request structure and vocabulary only, never whole prompts.
 * The rules live in ./rules/, one file per theme (each rule with its id and a comment of what it reads);
 * this file puts them in reading order.
 */

import { SELF_HARM_SEXUAL_RULES } from './rules/self-harm-sexual';
import { HATE_RULES } from './rules/hate';
import { EXTREMISM_RULES } from './rules/extremism';
import { ATROCITY_RULES } from './rules/atrocities';
import { VIOLENCE_RULES } from './rules/violence';
import { WEAPON_RULES } from './rules/weapons';
import { DRUG_RULES } from './rules/drugs';
import { CYBERCRIME_RULES } from './rules/cybercrime';
import { FRAUD_THEFT_RULES } from './rules/fraud-theft';
import { CRIME_RULES } from './rules/crime';
import { MISINFORMATION_RULES } from './rules/misinformation';
import { HARASSMENT_PRIVACY_RULES } from './rules/harassment-privacy';
import type { HarmRule } from './rules/rule-parts';

export type { HarmRule } from './rules/rule-parts';
export { REQUEST } from './rules/rule-parts';

const THEMED: HarmRule[] = [
  ...SELF_HARM_SEXUAL_RULES,
  ...HATE_RULES,
  ...EXTREMISM_RULES,
  ...ATROCITY_RULES,
  ...VIOLENCE_RULES,
  ...WEAPON_RULES,
  ...DRUG_RULES,
  ...CYBERCRIME_RULES,
  ...FRAUD_THEFT_RULES,
  ...CRIME_RULES,
  ...MISINFORMATION_RULES,
  ...HARASSMENT_PRIVACY_RULES,
];
const BY_ID = new Map(THEMED.map((rule) => [rule.id, rule]));
const byId = (id: string): HarmRule => {
  const rule = BY_ID.get(id);
  if (!rule) throw new Error(`no harm rule with id '${id}'`);
  return rule;
};

/**
 * The rules in reading order, by id; the first rule of a category that matches gives that category's issue.
 * Every rule of ./rules/ is listed exactly once (a unit test checks it).
 */
export const HARM_RULES: HarmRule[] = [
  // Self-harm first, so "hang myself" is self-harm rather than violence.
  'self-harm-method',
  'child-sexual',
  'group-extermination',
  'group-unfit',
  'atrocity-praise',
  'violent-crime',
  'harm-person',
  'attack-property',
  'attack-settlement',
  'harm-by-means',
  'why-justified',
  'undetectable-poison',
  'destroy-evidence',
  'join-terror',
  'weapon-smuggle',
  'atrocity-again',
  'restore-discrimination',
  'atrocity-methods',
  'weapon-make',
  'chem-bio-agent',
  'drug-trade',
  'hack-system',
  'fraud',
  'theft-and-abuse',
  'attack-code',
  'harass-person',
  'misleading-claim',
  'event-denial',
  'copyright-text',
  'illicit-manner',
  'drug-use',
  'buy-person',
  'damage-person',
  'pressure-person',
  'extremist-movement',
  'extremist-propaganda',
  'named-wrongdoing',
  'criminal-enterprise',
  'consent-dismissed',
  'explicit-writing',
  'deceptive-writing',
  'private-records',
].map(byId);
