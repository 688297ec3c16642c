import type { CrlConfig } from '../../../config/config';
import { type GuardFormat, type GuardFormatName, GUARD_FORMAT_NAMES } from './guard-format';
import { graniteGuardian } from './granite-guardian';
import { jsonJudge } from './json-judge';
import { llamaGuard } from './llama-guard';
import { shieldgemma } from './shieldgemma';
import { wildguard } from './wildguard';

export { GUARD_FORMAT_NAMES, type GuardFormat, type GuardFormatName, Stage2Error, type Stage2Reason } from './guard-format';

/** Every Stage 2 format by name (`waltzrl.stage2.format`, `--stage2-format`). */
export const GUARD_FORMATS: Record<GuardFormatName, GuardFormat> = {
  json: jsonJudge,
  'llama-guard': llamaGuard,
  wildguard,
  shieldgemma,
  'granite-guardian': graniteGuardian,
};

export const isGuardFormatName = (s: string): s is GuardFormatName => (GUARD_FORMAT_NAMES as readonly string[]).includes(s);

/** The config key `waltzrl.stage2.format` allows exactly these names (fails to compile when the two drift apart). */
type Exactly<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export type ConfigFormatsMatch = Exactly<CrlConfig['waltzrl']['stage2']['format'], GuardFormatName> extends true ? true : never;
export const CONFIG_FORMATS_MATCH: ConfigFormatsMatch = true;
