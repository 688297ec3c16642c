import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest, LogController } from 'fastify';
import type { TokenScope } from '../../core/tokens/scope-allows';
import type { Crl } from '../crl';
import type { TokenIdentity } from '../features/tokens/tokens-service';
import { EventStreams } from './event-stream';
import { errorAnswer, HttpError } from './http-errors';
import { createHttpMetrics, type HttpMetrics } from './http-metrics';
import { eventRoutes } from './routes/events';
import { healthRoutes } from './routes/health';
import { invocationRoutes } from './routes/invocations';
import { metricsRoutes } from './routes/metrics';
import { readRoutes } from './routes/reads';
import { selectRoutes } from './routes/select';
import { waltzrlRoutes } from './routes/waltzrl';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The scope a token needs for the route; none: no token (health checks). */
    scope?: TokenScope;
    /** A long-lived stream that logs and counts itself when it ends. */
    stream?: boolean;
  }
  interface FastifyRequest {
    /** Who the bearer token is (never the token). */
    identity?: TokenIdentity;
  }
}

/** What the route files get. */
export interface ServerDeps {
  crl: Crl;
  streams: EventStreams;
  metrics: HttpMetrics;
  /** Logs one JSON line for a finished request and counts it. */
  finished(req: FastifyRequest, status: number, ms: number): void;
}

export interface AppOptions {
  /** Where the JSON log lines go (default stderr). */
  logStream?: { write(line: string): unknown };
  /** Default: config `server.log_level`. */
  logLevel?: Crl['config']['server']['log_level'];
}

export interface ServerApp {
  app: FastifyInstance;
  streams: EventStreams;
  /** Set when a shutdown begins: answers then close their connection. */
  state: { closing: boolean };
  /**
   * Resolves once no route handler is running any more (at most `ms` later): a handler whose connection was
   * closed at the shutdown timeout still finishes its service call (e.g. an ingest's transaction) before the
   * caller closes the Crl.
   */
  settled(ms: number): Promise<void>;
}

/** The route pattern of a request (`/v1/proposals/:id`), never its URL: no ids or query text in labels and logs. */
const routeOf = (req: FastifyRequest): string => req.routeOptions.url ?? 'unmatched';

const BEARER = /^Bearer[ \t]+([\x21-\x7e]+)[ \t]*$/i;

/** Checks the bearer token of a route that needs a scope: 401 without a valid token, 403 with the wrong scope. */
async function authorize(crl: Crl, req: FastifyRequest): Promise<void> {
  const scope = req.routeOptions.config.scope;
  if (!scope) return;
  const header = req.headers.authorization;
  const challenge = { 'www-authenticate': 'Bearer realm="crl"' };
  const m = typeof header === 'string' ? BEARER.exec(header) : null;
  if (!m) {
    throw new HttpError(401, 'unauthorized', 'A bearer token is required (header "Authorization: Bearer <token>").', {
      hint: 'Create one with `crl token create --name NAME --scope record|read|admin`.', headers: challenge,
    });
  }
  const who = await crl.tokens.authenticate(m[1]);
  if (!who) throw new HttpError(401, 'unauthorized', 'The token is unknown or revoked.', { hint: '`crl token list` shows the active tokens.', headers: challenge });
  req.identity = who;
  const d = await crl.tokens.authorize(who, scope);
  if (d.kind === 'forbidden') throw new HttpError(403, 'forbidden', `Token "${who.name}": ${d.reason}.`);
}

/**
 * The Fastify instance of `crl serve` over an opened Crl: bearer-token scopes, typed errors as JSON, one JSON
 * log line per request (pino, on stderr), request metrics, the routes of ./routes. Listening and shutdown are
 * in ./serve.
 */
