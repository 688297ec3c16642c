import { spawnSync } from 'node:child_process';
import type { TypedRollbackEvent } from '../../../telemetry/schemas';
import type { Ctx } from '../../context';

/** What an alert carries: the rollback event (snake_case, as in rollback_events.jsonl) and its type. */
export type AlertEvent = TypedRollbackEvent;

export interface AlertOutcome {
  rollback_id: string;
  /** null when no `alerts.command` is configured. */
  command_ok: boolean | null;
  error?: string;
}

export interface AlertOptions {
  /** Where the alert line goes (default process.stderr). */
  write?: (line: string) => void;
  /** Timeout of the alert command (ms). */
  timeoutMs?: number;
}

/** One human line per event. */
export function alertLine(e: AlertEvent): string {
  return e.event_type === 'rollback'
    ? `ALERT rollback ${e.rollback_id}: ${e.agent_name}/${e.task_type} ${e.from_variant} → ${e.to_variant}: ${e.reason}`
    : `ALERT rollback skipped ${e.rollback_id}: ${e.agent_name}/${e.task_type} ${e.from_variant} is degraded but has no rollback target: ${e.reason}`;
}

/**
 * Prints the event to stderr and runs `alerts.command` (through the shell, event JSON on stdin).
 * A failing command is reported on stderr and in the result; it never undoes anything.
 */
export function sendAlert(ctx: Ctx, e: AlertEvent, o: AlertOptions = {}): AlertOutcome {
  const write = o.write ?? ((l: string) => void process.stderr.write(`${l}\n`));
  write(alertLine(e));
  const command = ctx.config.alerts.command;
  if (!command) return { rollback_id: e.rollback_id, command_ok: null };
  const r = spawnSync(command, { shell: true, input: `${JSON.stringify(e)}\n`, encoding: 'utf8', timeout: o.timeoutMs ?? 30_000 });
  let error: string | undefined;
  // A command that exits without reading stdin gives EPIPE: its exit status still decides.
  const epipe = (r.error as NodeJS.ErrnoException | undefined)?.code === 'EPIPE';
  if (r.error && !(epipe && typeof r.status === 'number')) error = r.error.message;
  else if (r.signal) error = `killed by ${r.signal}`;
  else if (r.status !== 0) error = `exit ${r.status}${r.stderr ? `: ${r.stderr.trim().slice(0, 500)}` : ''}`;
  if (error) {
    write(`alert command failed for ${e.rollback_id} (${error}); the ${e.event_type === 'rollback' ? 'rollback stands' : 'event is recorded'} — check alerts.command`);
    return { rollback_id: e.rollback_id, command_ok: false, error };
  }
  return { rollback_id: e.rollback_id, command_ok: true };
}
