import type { FastifyPluginCallback } from 'fastify';
import { sql } from 'kysely';

import type { ServerMetrics } from '../metrics.ts';
import type { Database } from '../../store/database.ts';

export interface HealthRoutesOptions {
  readonly database: Database;
  readonly metrics: ServerMetrics;
}

/** `/healthz` for load balancers and `/metrics` for Prometheus. */
export const healthRoutes: FastifyPluginCallback<HealthRoutesOptions> = (
  app,
  { database, metrics },
  done,
) => {
  app.get('/healthz', { schema: { hide: true } }, async (request, reply) => {
    try {
      await sql`select 1`.execute(database.db);
      return { status: 'ok' };
    } catch (error) {
      request.log.error({ err: error }, 'health check failed');
      return reply.status(503).send({ status: 'unavailable', reason: 'database unreachable' });
    }
  });

  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    const body = await metrics.registry.metrics();
    return reply.type(metrics.registry.contentType).send(body);
  });
  done();
};