export async function buildApp(crl: Crl, o: AppOptions = {}): Promise<ServerApp> {
  const s = crl.config.server;
  const app = Fastify({
    logger: {
      level: o.logLevel ?? s.log_level,
      stream: o.logStream ?? process.stderr,
      formatters: { level: (label: string) => ({ level: label }) },
      timestamp: () => `,"time":"${new Date().toISOString()}"`,
    },
    logController: new LogController({ disableRequestLogging: true }),
    requestIdHeader: false,
    bodyLimit: s.body_limit_bytes,
    requestTimeout: s.request_timeout_ms,
    keepAliveTimeout: s.keep_alive_timeout_ms,
    connectionTimeout: s.socket_idle_timeout_ms,
    // Node checks request and header timeouts every connectionsCheckingInterval (30 s by default).
    http: { headersTimeout: s.headers_timeout_ms, connectionsCheckingInterval: Math.min(30_000, Math.max(50, Math.floor(s.request_timeout_ms / 4))) },
    forceCloseConnections: 'idle',
    return503OnClosing: true,
  });
  const metrics = createHttpMetrics();
  const streams = new EventStreams({ since: (id, limit) => crl.events.since(id, limit) }, { pollMs: s.events_poll_ms, heartbeatMs: s.events_heartbeat_ms });
  const finished = (req: FastifyRequest, status: number, ms: number) => {
    const route = routeOf(req);
    metrics.observe(req.method, route, status, ms);
    const line = { method: req.method, route, status, duration_ms: Math.round(ms * 100) / 100, token: req.identity?.name ?? null };
    if (status >= 500) req.log.error(line, 'request');
    else req.log.info(line, 'request');
  };
  const deps: ServerDeps = { crl, streams, metrics, finished };

  // Every handler's promise, until it settles (see ServerApp.settled). Registered before the routes.
  const running = new Set<Promise<unknown>>();
  app.addHook('onRoute', (route) => {
    const handler = route.handler;
    route.handler = function tracked(this: FastifyInstance, req, reply) {
      const r = handler.call(this, req, reply) as unknown;
      if (r instanceof Promise) {
        running.add(r);
        const drop = () => void running.delete(r);
        r.then(drop, drop);
      }
      return r as ReturnType<typeof handler>;
    };
  });
  const settled = async (ms: number): Promise<void> => {
    if (running.size === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((r) => (timer = setTimeout(r, ms)));
    try {
      await Promise.race([Promise.allSettled([...running]).then(() => undefined), timeout]);
    } finally {
      clearTimeout(timer);
    }
  };

  app.removeContentTypeParser('text/plain'); // JSON and NDJSON only: anything else is 415
  app.addContentTypeParser('application/x-ndjson', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  app.addHook('onRequest', (req, _reply, done) => {
    if (!req.routeOptions.config.scope) return done(); // health checks: no token, no promise
    authorize(crl, req).then(() => done(), done);
  });
  app.addHook('onResponse', (req, reply: FastifyReply, done) => {
    if (!(req.routeOptions.config.stream && reply.statusCode === 200)) finished(req, reply.statusCode, reply.elapsedTime);
    done();
  });
  const state = { closing: false };
  // During a shutdown an answer closes its keep-alive connection, so that the server stops as soon as it is answered.
  app.addHook('onSend', (_req, reply, payload, done) => {
    if (state.closing) void reply.header('connection', 'close');
    done(null, payload);
  });
  app.addHook('preClose', async () => streams.closeAll());
  app.setErrorHandler((err, req, reply) => {
    const a = errorAnswer(err, req.id);
    if (a.internal) req.log.error({ err: { type: (err as Error)?.name, message: (err as Error)?.message, stack: (err as Error)?.stack } }, 'internal error');
    if (a.headers) void reply.headers(a.headers);
    return reply.status(a.status).send(a.body);
  });
  app.setNotFoundHandler((req, reply) =>
    reply.status(404).send({ error: 'not_found', message: `No route ${req.method} ${req.url.split('?')[0]}.`, hint: 'docs/server.md lists the endpoints.' }),
  );
  for (const routes of [healthRoutes, invocationRoutes, selectRoutes, readRoutes, waltzrlRoutes, eventRoutes, metricsRoutes]) routes(app, deps);
  await app.ready();
  return { app, streams, state, settled };
}
