import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { HttpError } from '../http-errors';
import type { ServerDeps } from '../app';

const CHUNK = 1 << 18;

/** The body as chunks for `ingest`: already in memory, so ingest's one transaction never waits on the network. */
async function* chunksOf(body: Buffer): AsyncGenerator<Buffer> {
  for (let i = 0; i < body.length; i += CHUNK) yield body.subarray(i, i + CHUNK);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && !Buffer.isBuffer(v);

/**
 * `POST /v1/invocations`: one invocation (application/json) or NDJSON lines (application/x-ndjson), through
 * `crl.learning.ingest` — validated per line, idempotent by invocation_id, all or nothing per request.
 * Lines without an invocation_id get an id derived per request (two requests are two sets of invocations);
 * clients that retry send ids.
 */
export function invocationRoutes(app: FastifyInstance, { crl }: ServerDeps): void {
  app.post('/v1/invocations', { config: { scope: 'record' } }, async (req) => {
    let body: Buffer;
    if (Buffer.isBuffer(req.body)) body = req.body;
    else if (isObject(req.body)) body = Buffer.from(JSON.stringify(req.body));
    else {
      throw new HttpError(400, 'usage', 'The body must be one invocation object (application/json) or one invocation a line (application/x-ndjson).', {
        hint: Array.isArray(req.body) ? 'Send a list as NDJSON lines with Content-Type: application/x-ndjson.' : undefined,
      });
    }
    const r = await crl.learning.ingest(chunksOf(body), { idSalt: randomUUID(), sourceName: 'request body' });
    if (r.aborted) {
      const bad = r.rejected.length + r.rejected_more;
      const first = r.rejected[0];
      throw new HttpError(400, 'usage', `Nothing recorded: ${bad} bad line(s); line ${first.line}: ${first.error}`, {
        hint: 'Fix the lines listed in "rejected" and send the request again (nothing of it was written).',
        extra: { accepted: 0, duplicates: 0, rejected: r.rejected, rejected_more: r.rejected_more },
      });
    }
    return { accepted: r.accepted, duplicates: r.duplicates, rejected: [] };
  });
}
