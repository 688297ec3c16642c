import { describe, expect, it } from 'vitest';
import { diagnose, recommendModifications, type VariantSignals } from '../../../core/proposals/recommend-modifications';

const base: VariantSignals = {
  variant_id: 'v1', params: { model: 'mid', temperature: 0.7 }, q: 0.5, n: 100,
  success_rate: 0.5, partial_rate: 0.1, error_rate: 0.1, avg_quality: 0.7, avg_duration_ms: 20_000, expected_duration_ms: 60_000,
};

describe('diagnose', () => {
  it.each([
    ['errors dominate', { error_rate: 0.3, avg_quality: 0.4 }, 'high_error_rate'],
    ['low quality', { avg_quality: 0.5 }, 'low_quality'],
    ['slow', { avg_duration_ms: 55_000 }, 'slow'],
    ['incomplete', { partial_rate: 0.25 }, 'incomplete'],
    ['otherwise low success', {}, 'low_success'],
  ] as const)('%s', (_n, patch, expected) => {
    expect(diagnose({ ...base, ...patch })).toBe(expected);
  });
});

type Mods = { params: Record<string, unknown>; parameter_changes: { parameter: string; to: unknown }[]; prompt_changes: { section: string; change: string }[]; diagnosis: string; task_profile: string };

describe('recommendModifications', () => {
  it.each([
    // task, patch, expected temperature, expected first prompt section, tier change
    ['security-audit', { error_rate: 0.3 }, 0.1, 'constraints_and_tool_use', null],
    ['security-audit', { avg_quality: 0.5 }, 0.1, 'acceptance_criteria', 'large'],
    ['api-design', { avg_duration_ms: 58_000, success_rate: 0.9, avg_quality: 0.8 }, 0.3, 'output_format', 'small'],
    ['component', { partial_rate: 0.3 }, 0.2, 'task_decomposition', null],
    ['release-notes-writing', {}, 0.6, 'role_and_goal', 'large'],
    ['styling', {}, 0.2, 'role_and_goal', 'large'],
  ] as const)('%s %j', (task, patch, temperature, section, tier) => {
    const m = recommendModifications('modify_variant_parameters', task, { ...base, ...patch }) as unknown as Mods;
    expect(m.params.temperature).toBe(temperature);
    expect(m.prompt_changes[0].section).toBe(section);
    expect(m.prompt_changes[0].change).not.toMatch(/TODO|TBD|placeholder/i);
    expect(m.parameter_changes.find((c) => c.parameter === 'model')?.to ?? null).toBe(tier);
  });

  it('keeps a temperature already at the target and still names a prompt section', () => {
    const m = recommendModifications('modify_variant_parameters', 'security-audit', { ...base, params: { temperature: 0.1 }, error_rate: 0.4 }) as unknown as Mods;
    expect(m.parameter_changes).toEqual([]);
    expect(m.prompt_changes.map((p) => p.section)).toEqual(['constraints_and_tool_use']);
  });

  it('the two most pressing problems each get a prompt section; low quality moves the tier up', () => {
    const m = recommendModifications('modify_variant_parameters', 'component', { ...base, error_rate: 0.3, avg_quality: 0.45 }) as unknown as Mods & { also_seen: string[] };
    expect(m.diagnosis).toBe('high_error_rate');
    expect(m.also_seen).toEqual(['low_quality']);
    expect(m.prompt_changes.map((p) => p.section)).toEqual(['constraints_and_tool_use', 'acceptance_criteria']);
    expect(m.params).toMatchObject({ model: 'large', temperature: 0.2, prompt_sections: ['constraints_and_tool_use', 'acceptance_criteria'] });
  });

  it('a specialised variant gets a task section first', () => {
    const m = recommendModifications('create_specialized_variant', 'db-schema', base) as unknown as Mods & { action: string };
    expect(m.action).toBe('create_variant');
    expect(m.prompt_changes[0]).toMatchObject({ section: 'task_context' });
    expect(m.prompt_changes[0].change).toContain('db-schema');
  });

  it('a slow variant with max_tokens gets a shorter limit', () => {
    const m = recommendModifications('modify_variant_parameters', 'api-design', { ...base, params: { max_tokens: 4000, temperature: 0.3 }, avg_duration_ms: 59_000 }) as unknown as Mods;
    expect(m.params.max_tokens).toBe(2800);
  });

  it.each([
    ['promote_variant_to_default', { action: 'set_default', variant_id: 'v1', task_type: 't' }],
    ['crl_promote_variant_to_default', { action: 'set_default', variant_id: 'v1', task_type: 't' }],
    ['retire_underperforming_variant', { action: 'retire_variant', variant_id: 'v1', traffic_to: 'v2' }],
  ] as const)('%s → registry action', (type, expected) => {
    expect(recommendModifications(type, 't', base, { variant_id: 'v2', q: 0.9 })).toEqual(expected);
  });
});
