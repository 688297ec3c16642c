import { seededRng } from '../../core/learning/rng';
import type { InvocationLine } from '../../telemetry/schemas';

/** A variant of the synthetic workload: true success probability, quality and speed. */
export interface WorkloadVariant {
  id: string;
  success: number;
  quality: number;
  durationMs: number;
  /** Success probability after `degradeAt` (share of the run, 0..1), if it degrades. */
  degradeTo?: number;
  degradeAt?: number;
  isDefault?: boolean;
  params: Record<string, unknown>;
}

export interface WorkloadAgent {
  agent: string;
  tasks: string[];
  variants: WorkloadVariant[];
}

/** Several agents, task types and variants; security-auditor's default gets worse half-way. */
export const DEMO_AGENTS: WorkloadAgent[] = [
  {
    agent: 'backend-architect',
    tasks: ['api-design', 'db-schema'],
    variants: [
      { id: 'v1-baseline', success: 0.78, quality: 0.7, durationMs: 42_000, isDefault: true, params: { model: 'mid', temperature: 0.7 } },
      { id: 'v2-structured', success: 0.95, quality: 0.88, durationMs: 30_000, params: { model: 'mid', temperature: 0.4, prompt: 'structured-sections' } },
      { id: 'v3-concise', success: 0.72, quality: 0.6, durationMs: 18_000, params: { model: 'small', temperature: 0.5 } },
    ],
  },
  {
    agent: 'security-auditor',
    tasks: ['security-audit', 'dependency-review'],
    variants: [
      { id: 'base', success: 0.92, quality: 0.85, durationMs: 50_000, isDefault: true, degradeTo: 0.55, degradeAt: 0.5, params: { model: 'large', temperature: 0.3 } },
      { id: 'strict-lowtemp', success: 0.88, quality: 0.82, durationMs: 55_000, params: { model: 'large', temperature: 0.1 } },
    ],
  },
  {
    agent: 'frontend-dev',
    tasks: ['component', 'styling'],
    variants: [
      { id: 'v1', success: 0.55, quality: 0.5, durationMs: 35_000, isDefault: true, params: { model: 'small', temperature: 0.8 } },
      { id: 'v2-haiku', success: 0.6, quality: 0.55, durationMs: 15_000, params: { model: 'small', temperature: 0.6 } },
    ],
  },
];

/**
 * Generates `count` invocation lines over `days` days ending at `end`, deterministic for a seed.
 * The default variant gets ~60% of the traffic, the others share the rest.
 */
export function* generateWorkload(opts: { count: number; seed: number; end: Date; days?: number; agents?: WorkloadAgent[] }): Generator<InvocationLine> {
  const rng = seededRng(opts.seed);
  const agents = opts.agents ?? DEMO_AGENTS;
  const days = opts.days ?? 14;
  const start = opts.end.getTime() - days * 86_400_000;
  const step = (days * 86_400_000) / opts.count;
  for (let i = 0; i < opts.count; i++) {
    const a = agents[Math.floor(rng() * agents.length)];
    const task = a.tasks[Math.floor(rng() * a.tasks.length)];
    const def = a.variants.find((v) => v.isDefault) ?? a.variants[0];
    const others = a.variants.filter((v) => v !== def);
    const v = rng() < 0.6 || others.length === 0 ? def : others[Math.floor(rng() * others.length)];
    const progress = i / opts.count;
    const p = v.degradeTo != null && progress >= (v.degradeAt ?? 0.5) ? v.degradeTo : v.success;
    const u = rng();
    const outcome = u < p ? 'success' : u < p + (1 - p) * 0.3 ? 'partial' : u < p + (1 - p) * 0.7 ? 'failure' : 'error';
    const quality = Math.min(1, Math.max(0, v.quality + (rng() - 0.5) * 0.2 - (outcome === 'success' ? 0 : 0.3)));
    const duration = Math.max(500, Math.round(v.durationMs * (0.6 + rng() * 0.8)));
    yield {
      invocation_id: `demo-${opts.seed}-${i}`,
      timestamp: new Date(start + i * step).toISOString(),
      agent_name: a.agent,
      task_type: task,
      variant_id: v.id,
      outcome,
      quality_score: Math.round(quality * 1000) / 1000,
      duration_ms: duration,
      error_count: outcome === 'error' ? 1 : 0,
    };
  }
}
