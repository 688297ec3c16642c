import { describe, expect, it } from 'vitest';
import { bucket, hash32, routeSubject } from '../../../core/waltzrl/stage/bucket';

const SUBJECTS = Array.from({ length: 100_000 }, (_, i) => `user-${i}`);

describe('bucket', () => {
  it.each([10, 25, 50, 100, 1, 5, 75])('puts %i percent of 100,000 subjects in the candidate, within ±1 point', (p) => {
    const inCandidate = SUBJECTS.filter((s) => routeSubject(s, p, 'stage2-model').kind === 'candidate').length;
    expect(Math.abs((inCandidate / SUBJECTS.length) * 100 - p)).toBeLessThanOrEqual(1);
  });

  it('is monotone: a subject in the candidate at p% stays in it at every higher step', () => {
    const steps = [10, 25, 50, 100];
    let moved = 0;
    for (const s of SUBJECTS.slice(0, 20_000)) {
      const kinds = steps.map((p) => routeSubject(s, p, 'v').kind);
      const first = kinds.indexOf('candidate');
      if (first >= 0 && kinds.slice(first).some((k) => k !== 'candidate')) moved++;
    }
    expect(moved).toBe(0);
  });

  it.each([
    ['user-1', ''],
    ['tenant/acme', 'stage2-a'],
    ['ünïcødé-subject', 'x'],
  ])('is a pure function of (subject %s, salt %s): same value every call', (subject, salt) => {
    const b = bucket(subject, salt);
    expect(b).toBeGreaterThanOrEqual(0);
    expect(b).toBeLessThan(100);
    expect(bucket(subject, salt)).toBe(b);
  });

  it('is stable across processes and versions: fixed values', () => {
    // Changing the hash would move live subjects between stages; these values must never change.
    expect(hash32('')).toBe(2872998923);
    expect(hash32('user-1')).toBe(2005895916);
    expect([bucket('user-1'), bucket('user-2'), bucket('user-1', 'stage2-a')]).toEqual([4.04, 54.55, 65.05]);
  });

  it('gives each salt its own population', () => {
    const a = SUBJECTS.slice(0, 10_000).filter((s) => bucket(s, 'a') < 10);
    const both = a.filter((s) => bucket(s, 'b') < 10).length;
    expect(both / a.length).toBeLessThan(0.2);
  });

  it.each([
    [0, 'active'],
    [100, 'candidate'],
  ] as const)('at %i percent every subject goes to the %s stage', (p, kind) => {
    expect(SUBJECTS.slice(0, 5000).every((s) => routeSubject(s, p).kind === kind)).toBe(true);
  });
});
