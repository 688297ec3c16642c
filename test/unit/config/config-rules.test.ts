import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configSchema, loadConfigFile, parseConfig } from '../../../src/config/config';
import { DEFAULT_CONFIG } from '../../../src/config/config-defaults';
import { brokenConfigRules, CONFIG_RULES } from '../../../src/config/config-rules';
import { UsageError } from '../../../src/errors';

describe('cross-field config rules', () => {
  it('the defaults keep every rule', () => {
    expect(brokenConfigRules(DEFAULT_CONFIG)).toEqual([]);
  });

  it('every rule has a unique id and names fields of the config', () => {
    expect(new Set(CONFIG_RULES.map((r) => r.id)).size).toBe(CONFIG_RULES.length);
    for (const r of CONFIG_RULES) {
      for (const f of r.fields) {
        const v = f.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], DEFAULT_CONFIG);
        expect(v, `${r.id}: ${f}`).toSatisfy((x: unknown) => typeof x === 'number' || (Array.isArray(x) && x.every((n) => typeof n === 'number')));
      }
    }
  });

  it.each([
    ['lookback-covers-window', { degradation: { window: 30, sequential_lookback: 20 } }, 'degradation.sequential_lookback', 'degradation.window', '30'],
    ['lookback-covers-window', { degradation: { sequential_lookback: 10 } }, 'degradation.sequential_lookback', 'degradation.window', '20'],
    ['steps-increase-to-100', { waltzrl: { steps: [10, 50, 25, 100] } }, 'waltzrl.steps', 'strictly increasing', '[10, 50, 25, 100]'],
    ['steps-increase-to-100', { waltzrl: { steps: [10, 10, 100] } }, 'waltzrl.steps', 'strictly increasing', '[10, 10, 100]'],
    ['steps-increase-to-100', { waltzrl: { steps: [10, 25, 50] } }, 'waltzrl.steps', 'end at 100', '[10, 25, 50]'],
    ['approval-steps-are-steps', { waltzrl: { requires_approval_steps: [25, 75] } }, 'waltzrl.requires_approval_steps', 'waltzrl.steps', '[75]'],
    ['rollout-steps-increase-to-100', { rollout: { steps: [10, 50, 25, 100] } }, 'rollout.steps', 'strictly increasing', '[10, 50, 25, 100]'],
    ['rollout-steps-increase-to-100', { rollout: { steps: [10, 25, 50] } }, 'rollout.steps', 'end at 100', '[10, 25, 50]'],
    ['rollout-approval-steps-are-steps', { rollout: { requires_approval_steps: [25, 75] } }, 'rollout.requires_approval_steps', 'rollout.steps', '[75]'],
    ['watch-window-holds-return-sample', { waltzrl: { watch_window: 40 } }, 'waltzrl.watch_window', 'waltzrl.rollback_min_samples', '40 < 50'],
    ['approval-q-below-auto-apply', { safety: { human_approval_min_q: 0.95 } }, 'safety.human_approval_min_q', 'safety.auto_apply_min_q', '0.95 > 0.9'],
    ['approval-n-below-auto-apply', { safety: { auto_apply_min_n: 3 } }, 'safety.human_approval_min_n', 'safety.auto_apply_min_n', '5 > 3'],
    ['headers-within-request-timeout', { server: { request_timeout_ms: 5000 } }, 'server.headers_timeout_ms', 'server.request_timeout_ms', '10000 > 5000'],
    ['heartbeat-within-idle-timeout', { server: { events_heartbeat_ms: 60000 } }, 'server.events_heartbeat_ms', 'server.socket_idle_timeout_ms', '60000 ≥ 60000'],
  ])('%s: %j is a UsageError naming %s and %s', (id, input, first, second, figures) => {
    let err: unknown;
    try {
      parseConfig(input);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UsageError);
    const e = err as UsageError;
    expect(e.exitCode).toBe(2);
    expect(e.message).toContain(`\n  ${first}: `);
    expect(e.message).toContain(second);
    expect(e.message).toContain(figures);
    expect(e.message).toContain(`(rule ${id})`);
    expect(e.message.split('\n')).toHaveLength(2); // one rule broken, one line
  });

  it.each([
    [{ degradation: { window: 20, sequential_lookback: 20 } }],
    [{ degradation: { window: 50, sequential_lookback: 150 } }],
    [{ waltzrl: { steps: [100] } }],
    [{ waltzrl: { steps: [5, 20, 100], requires_approval_steps: [20, 100] } }],
    [{ waltzrl: { watch_window: 50, rollback_min_samples: 50 } }],
    [{ safety: { human_approval_min_q: 0.9, human_approval_min_n: 10 } }],
  ])('%j keeps the rules (equality is allowed)', (input) => {
    expect(() => parseConfig(input)).not.toThrow();
  });

  it('a config breaking two rules names both; the exported schema checks them too', () => {
    const input = { degradation: { sequential_lookback: 5 }, safety: { human_approval_min_q: 0.99 } };
    expect(() => parseConfig(input)).toThrow(/degradation\.sequential_lookback: .*\n {2}safety\.human_approval_min_q: /);
    const r = configSchema.safeParse(input);
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => [i.path.join('.'), (i as { params?: { rule?: string } }).params?.rule])).toEqual([
      ['degradation.sequential_lookback', 'lookback-covers-window'],
      ['safety.human_approval_min_q', 'approval-q-below-auto-apply'],
    ]);
  });

  it('a config file breaking a rule is an error naming the file and both fields, never adjusted', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'crl-rules-')), 'crl.json');
    writeFileSync(file, JSON.stringify({ degradation: { window: 120 } }));
    expect(() => loadConfigFile(file)).toThrow(UsageError);
    expect(() => loadConfigFile(file)).toThrow(`Invalid config file ${file}:\n  degradation.sequential_lookback: must be ≥ degradation.window, got 100 < 120`);
  });
});
