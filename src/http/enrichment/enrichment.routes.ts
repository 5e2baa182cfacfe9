import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';

import { VigilError } from '../../errors.ts';
import { describeIndicatorEnrichment } from '../../services/indicator-enrichment.service.ts';
import type { RouteDependencies } from '../app.ts';
import { requireRole } from '../console/auth.ts';

/** Positive indicator id as digits, a string pattern because numeric coercion takes `1e400`. */
const Params = Type.Object({ id: Type.String({ pattern: '^[1-9][0-9]{0,14}$' }) });

/**
 * Registers GET /api/v1/indicators/:id/enrichment: the latest fetch, DNS, RDAP, lookalike and
 * liveness results of an indicator as JSON, for staff of any console role. Values come from
 * hostile sites, so clients must show them as text.
 */
export function enrichmentRoutes(
  app: FastifyInstance,
  dependencies: RouteDependencies,
): Promise<void> {
  const { database } = dependencies;

  app.get<{ Params: { id: string } }>(
    '/api/v1/indicators/:id/enrichment',
    {
      schema: { params: Params },
      preHandler: requireRole(database, 'analyst', 'supervisor', 'admin', 'auditor'),
    },
    async (request, reply) => {
      const id = Number(request.params.id);
      const enrichment = await describeIndicatorEnrichment(database, id);
      if (enrichment === undefined) {
        throw new VigilError('NOT_FOUND', `indicator ${id} does not exist`, 'id');
      }
      reply.header('cache-control', 'no-store');
      return { enrichment };
    },
  );

  // Fastify awaits the plugin, but it registers one route and has nothing to wait for.
  return Promise.resolve();
}
