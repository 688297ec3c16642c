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

/**
 * The two rules of a traffic-step list (`waltzrl.steps` of the Stage 2 promotion, `rollout.steps` of every other
 * rollout): strictly increasing to 100, and approval steps only among the steps.
 */
function stepRules(section: 'waltzrl' | 'rollout', idPrefix: string): ConfigRule[] {
  const steps = (c: ConfigValues) => c[section].steps;
  const approvals = (c: ConfigValues) => c[section].requires_approval_steps;
  return [
    {
      id: `${idPrefix}steps-increase-to-100`,
      fields: [`${section}.steps`],
      holds: (c) => strictlyIncreasing(steps(c)) && steps(c)[steps(c).length - 1] === 100,
      message: (c) => `must be strictly increasing and end at 100, got ${list(steps(c))}`,
    },
    {
      id: `${idPrefix}approval-steps-are-steps`,
      fields: [`${section}.requires_approval_steps`, `${section}.steps`],
      holds: (c) => approvals(c).every((s) => steps(c).includes(s)),
      message: (c) =>
        `must list only steps of ${section}.steps ${list(steps(c))}, ` +
        `got ${list(approvals(c).filter((s) => !steps(c).includes(s)))} ` +
        '(an approval on a step that is never taken is never asked for)',
    },
  ];
}

export const CONFIG_RULES: readonly ConfigRule[] = [
  {
    id: 'lookback-covers-window',
    fields: ['degradation.sequential_lookback', 'degradation.window'],
    holds: (c) => c.degradation.sequential_lookback >= c.degradation.window,
    message: (c) =>
      `must be ≥ degradation.window, got ${c.degradation.sequential_lookback} < ${c.degradation.window} (the sequential test reads at least the recent window)`,
  },
  ...stepRules('waltzrl', ''),
  {
    id: 'watch-window-holds-return-sample',
    fields: ['waltzrl.watch_window', 'waltzrl.rollback_min_samples'],
    holds: (c) => c.waltzrl.watch_window >= c.waltzrl.rollback_min_samples,
    message: (c) =>
      `must be ≥ waltzrl.rollback_min_samples, got ${c.waltzrl.watch_window} < ${c.waltzrl.rollback_min_samples} (a smaller window never holds the sample a return to Stage 1 needs)`,
  },
  ...stepRules('rollout', 'rollout-'),
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
