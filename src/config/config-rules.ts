import type { ConfigValues } from './config-defaults';

/**
 * A rule between config values that no single key's range can say. Checked whenever a config is parsed
 * (`configSchema`, `parseConfig`, `loadConfigFile`): a config that breaks one is an error (exit 2) that names
 * every field of the rule, never a silent adjustment. No zod here.
 */
export interface ConfigRule {
  /** Stable name, shown in the message. */
  id: string;
  /** The keys the rule relates (dotted); the error is reported on the first and its message names the others. */
  fields: readonly [string, ...string[]];
  /** True when the config keeps the rule. */
  holds: (c: ConfigValues) => boolean;
  /** What is wrong, naming the other fields and the values. */
  message: (c: ConfigValues) => string;
}

const strictlyIncreasing = (xs: readonly number[]) => xs.every((x, i) => i === 0 || x > xs[i - 1]);
const list = (xs: readonly number[]) => `[${xs.join(', ')}]`;

export const CONFIG_RULES: readonly ConfigRule[] = [
  {
    id: 'lookback-covers-window',
    fields: ['degradation.sequential_lookback', 'degradation.window'],
    holds: (c) => c.degradation.sequential_lookback >= c.degradation.window,
    message: (c) =>
      `must be ≥ degradation.window, got ${c.degradation.sequential_lookback} < ${c.degradation.window} (the sequential test reads at least the recent window)`,
  },
  {
    id: 'steps-increase-to-100',
    fields: ['waltzrl.steps'],
    holds: (c) => strictlyIncreasing(c.waltzrl.steps) && c.waltzrl.steps[c.waltzrl.steps.length - 1] === 100,
    message: (c) => `must be strictly increasing and end at 100, got ${list(c.waltzrl.steps)}`,
  },
  {
    id: 'approval-steps-are-steps',
    fields: ['waltzrl.requires_approval_steps', 'waltzrl.steps'],
    holds: (c) => c.waltzrl.requires_approval_steps.every((s) => c.waltzrl.steps.includes(s)),
    message: (c) =>
      `must list only steps of waltzrl.steps ${list(c.waltzrl.steps)}, ` +
      `got ${list(c.waltzrl.requires_approval_steps.filter((s) => !c.waltzrl.steps.includes(s)))} ` +
      '(an approval on a step that is never taken is never asked for)',
  },
  {
    id: 'watch-window-holds-return-sample',
    fields: ['waltzrl.watch_window', 'waltzrl.rollback_min_samples'],
    holds: (c) => c.waltzrl.watch_window >= c.waltzrl.rollback_min_samples,
    message: (c) =>
      `must be ≥ waltzrl.rollback_min_samples, got ${c.waltzrl.watch_window} < ${c.waltzrl.rollback_min_samples} (a smaller window never holds the sample a return to Stage 1 needs)`,
  },
  {
    id: 'rollout-steps-increase-to-100',
    fields: ['rollout.steps'],
    holds: (c) => strictlyIncreasing(c.rollout.steps) && c.rollout.steps[c.rollout.steps.length - 1] === 100,
    message: (c) => `must be strictly increasing and end at 100, got ${list(c.rollout.steps)}`,
  },
  {
    id: 'rollout-approval-steps-are-steps',
    fields: ['rollout.requires_approval_steps', 'rollout.steps'],
    holds: (c) => c.rollout.requires_approval_steps.every((s) => c.rollout.steps.includes(s)),
    message: (c) =>
      `must list only steps of rollout.steps ${list(c.rollout.steps)}, ` +
      `got ${list(c.rollout.requires_approval_steps.filter((s) => !c.rollout.steps.includes(s)))}`,
  },
  {
    id: 'approval-q-below-auto-apply',
    fields: ['safety.human_approval_min_q', 'safety.auto_apply_min_q'],
    holds: (c) => c.safety.human_approval_min_q <= c.safety.auto_apply_min_q,
    message: (c) => `must be ≤ safety.auto_apply_min_q, got ${c.safety.human_approval_min_q} > ${c.safety.auto_apply_min_q}`,
  },
  {
    id: 'approval-n-below-auto-apply',
    fields: ['safety.human_approval_min_n', 'safety.auto_apply_min_n'],
    holds: (c) => c.safety.human_approval_min_n <= c.safety.auto_apply_min_n,
    message: (c) => `must be ≤ safety.auto_apply_min_n, got ${c.safety.human_approval_min_n} > ${c.safety.auto_apply_min_n}`,
  },
  {
    id: 'headers-within-request-timeout',
    fields: ['server.headers_timeout_ms', 'server.request_timeout_ms'],
    holds: (c) => c.server.headers_timeout_ms <= c.server.request_timeout_ms,
    message: (c) => `must be ≤ server.request_timeout_ms, got ${c.server.headers_timeout_ms} > ${c.server.request_timeout_ms} (the headers are part of the request)`,
  },
  {
    id: 'heartbeat-within-idle-timeout',
    fields: ['server.events_heartbeat_ms', 'server.socket_idle_timeout_ms'],
    holds: (c) => c.server.events_heartbeat_ms < c.server.socket_idle_timeout_ms,
    message: (c) =>
      `must be < server.socket_idle_timeout_ms, got ${c.server.events_heartbeat_ms} ≥ ${c.server.socket_idle_timeout_ms} (an idle event stream would be closed before its heartbeat)`,
  },
];

/** The rules a config breaks, each with the path it is reported on and its message (`… (rule <id>)`). */
export function brokenConfigRules(c: ConfigValues, rules: readonly ConfigRule[] = CONFIG_RULES): { rule: string; path: string[]; message: string }[] {
  return rules
    .filter((r) => !r.holds(c))
    .map((r) => ({ rule: r.id, path: r.fields[0].split('.'), message: `${r.message(c)} (rule ${r.id})` }));
}
