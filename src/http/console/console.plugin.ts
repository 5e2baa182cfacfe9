import fastifyCookie from '@fastify/cookie';
import csrfProtection from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import type { FastifyInstance } from 'fastify';

import type { RouteDependencies } from '../app.ts';
import { assetRoutes } from './assets.routes.ts';
import { auditRoutes } from './audit.routes.tsx';
import { guardConsoleRoutes, handleConsoleError } from './guard.ts';
import { caseRoutes } from './case.routes.tsx';
import { decisionRoutes } from './decision.routes.tsx';
import { loginRoutes } from './login.routes.ts';
import { noticeRoutes } from './notice.routes.tsx';
import { queueRoutes } from './queue.routes.tsx';

/**
 * Registers the routes of the staff console under /console. Every route's
 * access comes from `CONSOLE_ACCESS`: a route missing from that table fails
 * registration, and every POST also checks its CSRF token.
 */
export async function consoleRoutes(
  app: FastifyInstance,
  dependencies: RouteDependencies,
): Promise<void> {
  await app.register(fastifyCookie);
  await app.register(formbody, { bodyLimit: 1_048_576 });
  await app.register(csrfProtection, {
    cookieKey: '_csrf',
    cookieOpts: { path: '/console', sameSite: 'strict', httpOnly: true },
  });
  guardConsoleRoutes(app, dependencies.database);
  app.setErrorHandler(handleConsoleError);

  await app.register(assetRoutes);
  await app.register(loginRoutes, dependencies);
  await app.register(queueRoutes, dependencies);
  await app.register(caseRoutes, dependencies);
  await app.register(decisionRoutes, dependencies);
  await app.register(noticeRoutes, dependencies);
  await app.register(auditRoutes, dependencies);
}
