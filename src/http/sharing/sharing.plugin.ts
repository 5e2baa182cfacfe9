import type { FastifyInstance } from 'fastify';

import type { RouteDependencies } from '../app.ts';

/** Registers the routes of sharing with providers and partners. */
export async function sharingRoutes(
  _app: FastifyInstance,
  _dependencies: RouteDependencies,
): Promise<void> {}
