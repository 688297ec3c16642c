/** Success flags of the most recent invocations, newest first (true = outcome `success`). */
export type RecentSuccesses = readonly boolean[];

export interface SequentialTestInput {
  /** Outcomes of the lookback, newest first; the test restarts at the oldest one. */
  recent: RecentSuccesses;
  /** Invocations before the lookback (count ≥ 0) and how many of them succeeded. */
  baselineN: number;
  baselineSuccess: number;
}

export interface SequentialTestParams {
  /** False-alarm level of one look, in (0, 1); the decision bound is ln(1/alpha). */
  alpha: number;
  /** Relative drop of the success rate the test is tuned to detect, in (0, 1) (0.2 = to 0.8× baseline). */
  shift: number;
}

export interface SequentialTestResult {
  kind: 'drop' | 'no_drop';
  reason: string;
  figures: {
    /** CUSUM statistic (nats) at the newest invocation. */
    statistic: number;
    /** Decision bound ln(1/alpha) (nats). */
    bound: number;
    /** In-control success probability (baseline, Laplace-smoothed). */
    p0: number;
    /** Out-of-control success probability p0·(1 − shift). */
    p1: number;
    /** How many of the newest invocations the statistic spans (the estimated change point). */
    since: number;
  };
}

/**
 * One-sided Bernoulli CUSUM (Page's test) for a drop of the success rate from p0 to p1 = p0·(1−shift).
 * The statistic is the largest log-likelihood ratio over every suffix of the lookback, i.e. the CUSUM
 * S_t = max(0, S_{t−1} + llr(x_t)) restarted at the oldest invocation of the lookback. It says `drop`
 * when S ≥ ln(1/alpha); by Wald's inequality a stable stream crosses that bound with probability ≤ alpha
 * per change point considered. p0 comes from counts (baseline successes/n, Laplace-smoothed so that a
 * perfect short baseline does not make every failure infinitely surprising).
 */
export function sequentialTest(input: SequentialTestInput, params: SequentialTestParams): SequentialTestResult {
  const p0 = (input.baselineSuccess + 1) / (input.baselineN + 2);
  const p1 = p0 * (1 - params.shift);
  const bound = Math.log(1 / params.alpha);
  const llrSuccess = Math.log(p1 / p0);
  const llrFailure = Math.log((1 - p1) / (1 - p0));
  let sum = 0;
  let statistic = 0;
  let since = 0;
  for (let i = 0; i < input.recent.length; i++) {
    sum += input.recent[i] ? llrSuccess : llrFailure;
    if (sum > statistic) {
      statistic = sum;
      since = i + 1;
    }
  }
  const figures = { statistic: round(statistic), bound: round(bound), p0: round(p0), p1: round(p1), since };
  return statistic >= bound
    ? {
        kind: 'drop',
        reason:
          `Sequential test: the last ${since} invocations are ${figures.statistic} nats more likely ` +
          `under a drop to ${figures.p1} than under the baseline ${figures.p0} (bound ${figures.bound})`,
        figures,
      }
    : { kind: 'no_drop', reason: `Sequential test: evidence ${figures.statistic} nats is below the bound ${figures.bound}`, figures };
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;
