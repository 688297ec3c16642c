import type { ServerResponse } from 'node:http';
import type { CrlEvent, CrlEventType, EventsPage } from '../features/events/events-service';

/** What the stream needs of the library: a page of events after an id (a value or a Promise). */
export interface EventSource {
  since(afterId: number, limit: number): EventsPage | Promise<EventsPage>;
}

export interface StreamFilter {
  agent?: string;
  task?: string;
  types?: CrlEventType[];
}

export interface EventStreamOptions {
  pollMs: number;
  heartbeatMs: number;
  /** Audit rows read per query. */
  pageSize?: number;
}

const matches = (e: CrlEvent, f: StreamFilter) =>
  (!f.agent || e.agent_name === f.agent) && (!f.task || e.task_type === f.task) && (!f.types || f.types.includes(e.type));

/** One Server-Sent Event: `id` (the audit id, what a client sends back as Last-Event-ID), `event`, one `data` line. */
export const formatEvent = (e: CrlEvent): string => `id: ${e.id}\nevent: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`;

/**
 * The open event streams of a server. Each tails the audit log from its own cursor (the Last-Event-ID it was
 * opened with, else the newest row), polling every `pollMs`, so that changes made by any process or host
 * sharing the store are seen, and a client that reconnects with the id of the last event it got misses none.
 */
export class EventStreams {
  private readonly open = new Set<{ res: ServerResponse; stop: () => void }>();
  constructor(private readonly source: EventSource, private readonly o: EventStreamOptions) {}

  get size(): number {
    return this.open.size;
  }

  /** Writes the stream head and pumps events into `res` until the client goes or `closeAll` is called. */
  start(res: ServerResponse, cursor: number, filter: StreamFilter, onEnd: () => void): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      // The connection serves this stream alone: when the stream ends (e.g. the server stops) it closes.
      connection: 'close',
      'x-accel-buffering': 'no',
    });
    res.write(`retry: 1000\n: crl events after id ${cursor}\n\n`);
    let stopped = false;
    let wake: (() => void) | null = null;
    const stop = () => {
      if (stopped) return;
      stopped = true;
      this.open.delete(entry);
      wake?.();
      if (!res.writableEnded) res.end();
      // The connection serves this stream alone: close it now rather than at a keep-alive timeout.
      const socket = res.socket;
      if (socket && !socket.destroyed) {
        socket.end();
        setTimeout(() => socket.destroy(), 1000).unref();
      }
      onEnd();
    };
    const entry = { res, stop };
    this.open.add(entry);
    res.on('close', stop);
    const sleep = (ms: number) =>
      new Promise<void>((r) => {
        const t = setTimeout(() => ((wake = null), r()), ms);
        wake = () => (clearTimeout(t), (wake = null), r());
      });
    const write = async (text: string) => {
      if (!res.write(text) && !stopped) await new Promise<void>((r) => res.once('drain', r).once('close', r));
    };
    void (async () => {
      let lastWrite = Date.now();
      while (!stopped) {
        let page: EventsPage;
        try {
          page = await this.source.since(cursor, this.o.pageSize ?? 500);
        } catch {
          await sleep(this.o.pollMs); // e.g. a busy database: the cursor stays, nothing is missed
          continue;
        }
        for (const e of page.events) {
          if (stopped) return;
          if (!matches(e, filter)) continue;
          await write(formatEvent(e));
          lastWrite = Date.now();
        }
        cursor = page.cursor;
        if (stopped) return;
        if (Date.now() - lastWrite >= this.o.heartbeatMs) {
          await write(`: heartbeat ${new Date().toISOString()}\n\n`);
          lastWrite = Date.now();
        }
        if (!page.more) await sleep(this.o.pollMs);
      }
    })().catch(stop);
  }

  /** Ends every stream (the server is shutting down); clients reconnect elsewhere with their last id. */
  closeAll(): void {
    for (const s of [...this.open]) s.stop();
  }
}
