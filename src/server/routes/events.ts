import { performance } from 'node:perf_hooks';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { CrlEventType } from '../../features/events/events-service';
import type { ServerDeps } from '../app';
import { HttpError } from '../http-errors';
import { intParam, nameParam, parseParams } from '../query';

const TYPES: readonly CrlEventType[] = ['default_changed', 'rollback', 'rollout_step', 'rollout_abort'];

const eventsQuery = z.strictObject({
  agent: nameParam.optional(),
  task: nameParam.optional(),
  /** Comma-separated event types. */
  types: z
    .string()
    .transform((s) => s.split(',').map((t) => t.trim()).filter(Boolean))
    .refine((ts) => ts.length > 0 && ts.every((t) => (TYPES as readonly string[]).includes(t)), `must list event types of ${TYPES.join(', ')}`)
    .optional(),
  /** For clients that cannot send the Last-Event-ID header on their first connection. */
  last_event_id: intParam(0).optional(),
});

/**
 * `GET /v1/events`: Server-Sent Events for default changes, rollbacks, rollout steps and aborts, tailed from the
 * audit log (any process or host). Each event's id is its audit id; a client that reconnects with
 * `Last-Event-ID` gets every event after it. Without one the stream starts at the newest row.
 */
export function eventRoutes(app: FastifyInstance, { crl, streams, finished }: ServerDeps): void {
  app.get('/v1/events', { config: { scope: 'read', stream: true } }, async (req, reply) => {
    const q = parseParams(eventsQuery, req.query);
    const header = req.headers['last-event-id'];
    let cursor: number;
    if (typeof header === 'string' && header.trim() !== '') {
      if (!/^\d{1,15}$/.test(header.trim())) throw new HttpError(400, 'usage', 'header "Last-Event-ID": must be the integer id of an event.');
      cursor = Number(header.trim());
    } else cursor = q.last_event_id ?? (await crl.events.latestId());
    const started = performance.now();
    reply.hijack();
    streams.start(reply.raw, cursor, { agent: q.agent, task: q.task, types: q.types as CrlEventType[] | undefined }, () => finished(req, 200, performance.now() - started));
  });
}
