import { z } from 'zod';

const bool = (name: string) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return undefined;
      const s = v.trim().toLowerCase();
      if (['1', 'true', 'yes', 'on'].includes(s)) return true;
      if (['0', 'false', 'no', 'off'].includes(s)) return false;
      ctx.addIssue({ code: 'custom', message: `${name} must be one of true/false/1/0/yes/no/on/off, got "${v}"` });
      return z.NEVER;
    });

const EnvSchema = z.object({
  ENABLE_WALTZRL: bool('ENABLE_WALTZRL'),
  WALTZRL_STAGE: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return undefined;
      if (v.trim() === '1') return 1 as const;
      if (v.trim() === '2') return 2 as const;
      ctx.addIssue({ code: 'custom', message: `WALTZRL_STAGE must be 1 or 2, got "${v}"` });
      return z.NEVER;
    }),
  WALTZRL_FEEDBACK_ONLY: bool('WALTZRL_FEEDBACK_ONLY'),
  WALTZRL_BLOCK_ON_FAILURE: bool('WALTZRL_BLOCK_ON_FAILURE'),
  WALTZRL_SAFETY_THRESHOLD: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return undefined;
      const n = Number(v);
      if (!Number.isFinite(n) || n < 0 || n > 1 || v.trim() === '') {
        ctx.addIssue({ code: 'custom', message: `WALTZRL_SAFETY_THRESHOLD must be a number in [0, 1], got "${v}"` });
        return z.NEVER;
      }
      return n;
    }),
});

/** WaltzRL settings from the environment. */
export interface WaltzEnv {
  enabled: boolean;
  stage: 1 | 2;
  /** Log feedback, change nothing. */
  feedbackOnly: boolean;
  /** When the review itself fails: block the response (true) or pass it with the failure recorded (false). */
  blockOnFailure: boolean;
  /** Safety score in [0, 1] below which a response is revised (see `safetyScore`). */
  safetyThreshold: number;
}

export const WALTZ_ENV_DEFAULTS: WaltzEnv = { enabled: true, stage: 1, feedbackOnly: false, blockOnFailure: true, safetyThreshold: 0.7 };

export type WaltzEnvResult = { kind: 'ok'; env: WaltzEnv } | { kind: 'invalid'; errors: string[] };

/**
 * Parses ENABLE_WALTZRL, WALTZRL_STAGE (1|2), WALTZRL_FEEDBACK_ONLY, WALTZRL_BLOCK_ON_FAILURE and
 * WALTZRL_SAFETY_THRESHOLD ([0, 1]). Unset variables take the defaults; an unknown value is an error that
 * names the variable, never a silent default.
 */
export function parseWaltzEnv(env: Record<string, string | undefined>): WaltzEnvResult {
  const parsed = EnvSchema.safeParse({
    ENABLE_WALTZRL: env.ENABLE_WALTZRL,
    WALTZRL_STAGE: env.WALTZRL_STAGE,
    WALTZRL_FEEDBACK_ONLY: env.WALTZRL_FEEDBACK_ONLY,
    WALTZRL_BLOCK_ON_FAILURE: env.WALTZRL_BLOCK_ON_FAILURE,
    WALTZRL_SAFETY_THRESHOLD: env.WALTZRL_SAFETY_THRESHOLD,
  });
  if (!parsed.success) return { kind: 'invalid', errors: parsed.error.issues.map((i) => i.message) };
  const d = WALTZ_ENV_DEFAULTS;
  const p = parsed.data;
  return {
    kind: 'ok',
    env: {
      enabled: p.ENABLE_WALTZRL ?? d.enabled,
      stage: p.WALTZRL_STAGE ?? d.stage,
      feedbackOnly: p.WALTZRL_FEEDBACK_ONLY ?? d.feedbackOnly,
      blockOnFailure: p.WALTZRL_BLOCK_ON_FAILURE ?? d.blockOnFailure,
      safetyThreshold: p.WALTZRL_SAFETY_THRESHOLD ?? d.safetyThreshold,
    },
  };
}
