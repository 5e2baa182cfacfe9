import type { FastifyInstance } from 'fastify';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** The Prometheus metrics one server process exposes. */
export interface ServerMetrics {
  readonly registry: Registry;
  /** Counts one lookup by whether it found a listing. */
  countLookup(listed: boolean): void;
}

/** Creates a registry with process metrics, request timings and lookup counts. */
export function createMetrics(indexSize: () => number): ServerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  const lookups = new Counter({
    name: 'vigil_lookups_total',
    help: 'Lookups served, by result',
    labelNames: ['result'] as const,
    registers: [registry],
  });
  new Gauge({
    name: 'vigil_listing_index_keys',
    help: 'Listed keys held in the in-memory lookup index',
    registers: [registry],
    collect() {
      this.set(indexSize());
    },
  });
  const listedLookups = lookups.labels('listed');
  const unlistedLookups = lookups.labels('not_listed');
  return {
    registry,
    countLookup: (listed) => (listed ? listedLookups : unlistedLookups).inc(),
  };
}

/** Times every request by route pattern and status code. */
export function registerRequestTimer(app: FastifyInstance, registry: Registry): void {
  const duration = new Histogram({
    name: 'vigil_http_request_duration_seconds',
    help: 'HTTP request duration by route and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [registry],
  });
  // Label lookups are the costly part of an observation, so each series is resolved once.
  const series = new Map<string, Histogram.Internal<'method' | 'route' | 'status_code'>>();
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const key = `${request.method} ${route} ${reply.statusCode}`;
    let histogram = series.get(key);
    if (!histogram) {
      histogram = duration.labels(request.method, route, String(reply.statusCode));
      series.set(key, histogram);
    }
    histogram.observe(reply.elapsedTime / 1000);
    done();
  });
}
