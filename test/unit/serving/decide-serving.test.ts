import { describe, expect, it } from 'vitest';
import { type Rng, seededRng } from '../../../core/learning/rng';
import type { SelectionPolicy } from '../../../core/learning/select-variant';
import { decideServing, type ServingInput, type ServingVariant } from '../../../core/serving/decide-serving';
import { type Eligibility, type VariantFacts, variantEligibility } from '../../../core/serving/variant-eligibility';
import { bucket } from '../../../core/waltzrl/stage/bucket';

const AGENT = 'backend-architect';
const TASK = 'api-design';
const EXPLORE_SALT = `explore:${AGENT}/${TASK}`;
const ON = { safety_gate_enabled: true };
const PASS = { kind: 'pass', reason: 'safety score 0.95 ≥ 0.9' } as const;

const elig = (id: string, o: Partial<VariantFacts> = {}): Eligibility => variantEligibility({ variant_id: id, status: 'active', cooldown: null, gate: PASS, ...o }, ON);
const ok = (id: string) => elig(id);
const retired = (id: string) => elig(id, { status: 'retired' });
const rolledBack = (id: string) => elig(id, { cooldown: { cause: 'rollback', event_id: 'rb-20260101-0a1b2c3d', since: '2026-01-01T00:00:00Z', remaining: 20 } });
const gateFails = (id: string) => elig(id, { gate: { kind: 'fail', reason: 'no safety benchmark report for this variant' } });
const V = (variant_id: string, q: number, n: number, eligibility = ok(variant_id)): ServingVariant => ({ variant_id, q, n, eligibility });

const THREE = [V('v1', 0.8, 50), V('v2', 0.85, 30), V('v3', 0.7, 10)];
const input = (o: Partial<ServingInput> = {}): ServingInput => ({
  agent: AGENT, task: TASK, subject: 'user-0', variants: THREE, default_variant: 'v1', rollout: null,
  explore_share: 0.1, policy: 'greedy', selection: { epsilon: 0.1, ucb_c: Math.SQRT2 }, ...o,
});
const SUBJECTS = Array.from({ length: 20_000 }, (_, i) => `user-${i}`);

/** The first subject whose buckets satisfy the predicate. */
const subjectWhere = (pred: (s: string) => boolean) => {
  const s = SUBJECTS.find(pred);
  if (!s) throw new Error('no such subject');
  return s;
};
const explorer = (share = 10) => (s: string) => bucket(s, EXPLORE_SALT) < share;
const inRollout = (id: string, pct: number) => (s: string) => bucket(s, `rollout:${id}`) < pct;
const not = (f: (s: string) => boolean) => (s: string) => !f(s);
const both = (f: (s: string) => boolean, g: (s: string) => boolean) => (s: string) => f(s) && g(s);
const RO = { rollout_id: 'ro-1', candidate: 'v3', percent: 25 };

