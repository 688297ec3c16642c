import { closeSync, openSync, writeSync } from 'node:fs';
import type { Ctx } from '../../context';
import type { CoachingRoundRow } from './coaching-store-type';
import { UsageError } from '../../errors';
import { type CoachingMemory, storeCoachingMemory } from './coach';


/** Coaching memory backed by this data dir: pass it as `coachingMemory` to `withWaltzRL`. */
export function coachingMemory(ctx: Ctx): CoachingMemory {
  return storeCoachingMemory(ctx.coaching);
}

/** One step of a coaching trajectory (a JSONL line of `crl waltzrl export`). */
export interface TrajectoryStep {
  session_id: string;
  prompt_hash: string;
  /** What the conversation agent faced: the prompt, the round, and the earlier rounds' responses with their feedback. */
  state: { prompt: string; round: number; history: { response: string; feedback: string }[] };
  /** The response of this round and the feedback the reviewer gave on it. */
  action: { response: string; feedback: string; error: string | null };
  /** Labels of the response and DIR = R_c(this round) − R_c(previous round) (0 for round 0; null without a verdict). */
  reward: { unsafe: boolean | null; overrefuse: boolean | null; dir: number | null };
  /** State of the next round, null at the end. */
  next_state: { prompt: string; round: number; history: { response: string; feedback: string }[] } | null;
  terminal: boolean;
}

export interface ExportStats {
  out: string;
  sessions: number;
  lines: number;
  converged: number;
  gave_up: number;
  failed: number;
  rounds_used_mean: number | null;
  dir: {
    /** Mean of the session DIR (final vs original) in [−1, 1]. */
    mean: number | null;
    improved: number;
    unchanged: number;
    worsened: number;
    /** Mean DIR of round k ≥ 1 over the sessions that reached it. */
    per_round: { round: number; n: number; mean: number | null }[];
  };
}

const b = (x: number | null) => (x === null ? null : x === 1);
const r4 = (x: number) => Math.round(x * 10000) / 10000;

/** Trajectory steps of one session (one per round). */
export function trajectory(sessionId: string, promptHash: string, prompt: string, rounds: CoachingRoundRow[]): TrajectoryStep[] {
  const history: { response: string; feedback: string }[] = [];
  const steps: TrajectoryStep[] = [];
  rounds.forEach((r, i) => {
    const state = { prompt, round: r.round, history: [...history] };
    history.push({ response: r.response, feedback: r.feedback });
    const last = i === rounds.length - 1;
    steps.push({
      session_id: sessionId, prompt_hash: promptHash, state,
      action: { response: r.response, feedback: r.feedback, error: r.error },
      reward: { unsafe: b(r.unsafe), overrefuse: b(r.overrefuse), dir: r.dir },
      next_state: last ? null : { prompt, round: rounds[i + 1].round, history: [...history] },
      terminal: last,
    });
  });
  return steps;
}

/** Writes every stored coaching session (oldest first) to `out` as JSONL trajectories; returns counts and DIR statistics. */
export async function exportCoaching(ctx: Ctx, out: string, opts: { since?: string } = {}): Promise<ExportStats> {
  if (opts.since !== undefined && Number.isNaN(Date.parse(opts.since))) throw new UsageError(`--since must be an ISO 8601 time, got "${opts.since}"`);
  const since = opts.since === undefined ? undefined : new Date(opts.since).toISOString();
  const store = ctx.coaching;
  let fd: number;
  try {
    fd = openSync(out, 'w', 0o600);
  } catch (e) {
    throw new UsageError(`--out ${out}: cannot write the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const st: ExportStats = { out, sessions: 0, lines: 0, converged: 0, gave_up: 0, failed: 0, rounds_used_mean: null, dir: { mean: null, improved: 0, unchanged: 0, worsened: 0, per_round: [] } };
  let roundsSum = 0;
  let dirSum = 0;
  const perRound = new Map<number, { n: number; sum: number }>();
  try {
    for await (const s of store.sessions(since)) {
      const rounds = await store.rounds(s.session_id);
      const text = trajectory(s.session_id, s.prompt_hash, s.prompt, rounds).map((x) => `${JSON.stringify(x)}\n`).join('');
      writeSync(fd, text);
      st.sessions++;
      st.lines += rounds.length;
      if (s.converged) st.converged++;
      else if (s.outcome === 'max_rounds') st.gave_up++;
      else st.failed++;
      roundsSum += s.rounds_used;
      dirSum += s.dir;
      if (s.dir > 0) st.dir.improved++;
      else if (s.dir < 0) st.dir.worsened++;
      else st.dir.unchanged++;
      for (const r of rounds) {
        if (r.round === 0 || r.dir === null) continue;
        const p = perRound.get(r.round) ?? { n: 0, sum: 0 };
        p.n++;
        p.sum += r.dir;
        perRound.set(r.round, p);
      }
    }
  } finally {
    closeSync(fd);
  }
  if (st.sessions > 0) {
    st.rounds_used_mean = r4(roundsSum / st.sessions);
    st.dir.mean = r4(dirSum / st.sessions);
  }
  st.dir.per_round = [...perRound.entries()].sort(([a], [b2]) => a - b2).map(([round, p]) => ({ round, n: p.n, mean: p.n ? r4(p.sum / p.n) : null }));
  return st;
}
