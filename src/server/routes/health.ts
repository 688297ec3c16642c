import type { FastifyInstance } from 'fastify';
import type { ServerDeps } from '../app';

/** `GET /healthz` (the process answers) and `GET /readyz` (the store answers and is migrated): no token. */
export function healthRoutes(app: FastifyInstance, { crl }: ServerDeps): void {
  app.get('/healthz', async () => ({ ok: true }));
  app.get('/readyz', async (_req, reply) => {
    const r = await crl.readiness();
    return reply.status(r.ready ? 200 : 503).send(r);
  });
}
