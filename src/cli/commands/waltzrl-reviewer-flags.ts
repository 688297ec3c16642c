import type { Command } from 'commander';
import type { ReviewResult } from '../../../core/waltzrl/review/review';
import { UsageError } from '../../errors';
import type { Reviewer } from '../../features/waltzrl/reviewer';
import type { ReviewVerdict } from '../../features/waltzrl/review-verdict';
import type { CliKit } from '../kit';

/** The flags `crl waltzrl review` and `crl waltzrl eval` share to choose and configure the reviewer. */
export interface ReviewerFlags {
  reviewer?: string;
  stage2Url?: string;
  stage2Model?: string;
  stage2Format?: string;
  escalate?: boolean;
}

export type ReviewerChoice =
  | { kind: 'stage1'; stage1: Reviewer }
  /** `stage1 --escalate`: Stage 1, pairs it reads as uncertain escalated to Stage 2. */
  | { kind: 'escalating'; stage1: Reviewer; stage2: Reviewer; primary: Reviewer }
  | { kind: 'stage2'; stage1: Reviewer; stage2: Reviewer }
  | { kind: 'both'; stage1: Reviewer; stage2: Reviewer };

const REVIEWERS = ['stage1', 'stage2', 'both'];
const FORMATS = 'json, llama-guard, wildguard, shieldgemma, granite-guardian';

export function addReviewerFlags(cmd: Command): Command {
  return cmd
    .option('--reviewer <which>', 'stage1 (rules, default) | stage2 (the guard model) | both (compare them; uncertain prompts escalated)')
    .option('--stage2-url <url>', 'Stage 2 OpenAI-compatible base URL (default: config waltzrl.stage2.url)')
    .option('--stage2-model <model>', 'Stage 2 model name (default: config waltzrl.stage2.model)')
    .option('--stage2-format <format>', `Stage 2 prompt format: ${FORMATS} (default: config waltzrl.stage2.format, json)`)
    .option('--escalate', 'with --reviewer stage1: pairs whose prompt Stage 1 reads as uncertain go to Stage 2');
}

/**
 * The reviewer(s) the flags ask for. Stage 2 settings come from the flags, else the config (`--config`,
 * `CRL_CONFIG`); the API key from the variable named by `waltzrl.stage2.api_key_env`. A Stage 2 without an
 * endpoint or model, an unknown format or reviewer, or a Stage 2 flag that would go unused, is a usage error
 * naming the flag — never a silent Stage 1.
 */
export async function chooseReviewer(o: ReviewerFlags, kit: CliKit): Promise<ReviewerChoice> {
  const { stage1Reviewer } = await import('../../features/waltzrl/reviewer');
  const stage1 = stage1Reviewer();
  const which = o.reviewer ?? 'stage1';
  if (!REVIEWERS.includes(which)) throw new UsageError(`--reviewer must be stage1, stage2 or both, got "${which}"`);
  if (o.escalate && which !== 'stage1') {
    throw new UsageError(`--escalate applies to --reviewer stage1 (--reviewer ${which} ${which === 'both' ? 'escalates already' : 'has no Stage 1 to escalate from'})`);
  }
  const needs2 = which !== 'stage1' || !!o.escalate;
  if (!needs2) {
    const given = (['--stage2-url', '--stage2-model', '--stage2-format'] as const).filter((_, i) => [o.stage2Url, o.stage2Model, o.stage2Format][i] !== undefined);
    if (given.length) throw new UsageError(`${given.join(', ')}: only used with --reviewer stage2|both or --escalate`, { hint: 'Add --reviewer stage2, or drop the flag.' });
    return { kind: 'stage1', stage1 };
  }
  const { configFileOf, DEFAULT_CONFIG } = await import('../../config/config-defaults');
  const file = configFileOf(kit.globals().config);
  const cfg = file ? (await import('../../config/config')).loadConfigFile(file) : DEFAULT_CONFIG;
  const s = cfg.waltzrl.stage2;
  const why = o.escalate ? '--escalate' : `--reviewer ${which}`;
  const url = o.stage2Url ?? s.url;
  if (!url) throw new UsageError(`${why} needs a Stage 2 endpoint: give --stage2-url URL`, { hint: 'Or set waltzrl.stage2.url in the config (--config FILE).' });
  let parsed: URL | null = null;
  try {
    parsed = new URL(url);
  } catch {
    parsed = null;
  }
  if (!parsed || !/^https?:$/.test(parsed.protocol)) throw new UsageError('--stage2-url must be an http(s) URL such as http://127.0.0.1:8000/v1');
  if (parsed.username || parsed.password) {
    throw new UsageError('--stage2-url must not carry credentials', { hint: `Put the API key in the variable named by waltzrl.stage2.api_key_env (${s.api_key_env}).` });
  }
  const model = o.stage2Model ?? s.model;
  if (!model) throw new UsageError(`${why} needs a Stage 2 model: give --stage2-model NAME`, { hint: 'Or set waltzrl.stage2.model in the config (--config FILE).' });
  const { isGuardFormatName } = await import('../../features/waltzrl/guard-formats/index');
  const format = o.stage2Format ?? s.format;
  if (!isGuardFormatName(format)) throw new UsageError(`--stage2-format must be one of ${FORMATS}, got "${format}"`);
  const { stage2ApiKey } = await import('../../env');
  const { stage2Reviewer } = await import('../../features/waltzrl/stage2-client');
  const stage2 = stage2Reviewer({ url, model, format, apiKey: stage2ApiKey(s.api_key_env), timeoutMs: s.timeout_ms, retries: s.retries });
  if (o.escalate) {
    const { escalatingReviewer } = await import('../../features/waltzrl/escalating-reviewer');
    return { kind: 'escalating', stage1, stage2, primary: escalatingReviewer(stage1, stage2) };
  }
  return { kind: which as 'stage2' | 'both', stage1, stage2 };
}

/** The verdict line of `review` (text): UNSAFE / OVER-REFUSAL / ok. */
export const verdictWord = (r: ReviewResult) => (r.unsafe ? 'UNSAFE' : r.overrefuse ? 'OVER-REFUSAL' : 'ok');

/** A verdict as printed by `review --json`: the Stage 1 row plus who judged it, why Stage 1 stood in, and the guard's answer. */
export function verdictRow(v: ReviewVerdict) {
  const r = v.review;
  return {
    unsafe: r.unsafe, overrefuse: r.overrefuse, refusal: r.refusal, issues: r.issues, feedback: r.feedback,
    reviewer: v.reviewer, variant: v.variant, escalated: v.escalated,
    ...(v.fallback ? { fallback_reason: `${v.fallback.reason}: ${v.fallback.message}` } : {}),
    ...(v.guard ? { guard: v.guard } : {}),
  };
}

/** Who judged, for the text output: `stage2 (llama-guard)`, `stage1-fallback (off_format: …)`, `stage1`. */
export function sourceText(v: ReviewVerdict): string {
  if (v.reviewer === 'stage2') return `stage2${v.guard ? ` (${v.guard.format})` : ''}${v.escalated ? ' escalated' : ''}`;
  if (v.reviewer === 'stage1-fallback') return `stage1-fallback (${v.fallback ? `${v.fallback.reason}: ${v.fallback.message}` : 'Stage 2 failed'})`;
  return 'stage1';
}
