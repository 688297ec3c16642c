import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HARM_RULES } from '../../../core/waltzrl/harm/harm-rules';
import { PRIVATE_DATA } from '../../../core/waltzrl/harm/harm-lexicon';
import { ATROCITY_RULES } from '../../../core/waltzrl/harm/rules/atrocities';
import { CRIME_RULES } from '../../../core/waltzrl/harm/rules/crime';
import { CYBERCRIME_RULES } from '../../../core/waltzrl/harm/rules/cybercrime';
import { DRUG_RULES } from '../../../core/waltzrl/harm/rules/drugs';
import { EXTREMISM_RULES } from '../../../core/waltzrl/harm/rules/extremism';
import { FRAUD_THEFT_RULES } from '../../../core/waltzrl/harm/rules/fraud-theft';
import { HARASSMENT_PRIVACY_RULES } from '../../../core/waltzrl/harm/rules/harassment-privacy';
import { HATE_RULES } from '../../../core/waltzrl/harm/rules/hate';
import { MISINFORMATION_RULES } from '../../../core/waltzrl/harm/rules/misinformation';
import { SELF_HARM_SEXUAL_RULES } from '../../../core/waltzrl/harm/rules/self-harm-sexual';
import { VIOLENCE_RULES } from '../../../core/waltzrl/harm/rules/violence';
import { WEAPON_RULES } from '../../../core/waltzrl/harm/rules/weapons';
import { CONDEMNATION_CUES } from '../../../core/waltzrl/refusal/cues/condemnation';
import { DECLINE_CUES } from '../../../core/waltzrl/refusal/cues/declines';
import { JUDGEMENT_CUES } from '../../../core/waltzrl/refusal/cues/judgements';
import { PREMISE_CUES } from '../../../core/waltzrl/refusal/cues/premise';
import { REDIRECTION_CUES } from '../../../core/waltzrl/refusal/cues/redirections';
import { OPENING_CUES } from '../../../core/waltzrl/refusal/refusal-cues';
import { anyOf, oneOf } from '../../../core/waltzrl/text/regex-parts';

const THEMED_RULES = [
  SELF_HARM_SEXUAL_RULES, HATE_RULES, EXTREMISM_RULES, ATROCITY_RULES, VIOLENCE_RULES, WEAPON_RULES, DRUG_RULES,
  CYBERCRIME_RULES, FRAUD_THEFT_RULES, CRIME_RULES, MISINFORMATION_RULES, HARASSMENT_PRIVACY_RULES,
].flat();
const THEMED_CUES = [DECLINE_CUES, JUDGEMENT_CUES, REDIRECTION_CUES, PREMISE_CUES, CONDEMNATION_CUES].flat();
const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

describe('regex parts', () => {
  it('oneOf groups the terms, anyOf only joins them', () => {
    expect(oneOf(['a', 'b c'])).toBe('(?:a|b c)');
    expect(anyOf(['a', 'b c'])).toBe('a|b c');
    expect(new RegExp(`\\b${oneOf(['kill', 'hurt'])} him`).source).toBe('\\b(?:kill|hurt) him');
  });
});

describe('rule tables', () => {
  it('every harm rule has a unique kebab-case id', () => {
    const ids = HARM_RULES.map((r) => r.id);
    for (const id of ids) expect(id).toMatch(KEBAB);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('the reading order lists every rule of ./rules/ exactly once', () => {
    expect(HARM_RULES).toHaveLength(THEMED_RULES.length);
    expect(new Set(HARM_RULES)).toEqual(new Set(THEMED_RULES));
  });

  it('every opening cue has a unique name and is listed exactly once', () => {
    const names = OPENING_CUES.map((c) => c.name);
    for (const name of names) expect(name).toMatch(/^[a-z]+(?:_[a-z]+)*$/);
    expect(new Set(names).size).toBe(names.length);
    expect(OPENING_CUES).toHaveLength(THEMED_CUES.length);
    expect(new Set(OPENING_CUES)).toEqual(new Set(THEMED_CUES));
  });

  it('every private data kind has a unique kebab-case id', () => {
    const ids = PRIVATE_DATA.map((d) => d.id);
    for (const id of ids) expect(id).toMatch(KEBAB);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('rule sources stay readable', () => {
  const root = join(__dirname, '..', '..', '..', 'core', 'waltzrl');
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((e) => (statSync(join(dir, e)).isDirectory() ? files(join(dir, e)) : [join(dir, e)]));
  const sources = ['harm', 'refusal', 'text', 'review'].flatMap((d) => files(join(root, d))).filter((f) => f.endsWith('.ts'));

  it.each(sources.map((f) => [f.slice(root.length + 1), f]))('%s: lines of at most 200 characters, at most 300 lines', (_name, f) => {
    const lines = readFileSync(f, 'utf8').split('\n');
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(200);
    expect(lines.length).toBeLessThanOrEqual(300);
  });
});
