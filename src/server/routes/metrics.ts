import type { FastifyInstance } from 'fastify';
import type { ServerDeps } from '../app';

/** `GET /metrics`: the gauges of `crl metrics` plus request counts, latency histograms and process metrics (Prometheus text). */
export function metricsRoutes(app: FastifyInstance, { crl, metrics }: ServerDeps): void {
  app.get('/metrics', { config: { scope: 'read' } }, async (_req, reply) => {
    const text = await metrics.text(await crl.dashboard.metrics());
    return reply.type(metrics.contentType).send(text);
  });
}
