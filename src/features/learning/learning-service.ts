import { createHash } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { readLineBatches } from '../../../telemetry/line-batches';
import { fastInvocationLine } from '../../../telemetry/invocation-fast-path';
import { invocationLineSchema } from '../../../telemetry/schemas';
import type { Ctx } from '../../context';
import type { InvocationRow, QFilter, TupleRow } from './learning-store-type';
import { NotFoundError, UsageError } from '../../errors';
import { formatZodIssues } from '../../zod-issues';
import { recordInvocation, type RecordResult, rowMaker } from './record-invocation';
import { appendLines } from '../../../telemetry/jsonl';
import { join } from 'node:path';

export type { RecordResult } from './record-invocation';

/** Records one completed invocation (validated with the zod schema) and updates its Q-value in the same transaction. */
export async function record(ctx: Ctx, input: unknown): Promise<RecordResult> {
  const parsed = invocationLineSchema.safeParse(input);
  if (!parsed.success) throw new UsageError(formatZodIssues(parsed.error.issues), { details: parsed.error.issues });
  return recordInvocation(ctx, parsed.data);
}

export interface IngestOptions {
  /** Store good lines and report bad ones instead of rejecting the whole input. */
  skipInvalid?: boolean;
  /** Where rejected lines go with skipInvalid (default: `rejects-<time>.jsonl` in the data dir). */
  rejectsFile?: string;
  /** Name used in messages and for derived ids (default: the path, or "stdin"). */
  sourceName?: string;
  /**
   * Called after each batch of lines (one read chunk): `done` is the bytes read so far, `total` the file's
   * size in bytes (absent for a stream such as stdin), `lines` the lines read so far. Without it nothing is counted.
   */
  onProgress?: (p: { done: number; total?: number; lines: number }) => void;
  /**
   * Salt of the ids derived for lines without `invocation_id`. Without it the id comes from the line's content
   * and number (a re-ingest of the same file adds nothing); `crl serve` gives one per request, so that two
   * requests with equal lines are two sets of invocations.
   */
  idSalt?: string;
}

export interface IngestResult {
  accepted: number;
  duplicates: number;
  rejected: { line: number; error: string }[];
  /** Rejected lines beyond the ones listed (the list is capped to keep memory constant). */
  rejected_more: number;
  blank_lines: number;
  rejects_file: string | null;
  /** True when nothing was written because of rejected lines (no skipInvalid). */
  aborted: boolean;
}

const MAX_LISTED_REJECTS = 1000;

/** True when the text starts with '{' and ends with '}' (so `trim()` would return it unchanged). */
const isTrimmedObject = (t: string) => t.charCodeAt(0) === 123 && t.charCodeAt(t.length - 1) === 125;

/** Id for a line that has none: derived from its content and position, so a re-ingest matches it. */
function derivedId(text: string, line: number, salt?: string): string {
  const h = createHash('sha1');
  if (salt !== undefined) h.update(salt).update('\0');
  return `h-${h.update(text).digest('hex').slice(0, 20)}-${line}`;
}

/** Passes the chunks through, telling `add` the byte length of each. */
async function* countBytes(source: AsyncIterable<Buffer | string>, add: (bytes: number) => void): AsyncGenerator<Buffer | string> {
  for await (const chunk of source) {
    add(typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length);
    yield chunk;
  }
}

/**
 * Streams JSONL invocations into the store in one transaction (constant memory), idempotent by
 * invocation_id. Without skipInvalid any bad line aborts the whole input and nothing is written.
 * The good lines of each read chunk go to the store as one batch.
 */
export async function ingest(ctx: Ctx, source: string | AsyncIterable<Buffer | string>, opts: IngestOptions = {}): Promise<IngestResult> {
  // PostgreSQL may end one of two ingests whose tuples it locked in opposite orders (a deadlock; nothing of
  // it is written). A file is read again from its start; a stream cannot be, and the error is the caller's.
  for (let attempt = 1; ; attempt++) {
    try {
      return await ingestOnce(ctx, source, opts);
    } catch (e) {
      const code = String((e as { code?: unknown }).code ?? '');
      if (typeof source !== 'string' || attempt >= INGEST_ATTEMPTS || !RETRYABLE.has(code)) throw e;
      await new Promise((r) => setTimeout(r, 20 * attempt * (0.5 + Math.random())));
    }
  }
}

/** PostgreSQL's deadlock and serialisation failure: the transaction was rolled back whole and can run again. */
const RETRYABLE = new Set(['40P01', '40001']);
const INGEST_ATTEMPTS = 5;

