import { ConflictError, CrlError, NotFoundError, UsageError } from '../errors';
import { newInvocationId } from '../ids';
import type { DashboardData } from '../features/dashboard/dashboard-service';
import type { CrlEvent, CrlEventType } from '../features/events/events-service';
import type { Readiness } from '../features/health/health-service';
import type { QEntry } from '../features/learning/learning-service';
import type { RollbackEvent } from '../features/monitor/monitor-service';
import type { ProposalView } from '../features/proposals/proposals-service';
import type { ProposalStatus } from '../features/proposals/proposal-store-type';
import type { RolloutEventView, RolloutView } from '../features/rollout/rollout-service';
import type { SelectAnswer, SelectInput } from '../features/serving/serving-service';
import type { VariantInfo } from '../features/variants/variants-service';
import type { InvocationLine } from '../../telemetry/schemas';
import { parseSse } from './sse';

export interface CrlClientOptions {
  /** Base URL of a `crl serve`, e.g. `http://127.0.0.1:8787`. */
  url: string;
  /** A bearer token (`crl token create`). */
  token?: string;
  /** Per request (not the event stream), default 30 s. */
  timeoutMs?: number;
  /** Tries of a request the server could not take (network error, 503); invocations carry ids, so a retry adds nothing twice. Default 3. */
  tries?: number;
}

/** What `POST /v1/invocations` answers (`rejected` is empty: a bad line makes the request a UsageError). */
export interface IngestAnswer {
  accepted: number;
  duplicates: number;
  rejected: { line: number; error: string }[];
}

/** What `POST /v1/waltzrl/review` answers: the served reviewer's verdict and the recorded invocation. */
export interface ServedReview {
  subject: string | null;
  stage: 1 | 2;
  variant_id: string;
  unsafe: boolean;
  overrefuse: boolean;
  refusal: boolean;
  severity: string | null;
  issues: unknown[];
  feedback: string;
  invocation_id: string;
}

export interface EventsOptions {
  /** Start after this event id (else: events from now on). */
  lastEventId?: number;
  agent?: string;
  task?: string;
  types?: CrlEventType[];
  /** Stops the stream. */
  signal?: AbortSignal;
}

type Filter = Record<string, string | number | boolean | undefined>;
type RollbackView = RollbackEvent & { event_type: 'rollback' | 'rollback_skipped'; triggered_by: string };

/** The remote handle: the methods of the local `Crl` that `crl serve` offers, by the same names, returning Promises. */
export interface CrlClient {
  learning: {
    /** Records one invocation (an invocation_id is made when it has none, so a retry is not counted twice). */
    record(invocation: InvocationLine): Promise<IngestAnswer>;
    /** Many invocations in one request (NDJSON): all or nothing. With `batchSize`, one request per batch, each all or nothing. */
    ingest(invocations: Iterable<InvocationLine>, opts?: { batchSize?: number }): Promise<IngestAnswer>;
    qTable(filter?: { agent?: string; task?: string }): Promise<QEntry[]>;
  };
  serving: { select(input: SelectInput): Promise<SelectAnswer> };
  variants: { list(agent?: string): Promise<VariantInfo[]> };
  monitor: { rollbacks(filter?: { agent?: string; task?: string; limit?: number }): Promise<RollbackView[]> };
  rollout: {
    status(filter?: { agent?: string; task?: string; all?: boolean }): Promise<RolloutView[]>;
    history(filter?: { agent?: string; task?: string; limit?: number }): Promise<RolloutEventView[]>;
  };
  proposals: { list(filter?: { status?: ProposalStatus; agent?: string; limit?: number }): Promise<ProposalView[]>; show(id: string): Promise<ProposalView> };
  dashboard: { build(): Promise<DashboardData>; metricsText(): Promise<string> };
  /** The verdict of the reviewer that serves `subject`, recorded as a review of its stage variant. */
  waltzrl: { review(prompt: string, response: string, opts?: { subject?: string }): Promise<ServedReview> };
  /** Default changes, rollbacks, rollout steps and aborts as they happen; reconnects with Last-Event-ID and misses none. */
  events(opts?: EventsOptions): AsyncGenerator<CrlEvent>;
  /** `GET /healthz`: true when the process answers. */
  health(): Promise<boolean>;
  /** `GET /readyz`: whether the store answers and is migrated. */
  ready(): Promise<Readiness>;
}

/** An error answer as the typed error of the local library: 400/413/415 → UsageError, 404 → NotFoundError, 409 → ConflictError. */
function errorOf(status: number, body: unknown): CrlError {
  const b = (body ?? {}) as { message?: string; hint?: string; error?: string };
  const message = b.message ?? `HTTP ${status}`;
  const opts = { hint: b.hint, details: { status, body } };
  if (status === 404) return new NotFoundError(message, opts);
  if (status === 409) return new ConflictError(message, opts);
  if (status >= 400 && status < 500) return new UsageError(message, opts);
  return new CrlError('internal', message, opts);
}

const query = (f: Filter = {}): string => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v !== undefined) p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
};

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((r) => {
    const t = setTimeout(r, ms);
    signal?.addEventListener('abort', () => (clearTimeout(t), r()), { once: true });
  });

