import type { FastifyInstance } from 'fastify';

import type { RouteDependencies } from '../app.ts';

/** Registers the routes of the public portal. */
export async function portalRoutes(
  _app: FastifyInstance,
  _dependencies: RouteDependencies,
): Promise<void> {}
