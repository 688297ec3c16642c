import type { AddressInfo, Socket } from 'node:net';
import type { Ctx } from '../context';
import type { Crl } from '../crl';
import { startScheduler, type Scheduler } from '../features/schedule/scheduler';
import { type AppOptions, buildApp } from './app';

export interface ServeOptions extends AppOptions {
  /** Default: config `server.host`. */
  host?: string;
  /** Default: config `server.port`; 0 picks a free port. */
  port?: number;
  /** Also run the scheduler's jobs (monitor, weekly proposals) under the lease `crl schedule` uses. */
  schedule?: { open: () => Ctx | Promise<Ctx>; monitorCron?: string; proposeCron?: string };
  /** Status lines: the bound address first (default stdout). */
  out?: (line: string) => void;
  /** Messages of the scheduler and the shutdown (default stderr). */
  log?: (line: string) => void;
}

export interface RunningServer {
  /** `http://host:port` as bound. */
  url: string;
  port: number;
  /**
   * Stops gracefully: no new connections, event streams ended, in-flight requests finished (at most
   * `server.shutdown_timeout_ms`, then connections are closed; an ingest is one transaction, all or nothing, and a
   * handler whose connection was closed is still waited for, at most as long again, so that the caller closes
   * the Crl after its transaction), then the scheduler's running job.
   */
  stop(): Promise<void>;
  /** Closes every connection now (a second signal); requests not yet answered are dropped, none half-written. */
  closeConnections(): void;
  /** Resolves once stopped. */
  done: Promise<void>;
}

/** Listens with the app of ./app over `crl` (which the caller closes after `done`). */
export async function startServer(crl: Crl, o: ServeOptions = {}): Promise<RunningServer> {
  const out = o.out ?? ((l: string) => void process.stdout.write(`${l}\n`));
  const log = o.log ?? ((l: string) => void process.stderr.write(`${l}\n`));
  const { app, state, settled } = await buildApp(crl, o);
  await app.listen({ host: o.host ?? crl.config.server.host, port: o.port ?? crl.config.server.port });
  const a = app.server.address() as AddressInfo;
  const sockets = new Set<Socket>();
  app.server.on('connection', (sock: Socket) => {
    sockets.add(sock);
    sock.once('close', () => sockets.delete(sock));
  });
  const url = `http://${a.family === 'IPv6' ? `[${a.address}]` : a.address}:${a.port}`;
  let scheduler: Scheduler | undefined;
  try {
    if (o.schedule) scheduler = await startScheduler({ ...o.schedule, handleSignals: false, log });
  } catch (e) {
    await app.close();
    throw e;
  }
  out(`crl serve listening on ${url}`);
  let resolveDone!: () => void;
  const done = new Promise<void>((r) => (resolveDone = r));
  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      state.closing = true;
      const force = setTimeout(() => app.server.closeAllConnections(), crl.config.server.shutdown_timeout_ms);
      try {
        const closed = app.close();
        // Connections that never sent a byte carry no request (clients open spare ones): they would hold the
        // stop until their headers timeout.
        for (const sock of sockets) if (sock.bytesRead === 0) sock.destroy();
        await closed;
      } finally {
        clearTimeout(force);
        await settled(crl.config.server.shutdown_timeout_ms);
        await scheduler?.stop();
        resolveDone();
      }
    })();
    return stopping;
  };
  return { url, port: a.port, stop, closeConnections: () => app.server.closeAllConnections(), done };
}

/** `crl serve`: runs until SIGTERM or SIGINT, then stops gracefully (a second signal closes every connection at once). */
export async function runServer(crl: Crl, o: ServeOptions = {}): Promise<void> {
  const log = o.log ?? ((l: string) => void process.stderr.write(`${l}\n`));
  let server: RunningServer | undefined;
  let signals = 0;
  // Handlers first: a signal that arrives while the server starts (or right after it printed its address) stops it.
  const onSignal = (sig: NodeJS.Signals) => {
    signals += 1;
    log(`${new Date().toISOString()} ${sig} received: ${signals === 1 ? 'finishing in-flight requests' : 'closing every connection now'}`);
    if (!server) return;
    if (signals > 1) server.closeConnections();
    void server.stop();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  try {
    server = await startServer(crl, { ...o, log });
    if (signals > 0) void server.stop();
    await server.done;
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  }
  log(`${new Date().toISOString()} crl serve stopped`);
}
