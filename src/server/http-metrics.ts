import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { MetricFamily } from '../features/dashboard/metrics-service';

/** Seconds; the select goal is a p99 under 10 ms, a large batch takes a second or more. */
const BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export interface HttpMetrics {
  /** Counts a finished request and observes its duration under its route pattern. */
  observe(method: string, route: string, status: number, ms: number): void;
  /** The exposition text: the crl gauges of `families`, then the request and process metrics. */
  text(families: MetricFamily[]): Promise<string>;
  readonly contentType: string;
}

/**
 * The server's metrics on a prom-client registry of its own: request counts and latency histograms per
 * route, the process metrics prom-client collects, and the gauges of `crl metrics`, refreshed at each scrape
 * (a family that is not reported any more, e.g. the WaltzRL stage, is removed rather than left stale).
 */
export function createHttpMetrics(): HttpMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: 'crl_http_requests_total', help: 'HTTP requests answered, by method, route pattern and status.',
    labelNames: ['method', 'route', 'status'], registers: [registry],
  });
  const duration = new Histogram({
    name: 'crl_http_request_duration_seconds', help: 'Time from the request to the end of its answer, by method and route pattern.',
    labelNames: ['method', 'route'], buckets: BUCKETS, registers: [registry],
  });
  const gauges = new Map<string, { gauge: Gauge; key: string }>();
  const refresh = (families: MetricFamily[]) => {
    const seen = new Set<string>();
    for (const f of families) {
      seen.add(f.name);
      const labelNames = [...new Set(f.samples.flatMap((s) => Object.keys(s.labels)))].sort();
      const key = `${f.help}\u0000${labelNames.join(',')}`;
      let g = gauges.get(f.name);
      if (!g || g.key !== key) {
        if (g) registry.removeSingleMetric(f.name);
        g = { gauge: new Gauge({ name: f.name, help: f.help, labelNames, registers: [registry] }), key };
        gauges.set(f.name, g);
      }
      g.gauge.reset();
      for (const s of f.samples) g.gauge.set(s.labels, s.value);
    }
    for (const name of [...gauges.keys()]) {
      if (seen.has(name)) continue;
      registry.removeSingleMetric(name);
      gauges.delete(name);
    }
  };
  let chain: Promise<unknown> = Promise.resolve();
  return {
    observe(method, route, status, ms) {
      requests.inc({ method, route, status: String(status) });
      duration.observe({ method, route }, ms / 1000);
    },
    // One scrape at a time: a refresh never interleaves with another scrape's rendering.
    text(families) {
      const next = chain.then(() => {
        refresh(families);
        return registry.metrics();
      });
      chain = next.catch(() => undefined);
      return next;
    },
    contentType: registry.contentType,
  };
}