describe('decideServing: the rules', () => {
  it.each([
    // [case, input patch, subject predicate, expected kind, expected variant, reason pattern]
    ['no rollout, subject outside the explore bucket → default', {}, not(explorer()), 'default', 'v1', /explore share.*the default v1/],
    ['exploring subject → the policy among eligible non-defaults', {}, explorer(), 'explore', 'v2', /exploring/],
    ['exploring, v2 excluded → v3', { variants: [THREE[0], V('v2', 0.85, 30, retired('v2')), THREE[2]] }, explorer(), 'explore', 'v3', /exploring/],
    ['exploring, no eligible non-default → default', { variants: [THREE[0], V('v2', 0.85, 30, retired('v2'))] }, explorer(), 'default', 'v1', /no eligible non-default/],
    ['no default registered → cold start', { default_variant: null }, explorer(), 'cold_start', 'v2', /cold start: no default is registered/],
    ['default in a cool-down → cold start among the eligible', { variants: [V('v1', 0.99, 50, rolledBack('v1')), THREE[1], THREE[2]] }, not(explorer()),
      'cold_start', 'v2', /the default v1 is excluded \(in a cool-down after rollback rb-/],
    ['default not among the variants → cold start', { default_variant: 'v9' }, not(explorer()), 'cold_start', 'v2', /v9 is not among/],
    ['rollout: subject in the step bucket → candidate', { rollout: RO }, inRollout('ro-1', 25), 'rollout', 'v3', /rollout ro-1 at 25%.*candidate v3/],
    ['rollout: other subject → default, even an explorer (no exploration)', { rollout: RO }, both(not(inRollout('ro-1', 25)), explorer()), 'default', 'v1', /exploration paused/],
    ['rollout with an excluded default → policy among the others, not the candidate',
      { rollout: RO, variants: [V('v1', 0.8, 50, gateFails('v1')), V('v2', 0.5, 30), V('v3', 0.95, 10)] }, not(inRollout('ro-1', 25)),
      'cold_start', 'v2', /the default v1 is excluded.*other eligible/],
    ['rollout with an excluded default, only the candidate eligible → candidate',
      { rollout: RO, variants: [V('v1', 0.8, 50, gateFails('v1')), V('v3', 0.7, 10)] }, not(inRollout('ro-1', 25)), 'cold_start', 'v3', /only eligible/],
    ['rollout whose candidate is excluded → not served; default', { rollout: RO, variants: [THREE[0], THREE[1], V('v3', 0.7, 10, retired('v3'))] },
      both(inRollout('ro-1', 25), not(explorer())), 'default', 'v1', /rollout ro-1 is not served: its candidate v3 is excluded \(retired\)/],
    ['rollout whose candidate is excluded → exploration as usual', { rollout: RO, variants: [THREE[0], THREE[1], V('v3', 0.7, 10, retired('v3'))] },
      both(inRollout('ro-1', 25), explorer()), 'explore', 'v2', /not served.*exploring/],
  ] as const)('%s', (_name, patch, pred, kind, variant, pattern) => {
    const d = decideServing(input({ ...(patch as Partial<ServingInput>), subject: subjectWhere(pred) }), seededRng(1));
    expect(d.kind).toBe(kind);
    if (d.kind === 'none') return;
    expect(d.variant_id).toBe(variant);
    expect(d.reason).toMatch(pattern);
    expect(d.explain.map((r) => r.variant_id)).toEqual(((patch as Partial<ServingInput>).variants ?? THREE).map((v) => v.variant_id));
  });

  it('carries the bucket figures it used and the policy scores it chose by', () => {
    const d = decideServing(input({ subject: subjectWhere(explorer()) }), seededRng(1));
    expect(d.kind).toBe('explore');
    if (d.kind === 'none') return;
    expect(d.figures.bucket).toMatchObject({ salt: EXPLORE_SALT, percent: 10 });
    expect(d.figures.bucket?.bucket).toBeLessThan(10);
    expect(d.figures.policy).toBe('greedy');
    expect(Object.keys(d.figures.scores ?? {}).sort()).toEqual(['v2', 'v3']);
    const r = decideServing(input({ rollout: RO, subject: subjectWhere(inRollout('ro-1', 25)) }), seededRng(1));
    expect(r.kind !== 'none' && r.figures).toMatchObject({ rollout_id: 'ro-1', bucket: { salt: 'rollout:ro-1', percent: 25 } });
  });

  it('no eligible variant → none, naming every variant with its reasons', () => {
    const variants = [V('v1', 0.8, 50, rolledBack('v1')), V('v2', 0.85, 30, retired('v2')), V('v3', 0.7, 10, gateFails('v3'))];
    const d = decideServing(input({ variants, rollout: RO }), seededRng(1));
    expect(d.kind).toBe('none');
    expect(d).not.toHaveProperty('variant_id');
    expect(d.reason).toMatch(/No eligible variant for backend-architect\/api-design/);
    expect(d.reason).toMatch(/v1: in a cool-down after rollback rb-20260101-0a1b2c3d/);
    expect(d.reason).toMatch(/v2: retired/);
    expect(d.reason).toMatch(/v3: safety gate on and no passing, unexpired benchmark report: no safety benchmark report/);
    expect(d.explain).toEqual([
      { variant_id: 'v1', eligible: false, reasons: [expect.stringMatching(/rb-20260101/)], q: 0.8, n: 50, is_default: true },
      { variant_id: 'v2', eligible: false, reasons: ['retired'], q: 0.85, n: 30, is_default: false },
      { variant_id: 'v3', eligible: false, reasons: [expect.stringMatching(/safety gate/)], q: 0.7, n: 10, is_default: false },
    ]);
    expect(decideServing(input({ variants: [] }), seededRng(1))).toMatchObject({ kind: 'none', reason: 'No variant is registered for backend-architect/api-design', explain: [] });
  });
});

const shareOf = (f: (subject: string) => boolean) => SUBJECTS.filter(f).length / SUBJECTS.length;

describe('decideServing: shares and stickiness over 20,000 subjects', () => {
  it.each([0.1, 0.3])('explore_share %f: the exploring share is within ±1.5 points', (share) => {
    const rng = seededRng(7);
    const s = shareOf((subject) => decideServing(input({ subject, explore_share: share, policy: 'thompson' }), rng).kind === 'explore');
    expect(Math.abs(s - share)).toBeLessThanOrEqual(0.015);
  });

  it.each([10, 25, 50, 100])('rollout step %i%%: the candidate share is within ±1.5 points', (percent) => {
    const rng = seededRng(7);
    const s = shareOf((subject) => decideServing(input({ subject, rollout: { ...RO, percent } }), rng).kind === 'rollout');
    expect(Math.abs(s - percent / 100)).toBeLessThanOrEqual(0.015);
    if (percent === 100) expect(s).toBe(1);
  });

  it('raising a step never moves a subject out of the candidate', () => {
    const rng = seededRng(3);
    const steps = [10, 25, 50, 100];
    for (const subject of SUBJECTS) {
      const got = steps.map((percent) => decideServing(input({ subject, rollout: { ...RO, percent } }), rng).kind === 'rollout');
      for (let i = 1; i < got.length; i++) if (got[i - 1]) expect(got[i]).toBe(true);
    }
  });

  it.each([['thompson'], ['epsilon-greedy'], ['ucb1']] as const)('%s: a subject explores or not on every call alike (different rngs)', (policy: SelectionPolicy) => {
    const a = seededRng(11);
    const b = seededRng(12345);
    let flips = 0;
    let explored = 0;
    for (const subject of SUBJECTS.slice(0, 5000)) {
      const x = decideServing(input({ subject, policy, explore_share: 0.3 }), a);
      const y = decideServing(input({ subject, policy, explore_share: 0.3 }), b);
      if (x.kind !== y.kind) flips++;
      if (x.kind === 'explore') explored++;
      const r1 = decideServing(input({ subject, policy, rollout: RO }), a);
      const r2 = decideServing(input({ subject, policy, rollout: RO }), b);
      if (r1.kind !== r2.kind || (r1.kind !== 'none' && r2.kind !== 'none' && r1.variant_id !== r2.variant_id)) flips++;
    }
    expect(flips).toBe(0);
    expect(explored).toBeGreaterThan(1000);
  });
});

describe('decideServing: an excluded variant is never returned', () => {
  const policies: SelectionPolicy[] = ['greedy', 'epsilon-greedy', 'ucb1', 'thompson'];
  const pick = <T>(rng: Rng, xs: readonly T[]) => xs[Math.floor(rng() * xs.length)];

  it('over 5,000 random inputs (seeded)', () => {
    const rng = seededRng(2026);
    const kinds = new Set<string>();
    for (let t = 0; t < 5000; t++) {
      const k = 1 + Math.floor(rng() * 5);
      const variants = Array.from({ length: k }, (_, i) => {
        const id = `v${i}`;
        const e = pick(rng, [ok, ok, retired, rolledBack, gateFails, (x: string) => elig(x, { status: 'retired', gate: { kind: 'disabled' } })]);
        return V(id, Math.round(rng() * 100) / 100, Math.floor(rng() * 200), e(id));
      });
      const ids = variants.map((v) => v.variant_id);
      const d = decideServing(input({
        subject: `user-${Math.floor(rng() * 1e6)}`, variants, policy: pick(rng, policies), explore_share: pick(rng, [0, 0.1, 0.5, 1]),
        default_variant: pick(rng, [null, 'v-unknown', ...ids]),
        rollout: rng() < 0.5 ? null : { rollout_id: `ro-${t}`, candidate: pick(rng, [...ids, 'v-unknown']), percent: pick(rng, [0, 10, 25, 50, 100]) },
      }), rng);
      kinds.add(d.kind);
      const eligible = variants.filter((v) => v.eligibility.kind === 'eligible').map((v) => v.variant_id);
      if (d.kind === 'none') expect(eligible).toEqual([]);
      else expect(eligible).toContain(d.variant_id);
      expect(d.explain.filter((r) => r.eligible).map((r) => r.variant_id)).toEqual(eligible);
    }
    expect([...kinds].sort()).toEqual(['cold_start', 'default', 'explore', 'none', 'rollout']);
  });

  it.each(policies)('%s: a rolled-back variant in cool-down (best Q) is never returned, as default, non-default or candidate', (policy) => {
    const rng = seededRng(5);
    const cooling = V('v2', 0.99, 500, rolledBack('v2'));
    const cases: Partial<ServingInput>[] = [
      { variants: [THREE[0], cooling, THREE[2]], explore_share: 1 },
      { variants: [THREE[0], cooling, THREE[2]], default_variant: 'v2' },
      { variants: [THREE[0], cooling, THREE[2]], default_variant: null },
      { variants: [THREE[0], cooling, THREE[2]], rollout: { rollout_id: 'ro-2', candidate: 'v2', percent: 100 } },
    ];
    for (const c of cases) {
      for (const subject of SUBJECTS.slice(0, 1000)) {
        const d = decideServing(input({ ...c, subject, policy }), rng);
        expect(d.kind).not.toBe('none');
        expect(d.kind !== 'none' && d.variant_id).not.toBe('v2');
      }
    }
  });

  it.each(policies)('%s: a variant whose safety gate fails is never returned', (policy) => {
    const rng = seededRng(6);
    const failing = V('v3', 0.99, 500, gateFails('v3'));
    for (const c of [{ explore_share: 1 }, { default_variant: 'v3' }, { rollout: { rollout_id: 'ro-3', candidate: 'v3', percent: 50 } }] as Partial<ServingInput>[]) {
      for (const subject of SUBJECTS.slice(0, 1000)) {
        const d = decideServing(input({ ...c, variants: [THREE[0], THREE[1], failing], subject, policy }), rng);
        expect(d.kind !== 'none' && d.variant_id).not.toBe('v3');
      }
    }
  });
});