async function ingestOnce(ctx: Ctx, source: string | AsyncIterable<Buffer | string>, opts: IngestOptions): Promise<IngestResult> {
  let stream: AsyncIterable<Buffer | string>;
  let totalBytes: number | undefined;
  if (typeof source === 'string') {
    const st = existsSync(source) ? statSync(source) : undefined;
    if (!st?.isFile()) throw new NotFoundError(`Input file not found: ${source}`);
    totalBytes = st.size;
    stream = createReadStream(source, { highWaterMark: 1 << 18 });
  } else stream = source;
  const onProgress = opts.onProgress;
  let bytesRead = 0;
  if (onProgress) stream = countBytes(stream, (n) => (bytesRead += n));
  const now = ctx.now().toISOString();
  const result: IngestResult = { accepted: 0, duplicates: 0, rejected: [], rejected_more: 0, blank_lines: 0, rejects_file: null, aborted: false };
  const rejectLines: string[] = [];
  const reject = (line: number, error: string, text: string) => {
    if (result.rejected.length < MAX_LISTED_REJECTS) result.rejected.push({ line, error });
    else result.rejected_more += 1;
    if (!opts.skipInvalid) return;
    rejectLines.push(JSON.stringify({ line, error, text: text.slice(0, 10_000) }));
    if (rejectLines.length >= 1000) {
      appendLines(rejectsPath, rejectLines.splice(0));
      result.rejects_file = rejectsPath;
    }
  };
  const rejectsPath = opts.rejectsFile ?? join(ctx.dataDir, `rejects-${now.replace(/[-:.]/g, '').slice(0, 15)}.jsonl`);
  const toRow = rowMaker(ctx.config, now);
  const skipInvalid = opts.skipInvalid === true;
  const session = await ctx.learning.begin(ctx.config.learning.alpha, now, 'ingest');
  try {
    // One chunk of lines at a time in a synchronous loop (no promise per line), its rows stored as one batch.
    for await (const batch of readLineBatches(stream)) {
      const rows: InvocationRow[] = [];
      for (let i = 0; i < batch.length; i++) {
        const raw = batch[i];
        if (raw.tooLong) {
          reject(raw.line, `line is longer than 1,000,000 characters`, raw.text);
          continue;
        }
        const text = isTrimmedObject(raw.text) ? raw.text : raw.text.trim();
        if (text === '') {
          result.blank_lines += 1;
          continue;
        }
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch (e) {
          reject(raw.line, `invalid JSON: ${(e as Error).message}`, text);
          continue;
        }
        // The fast path accepts only what the schema accepts; anything else gets the schema and its exact error.
        let line = fastInvocationLine(json);
        if (line === undefined) {
          const parsed = invocationLineSchema.safeParse(json);
          if (!parsed.success) {
            reject(raw.line, formatZodIssues(parsed.error.issues), text);
            continue;
          }
          line = parsed.data;
        }
        if (result.rejected.length > 0 && !skipInvalid) continue; // validating only; nothing will be written
        rows.push(toRow(line, line.invocation_id ?? derivedId(text, raw.line, opts.idSalt)));
      }
      if (rows.length > 0 && (skipInvalid || result.rejected.length === 0)) {
        const added = await session.add(rows);
        result.accepted += added.inserted;
        result.duplicates += added.duplicates;
      }
      if (onProgress) onProgress({ done: bytesRead, total: totalBytes, lines: batch[batch.length - 1].line });
    }
    if (result.rejected.length > 0 && !opts.skipInvalid) {
      await session.rollback();
      result.aborted = true;
      result.accepted = 0;
      result.duplicates = 0;
      return result;
    }
    await session.commit();
  } catch (e) {
    await session.rollback();
    throw e;
  }
  if (rejectLines.length > 0) {
    appendLines(rejectsPath, rejectLines);
    result.rejects_file = rejectsPath;
  }
  return result;
}

/** One row of the Q-table as printed by `crl q --json` (snake_case, as the CRL guide). */
export interface QEntry {
  agent_name: string;
  task_type: string;
  variant_id: string;
  q_value: number;
  n_visits: number;
  invocations: number;
  success_rate: number | null;
  error_rate: number | null;
  avg_reward: number | null;
  is_default: boolean;
  status: 'active' | 'retired' | 'unregistered';
  last_updated: string;
}

/** A Q-table row from a tuple, the status of its variant (undefined: unregistered) and its task's effective default. */
function qEntryOf(t: TupleRow, status: QEntry['status'] | undefined, defaultVariant: string | undefined): QEntry {
  const n = t.inv_count;
  return {
    agent_name: t.agent_name,
    task_type: t.task_type,
    variant_id: t.variant_id,
    q_value: round(t.q_value, 4),
    n_visits: t.n_visits,
    invocations: n,
    success_rate: n ? round(t.inv_success / n, 4) : null,
    error_rate: n ? round((t.inv_error + t.inv_failure) / n, 4) : null,
    avg_reward: n ? round(t.reward_sum / n, 4) : null,
    is_default: defaultVariant === t.variant_id,
    status: status ?? 'unregistered',
    last_updated: t.last_updated,
  };
}

export async function toQEntry(ctx: Ctx, t: TupleRow): Promise<QEntry> {
  const v = await ctx.registry.getVariant(t.agent_name, t.variant_id);
  const d = await ctx.registry.resolveDefault(t.agent_name, t.task_type);
  return qEntryOf(t, v?.status, d?.variant_id);
}

export const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;

/** The Q-table (as `toQEntry` gives each row), with the variants and defaults read once for all rows. */
export async function qTable(ctx: Ctx, filter: QFilter = {}): Promise<QEntry[]> {
  const rows = await ctx.learning.qTable(filter);
  if (rows.length === 0) return [];
  const status = new Map<string, Map<string, QEntry['status']>>();
  for (const v of await ctx.registry.listVariants(filter.agent)) {
    let byVariant = status.get(v.agent_name);
    if (!byVariant) status.set(v.agent_name, (byVariant = new Map()));
    byVariant.set(v.variant_id, v.status);
  }
  const defaults = new Map<string, Map<string, string>>();
  for (const d of await ctx.registry.listDefaults(filter.agent)) {
    let byTask = defaults.get(d.agent_name);
    if (!byTask) defaults.set(d.agent_name, (byTask = new Map()));
    byTask.set(d.task_type, d.variant_id);
  }
  return rows.map((t) => {
    // The effective default: the task's own, else the agent-wide one (as registry.resolveDefault).
    const byTask = defaults.get(t.agent_name);
    const def = byTask?.get(t.task_type) ?? byTask?.get('*');
    return qEntryOf(t, status.get(t.agent_name)?.get(t.variant_id), def);
  });
}
