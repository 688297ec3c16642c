import type { Rng } from './rng';

export type SelectionPolicy = 'greedy' | 'epsilon-greedy' | 'ucb1' | 'thompson';

/** A variant that may be selected, with its learned figures (q ∈ [0,1], n ≥ 0). */
export interface Candidate {
  variant_id: string;
  q: number;
  n: number;
}

export interface SelectionSettings {
  /** Exploration probability of ε-greedy, in [0, 1]. */
  epsilon: number;
  /** Exploration constant of UCB1 (√2 by default). */
  ucb_c: number;
}

export type Selection =
  | { kind: 'selected'; variant_id: string; policy: SelectionPolicy; reason: string; scores: Record<string, number> }
  | { kind: 'none'; policy: SelectionPolicy; reason: string };

const byName = (a: Candidate, b: Candidate) => (a.variant_id < b.variant_id ? -1 : a.variant_id > b.variant_id ? 1 : 0);

/** Highest score wins; ties go to the alphabetically first variant. */
function argmax(cands: Candidate[], score: (c: Candidate) => number) {
  const scores: Record<string, number> = {};
  let best: Candidate | undefined;
  let bestScore = -Infinity;
  for (const c of [...cands].sort(byName)) {
    const s = score(c);
    scores[c.variant_id] = s;
    if (s > bestScore) {
      best = c;
      bestScore = s;
    }
  }
  return { best: best as Candidate, scores };
}

/** Gamma(shape, 1) sample (Marsaglia–Tsang), shape > 0. */
function sampleGamma(shape: number, rng: Rng): number {
  if (shape < 1) return sampleGamma(shape + 1, rng) * Math.pow(rng() || Number.MIN_VALUE, 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      // Box–Muller normal from two uniforms.
      const u1 = rng() || Number.MIN_VALUE;
      x = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * rng());
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng() || Number.MIN_VALUE;
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

/** Beta(a, b) sample from two gamma samples. */
export function sampleBeta(a: number, b: number, rng: Rng): number {
  const x = sampleGamma(a, rng);
  const y = sampleGamma(b, rng);
  return x / (x + y);
}

/**
 * Picks a variant for one agent/task under a policy.
 * - greedy: highest Q.
 * - epsilon-greedy: a uniformly random candidate with probability ε, else greedy.
 * - ucb1: an unvisited candidate first, else highest Q + c·√(ln N / n).
 * - thompson: highest sample of Beta(1 + Q·n, 1 + (1 − Q)·n).
 */
export function selectVariant(cands: Candidate[], policy: SelectionPolicy, s: SelectionSettings, rng: Rng): Selection {
  if (cands.length === 0) return { kind: 'none', policy, reason: 'No active variant is registered or recorded for this agent/task' };
  const sorted = [...cands].sort(byName);
  switch (policy) {
    case 'greedy': {
      const { best, scores } = argmax(sorted, (c) => c.q);
      return { kind: 'selected', variant_id: best.variant_id, policy, reason: `Highest Q (${best.q.toFixed(3)})`, scores };
    }
    case 'epsilon-greedy': {
      const { best, scores } = argmax(sorted, (c) => c.q);
      if (rng() < s.epsilon) {
        const pick = sorted[Math.min(sorted.length - 1, Math.floor(rng() * sorted.length))];
        return { kind: 'selected', variant_id: pick.variant_id, policy, reason: `Exploring (probability ε = ${s.epsilon})`, scores };
      }
      return { kind: 'selected', variant_id: best.variant_id, policy, reason: `Exploiting: highest Q (${best.q.toFixed(3)})`, scores };
    }
    case 'ucb1': {
      const unvisited = sorted.find((c) => c.n === 0);
      const total = sorted.reduce((acc, c) => acc + c.n, 0);
      const { best, scores } = argmax(sorted, (c) =>
        c.n === 0 ? Infinity : c.q + s.ucb_c * Math.sqrt(Math.log(Math.max(total, 1)) / c.n),
      );
      if (unvisited) return { kind: 'selected', variant_id: unvisited.variant_id, policy, reason: 'Unvisited variant is tried first', scores };
      return { kind: 'selected', variant_id: best.variant_id, policy, reason: `Highest upper confidence bound (${scores[best.variant_id].toFixed(3)})`, scores };
    }
    case 'thompson': {
      const { best, scores } = argmax(sorted, (c) => sampleBeta(1 + c.q * c.n, 1 + (1 - c.q) * c.n, rng));
      return { kind: 'selected', variant_id: best.variant_id, policy, reason: `Highest posterior sample (${scores[best.variant_id].toFixed(3)})`, scores };
    }
  }
}
