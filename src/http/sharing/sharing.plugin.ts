import type { FastifyInstance } from 'fastify';

import type { RouteDependencies } from '../app.ts';
import { exportRoutes } from './export.routes.ts';
import { orgRoutes } from './org.routes.ts';
import { staffNoticeRoutes } from './staff-notice.routes.ts';
import { taxiiRoutes } from './taxii.routes.ts';

/**
 * Registers the routes of sharing with providers and partners: the
 * organisation API, exports, the TAXII 2.1 server and staff views of notices.
 */
export async function sharingRoutes(
  app: FastifyInstance,
  dependencies: RouteDependencies,
): Promise<void> {
  await app.register(orgRoutes, dependencies);
  await app.register(exportRoutes, dependencies);
  await app.register(staffNoticeRoutes, dependencies);
  await app.register(taxiiRoutes, dependencies);
}
