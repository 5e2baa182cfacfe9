import type { FastifyInstance } from 'fastify';

import type { RouteDependencies } from '../app.ts';

/** Registers the routes of the staff console. */
export async function consoleRoutes(
  _app: FastifyInstance,
  _dependencies: RouteDependencies,
): Promise<void> {}
