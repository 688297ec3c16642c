import type { ProposalType } from './propose-variant';

/** What is known of the variant a proposal is about. Rates are shares in [0, 1]; null when unknown. */
export interface VariantSignals {
  variant_id: string;
  /** The variant's registered params (temperature, model / model_tier, max_tokens, …). */
  params: Record<string, unknown>;
  q: number;
  n: number;
  success_rate: number | null;
  partial_rate: number | null;
  /** Share of outcomes failure or error. */
  error_rate: number | null;
  /** Mean quality_score of the recent invocations that have one. */
  avg_quality: number | null;
  /** Mean duration of the recent invocations that have one (ms). */
  avg_duration_ms: number | null;
  /** Duration at which the speed signal reaches 0 for this task type (ms). */
  expected_duration_ms: number;
}

export type Diagnosis = 'high_error_rate' | 'low_quality' | 'slow' | 'incomplete' | 'low_success';

export interface ParameterChange { parameter: string; from: unknown; to: unknown; why: string }
export interface PromptChange { section: string; change: string; why: string }

interface Profile { name: string; match: RegExp; temperature: number; checklist: string }

/** Task-type profiles, first match wins. Temperatures are the target for that kind of work. */
const PROFILES: Profile[] = [
  { name: 'security', match: /secur|audit|vuln|threat|complian|pentest|depend/i, temperature: 0.1,
    checklist: 'every finding names the OWASP/CWE category, the file and line, a severity and a fix; no finding without evidence' },
  { name: 'design', match: /design|architect|schema|api|plan|model/i, temperature: 0.3,
    checklist: 'the answer has the sections endpoints or entities, data model, error handling, versioning and trade-offs' },
  { name: 'code', match: /code|component|implement|refactor|fix|debug|migrat|test|build|styl|css|frontend/i, temperature: 0.2,
    checklist: 'the code compiles, handles the edge cases named in the task and comes with a test' },
  { name: 'writing', match: /doc|writ|copy|content|creative|brainstorm|ux|summar/i, temperature: 0.6,
    checklist: 'audience, tone and length are stated and met; every claim is supported by the input' },
  { name: 'general', match: /[\s\S]*/, temperature: 0.4, checklist: 'the answer states its assumptions and meets the success criteria of the task' },
];

const TIERS = [['small', 'mid', 'large'], ['haiku', 'sonnet', 'opus'], ['mini', 'standard', 'max']];

/** Every problem the figures show, most pressing first: errors, quality, speed, incomplete work; else low success. */
export function diagnoses(s: VariantSignals): Diagnosis[] {
  const out: Diagnosis[] = [];
  if (s.error_rate !== null && s.error_rate >= 0.25) out.push('high_error_rate');
  if (s.avg_quality !== null && s.avg_quality < 0.6) out.push('low_quality');
  if (s.avg_duration_ms !== null && s.avg_duration_ms > 0.8 * s.expected_duration_ms) out.push('slow');
  if (s.partial_rate !== null && s.partial_rate >= 0.2) out.push('incomplete');
  return out.length > 0 ? out : ['low_success'];
}

/** The problem that dominates. */
export function diagnose(s: VariantSignals): Diagnosis {
  return diagnoses(s)[0];
}

const pct = (x: number | null) => (x === null ? 'unknown' : `${Math.round(x * 100)}%`);

function promptChange(d: Diagnosis, p: Profile, task: string, s: VariantSignals): PromptChange {
  switch (d) {
    case 'high_error_rate':
      return { section: 'constraints_and_tool_use', why: `${pct(s.error_rate)} of the invocations end in failure or error`,
        change: `State the exact input format and the tools allowed for ${task}; add the rule "if an input is missing or a tool fails, stop and report what is missing instead of guessing".` };
    case 'low_quality':
      return { section: 'acceptance_criteria', why: `mean quality ${s.avg_quality?.toFixed(2)} is below 0.60`,
        change: `Add a checklist the answer must pass (${p.checklist}) and one worked example of a good ${task} answer.` };
    case 'slow':
      return { section: 'output_format', why: `mean duration ${Math.round(s.avg_duration_ms ?? 0)} ms exceeds 80% of the expected ${s.expected_duration_ms} ms`,
        change: 'Fix the outline of the answer, cap it at 400 words and drop restating the task and the input.' };
    case 'incomplete':
      return { section: 'task_decomposition', why: `${pct(s.partial_rate)} of the invocations end partial`,
        change: `Ask for a numbered plan of the ${task} sub-tasks first and a closing checklist that marks each one done.` };
    default:
      return { section: 'role_and_goal', why: `success rate ${pct(s.success_rate)} at Q ${s.q.toFixed(3)}`,
        change: `Restate the goal of ${task} as a checkable success criterion (${p.checklist}).` };
  }
}

