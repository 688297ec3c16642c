import { createRequire } from 'node:module';
import type { ScheduledTask } from 'node-cron';
import type { Ctx } from '../../context';
import { UsageError } from '../../errors';
import { runMonitorLeased } from '../monitor/monitor-service';
import { formatReviewSummary, reviewSummary, runPropose } from '../proposals/proposals-service';

// node-cron's ESM build reads import.meta.url at load time, which a CommonJS bundle does not have:
// load its CommonJS build at run time instead (it is a runtime dependency, like better-sqlite3).
const cron = createRequire(typeof __filename === 'string' ? __filename : import.meta.url)('node-cron') as typeof import('node-cron').default;

/** A job body: gets an opened context (closed after the run) and returns a one-line summary for the log. */
export type JobRunner = (ctx: Ctx) => Promise<string> | string;

/**
 * The scheduler's jobs by name. `monitor` and `propose` get their cron expression from the options or
 * config (`schedule.monitor_cron`, `schedule.propose_cron`). The weekly proposal job plugs in by replacing
 * `propose` here (or at runtime with `registerJob('propose', runPropose)`).
 */
export const jobRunners: Record<string, JobRunner> = {
  monitor: async (ctx) => {
    const r = await runMonitorLeased(ctx, { actor: 'scheduler' });
    if (r.lease_held_by) return `skipped: another monitor holds the lease (${r.lease_held_by})`;
    // Under the same lease: one pass of the WaltzRL Stage 2 step machine (advance, hold or return).
    const stage = await (await import('../waltzrl/stage-service')).checkStage(ctx, { by: 'scheduler' });
    return `checked ${r.checked}, degraded ${r.degraded.length}, rollbacks ${r.rollbacks.length}, skipped rollbacks ${r.rollbacks_skipped.length}; waltzrl stage: ${stage.decision.kind}`;
  },
  propose: async (ctx) => {
    const r = await runPropose(ctx, { actor: 'scheduler' });
    return `checked ${r.checked}, new proposals ${r.created.length}, already open ${r.duplicates.length}\n${formatReviewSummary(await reviewSummary(ctx, 5))}`;
  },
};

/** Adds or replaces a named job body. */
export function registerJob(name: string, run: JobRunner): void {
  jobRunners[name] = run;
}

export interface SchedulerOptions {
  /** Opens a context for one run; it is closed after the run. */
  open: () => Ctx | Promise<Ctx>;
  monitorCron?: string;
  proposeCron?: string;
  /** Cron expressions of further registered jobs, by name. */
  extraJobs?: Record<string, string>;
  /** One line per run (default: stderr). */
  log?: (line: string) => void;
  /** Run only these jobs (e.g. ['monitor'] for `crl monitor` without --once); default all. */
  only?: string[];
  /** Stop on SIGINT/SIGTERM (default true). */
  handleSignals?: boolean;
}

export interface Scheduler {
  jobs: { name: string; cron: string }[];
  /** Stops every job and waits for a running one to finish. */
  stop(): Promise<void>;
  /** Resolves once stopped. */
  done: Promise<void>;
}

/** Throws a UsageError (exit 2) naming the flag when an expression is not a valid cron expression. */
export function validateCron(expr: string, flag: string): void {
  if (!cron.validate(expr)) {
    throw new UsageError(`${flag} "${expr}" is not a valid cron expression.`, {
      hint: 'Use 5 fields (minute hour day month weekday) or 6 with seconds first, e.g. "*/5 * * * *".',
    });
  }
}

/**
 * Runs the jobs on their cron schedules with node-cron (`noOverlap`: a run still going when the next is due
 * is skipped). Each run opens a context, runs the job (the monitor under the cross-process lease shared with
 * `crl monitor --once`) and logs one line. SIGINT/SIGTERM stop it cleanly.
 */
export async function startScheduler(o: SchedulerOptions): Promise<Scheduler> {
  const log = o.log ?? ((l: string) => void process.stderr.write(`${l}\n`));
  const specs = [
    { name: 'monitor', cron: o.monitorCron, flag: '--monitor-cron' },
    { name: 'propose', cron: o.proposeCron, flag: '--propose-cron' },
    ...Object.entries(o.extraJobs ?? {}).map(([name, c]) => ({ name, cron: c as string | undefined, flag: `cron of ${name}` })),
  ].filter((s) => !o.only || o.only.includes(s.name));
  let defaults: Ctx['config']['schedule'] | undefined;
  if (specs.some((s) => !s.cron)) {
    const ctx = await o.open();
    defaults = ctx.config.schedule;
    await ctx.db.close();
  }
  const jobs = specs.map((s) => ({ ...s, cron: s.cron ?? (s.name === 'monitor' ? defaults!.monitor_cron : defaults!.propose_cron) }));
  for (const j of jobs) validateCron(j.cron, j.flag);
  for (const j of jobs) if (!jobRunners[j.name]) throw new UsageError(`No job named "${j.name}" is registered.`);

  const inFlight = new Set<Promise<void>>();
  const runJob = (name: string): Promise<void> => {
    const p = (async () => {
      const t0 = Date.now();
      let ctx: Ctx | undefined;
      try {
        ctx = await o.open();
        const summary = await jobRunners[name](ctx);
        log(`${new Date().toISOString()} ${name} ok in ${Date.now() - t0} ms: ${summary}`);
      } catch (e) {
        log(`${new Date().toISOString()} ${name} failed in ${Date.now() - t0} ms: ${(e as Error)?.message ?? String(e)}`);
      } finally {
        // The context this run opened, closed once here (a job body does not close it).
        if (ctx) await ctx.db.close();
      }
    })();
    inFlight.add(p);
    return p.finally(() => inFlight.delete(p));
  };
  const tasks: ScheduledTask[] = jobs.map((j) => cron.schedule(j.cron, () => runJob(j.name), { name: `crl-${j.name}`, noOverlap: true }));

  let resolveDone!: () => void;
  const done = new Promise<void>((r) => (resolveDone = r));
  let stopping: Promise<void> | null = null;
  const onSignal = (sig: NodeJS.Signals) => {
    log(`${new Date().toISOString()} ${sig} received: stopping`);
    void stop();
  };
  const stop = (): Promise<void> => {
    if (stopping) return stopping;
    stopping = (async () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      for (const t of tasks) await t.destroy();
      await Promise.allSettled([...inFlight]);
      log(`${new Date().toISOString()} scheduler stopped`);
      resolveDone();
    })();
    return stopping;
  };
  if (o.handleSignals !== false) {
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }
  log(`${new Date().toISOString()} scheduler started: ${jobs.map((j) => `${j.name} "${j.cron}"`).join(', ')}`);
  return { jobs: jobs.map(({ name, cron: c }) => ({ name, cron: c })), stop, done };
}
