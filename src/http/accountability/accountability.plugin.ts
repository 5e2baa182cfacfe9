import type { FastifyInstance } from 'fastify';

import type { RouteDependencies } from '../app.ts';

/** Registers the routes of the public archive, appeals and transparency report. */
export async function accountabilityRoutes(
  _app: FastifyInstance,
  _dependencies: RouteDependencies,
): Promise<void> {}