function tierChange(d: Diagnosis, s: VariantSignals): ParameterChange | null {
  const key = typeof s.params.model_tier === 'string' ? 'model_tier' : typeof s.params.model === 'string' ? 'model' : null;
  if (!key) return null;
  const cur = String(s.params[key]);
  const ladder = TIERS.find((t) => t.includes(cur));
  if (!ladder) return null;
  const i = ladder.indexOf(cur);
  const goodOtherwise = (s.success_rate ?? 0) >= 0.8 && (s.avg_quality === null || s.avg_quality >= 0.75);
  if (d === 'slow' && goodOtherwise && i > 0) return { parameter: key, from: cur, to: ladder[i - 1], why: 'slow but accurate: a smaller tier should keep quality and cut latency' };
  if ((d === 'low_quality' || d === 'low_success') && i < ladder.length - 1) return { parameter: key, from: cur, to: ladder[i + 1], why: `${d.replace('_', ' ')} on the ${cur} tier` };
  return null;
}

/**
 * Concrete modifications for a proposal: for new or modified variants, the parameter changes (temperature
 * towards the task type's target, model tier up or down, shorter outputs) and the prompt section to change,
 * chosen from the figures; for promote / retire, the registry action.
 */
export function recommendModifications(type: ProposalType | 'crl_promote_variant_to_default', task: string, s: VariantSignals, best?: { variant_id: string; q: number }): Record<string, unknown> {
  if (type === 'promote_variant_to_default' || type === 'crl_promote_variant_to_default') {
    return { action: 'set_default', variant_id: s.variant_id, task_type: task };
  }
  if (type === 'retire_underperforming_variant') {
    return { action: 'retire_variant', variant_id: s.variant_id, traffic_to: best?.variant_id ?? null };
  }
  const profile = PROFILES.find((p) => p.match.test(task)) as Profile;
  const all = diagnoses(s);
  const d = all[0];
  const changes: ParameterChange[] = [];
  const t = typeof s.params.temperature === 'number' ? s.params.temperature : null;
  if (t === null || Math.abs(t - profile.temperature) > 0.05) {
    changes.push({ parameter: 'temperature', from: t, to: profile.temperature, why: `${profile.name} tasks (${task}) work best near temperature ${profile.temperature}` });
  }
  const tier = tierChange(all.includes('low_quality') && d !== 'slow' ? 'low_quality' : d, s);
  if (tier) changes.push(tier);
  if (d === 'slow' && typeof s.params.max_tokens === 'number') {
    changes.push({ parameter: 'max_tokens', from: s.params.max_tokens, to: Math.round(s.params.max_tokens * 0.7), why: 'shorter answers for a slow variant' });
  }
  // The two most pressing problems each get their prompt section.
  const prompts = all.slice(0, 2).map((x) => promptChange(x, profile, task, s));
  if (type === 'create_specialized_variant') {
    prompts.unshift({ section: 'task_context', why: `one variant serves every task type and scores Q ${s.q.toFixed(3)} on ${task}`,
      change: `Add a section written only for ${task}: its inputs, the expected deliverable and the checklist (${profile.checklist}).` });
  }
  const params: Record<string, unknown> = { ...s.params };
  for (const c of changes) params[c.parameter] = c.to;
  params.prompt_sections = prompts.map((p) => p.section);
  return {
    action: type === 'create_specialized_variant' ? 'create_variant' : 'modify_variant',
    base_variant: s.variant_id, task_type: task, task_profile: profile.name, diagnosis: d, also_seen: all.slice(1),
    params, parameter_changes: changes, prompt_changes: prompts,
  };
}