/** A client of `crl serve` over HTTP (Node's fetch, no dependency). */
export function crlClient(o: CrlClientOptions): CrlClient {
  const base = o.url.replace(/\/+$/, '');
  const auth: Record<string, string> = o.token ? { authorization: `Bearer ${o.token}` } : {};
  const tries = Math.max(1, o.tries ?? 3);

  async function call(method: 'GET' | 'POST', path: string, body?: { type: string; text: string }): Promise<Response> {
    for (let attempt = 1; ; attempt++) {
      let res: Response | undefined;
      try {
        res = await fetch(`${base}${path}`, {
          method, headers: { ...auth, accept: 'application/json', ...(body ? { 'content-type': body.type } : {}) },
          body: body?.text, signal: AbortSignal.timeout(o.timeoutMs ?? 30_000),
        });
      } catch (e) {
        if (attempt >= tries) throw new CrlError('internal', `crl serve at ${base} cannot be reached: ${(e as Error).message}`, { cause: e });
      }
      if (res && (res.status !== 503 || attempt >= tries)) {
        if (res.ok) return res;
        const text = await res.text();
        let parsed: unknown = text;
        try {
          parsed = JSON.parse(text);
        } catch {
          // not JSON: kept as text
        }
        throw errorOf(res.status, parsed);
      }
      await sleep(100 * 2 ** attempt);
    }
  }
  const get = async <T>(path: string, f?: Filter): Promise<T> => (await call('GET', `${path}${query(f)}`)).json() as Promise<T>;
  const post = async <T>(path: string, type: string, text: string): Promise<T> => (await call('POST', path, { type, text })).json() as Promise<T>;
  const withId = (i: InvocationLine): InvocationLine => (i.invocation_id ? i : { ...i, invocation_id: newInvocationId() });

  async function ingest(invocations: Iterable<InvocationLine>, opts: { batchSize?: number } = {}): Promise<IngestAnswer> {
    const size = opts.batchSize ?? Infinity;
    const total: IngestAnswer = { accepted: 0, duplicates: 0, rejected: [] };
    let lines: string[] = [];
    const flush = async () => {
      if (lines.length === 0) return;
      const r = await post<IngestAnswer>('/v1/invocations', 'application/x-ndjson', `${lines.join('\n')}\n`);
      lines = [];
      total.accepted += r.accepted;
      total.duplicates += r.duplicates;
    };
    for (const i of invocations) {
      lines.push(JSON.stringify(withId(i)));
      if (lines.length >= size) await flush();
    }
    await flush();
    return total;
  }

  async function* events(e: EventsOptions = {}): AsyncGenerator<CrlEvent> {
    let last = e.lastEventId;
    let retryMs = 1000;
    const stop = new AbortController();
    const onAbort = () => stop.abort();
    e.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      while (!stop.signal.aborted) {
        try {
          const res = await fetch(`${base}/v1/events${query({ agent: e.agent, task: e.task, types: e.types?.join(',') })}`, {
            headers: { ...auth, accept: 'text/event-stream', ...(last !== undefined ? { 'last-event-id': String(last) } : {}) },
            signal: stop.signal,
          });
          if (!res.ok || !res.body) {
            const body = await res.json().catch(() => null);
            if (res.status !== 503) throw errorOf(res.status, body); // a client error does not heal by retrying
          } else {
            for await (const m of parseSse(res.body as unknown as AsyncIterable<Uint8Array>, (ms) => (retryMs = ms))) {
              if (m.id !== undefined && /^\d+$/.test(m.id)) last = Number(m.id);
              yield JSON.parse(m.data) as CrlEvent;
            }
          }
        } catch (err) {
          if (stop.signal.aborted) return;
          if (err instanceof CrlError) throw err;
          // the connection dropped (server restart, network): reconnect after `retry` with the last id
        }
        await sleep(retryMs, stop.signal);
      }
    } finally {
      e.signal?.removeEventListener('abort', onAbort);
      stop.abort();
    }
  }

  return {
    learning: {
      record: (i) => post('/v1/invocations', 'application/json', JSON.stringify(withId(i))),
      ingest,
      qTable: (f) => get('/v1/q', f),
    },
    serving: { select: (i) => get('/v1/select', { agent: i.agent, task: i.task, subject: i.subject, policy: i.policy, seed: i.seed ?? undefined }) },
    variants: { list: (agent) => get('/v1/variants', { agent }) },
    monitor: { rollbacks: (f) => get('/v1/rollbacks', f) },
    rollout: { status: (f) => get('/v1/rollouts', f), history: (f) => get('/v1/rollouts/history', f) },
    proposals: { list: (f) => get('/v1/proposals', f), show: (id) => get(`/v1/proposals/${encodeURIComponent(id)}`) },
    dashboard: { build: () => get('/v1/dashboard'), metricsText: async () => (await call('GET', '/metrics')).text() },
    waltzrl: { review: (prompt, response, opts = {}) => post('/v1/waltzrl/review', 'application/json', JSON.stringify({ prompt, response, subject: opts.subject })) },
    events,
    health: async () => (await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(o.timeoutMs ?? 30_000) }).catch(() => null))?.ok === true,
    ready: async () => (await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(o.timeoutMs ?? 30_000) })).json() as Promise<Readiness>,
  };
}
