import fastifyCookie from '@fastify/cookie';
import csrfProtection from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';

import type { RouteDependencies } from '../app.ts';
import { handlePortalError } from '../portal/portal-errors.tsx';
import { PORTAL_CSRF_COOKIE } from '../portal/portal.plugin.ts';
import { APPEAL_MULTIPART_LIMITS } from './appeal-form.ts';
import { appealRoutes } from './appeal.routes.tsx';
import { archiveRoutes } from './archive.routes.tsx';
import { consoleAppealRoutes } from './console-appeals.routes.tsx';
import { transparencyRoutes } from './transparency.routes.tsx';

/**
 * Registers the routes of the public archive, appeals and transparency report,
 * with the same security headers and CSRF cookie as the portal's pages, and
 * the staff pages that review appeals.
 */
export async function accountabilityRoutes(
  app: FastifyInstance,
  dependencies: RouteDependencies,
): Promise<void> {
  await app.register(async (scope) => {
    await scope.register(helmet, {
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'none'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          baseUri: ["'none'"],
        },
      },
      crossOriginEmbedderPolicy: false,
      referrerPolicy: { policy: 'no-referrer' },
    });
    await scope.register(fastifyCookie);
    await scope.register(multipart, { limits: APPEAL_MULTIPART_LIMITS });
    await scope.register(formbody, { bodyLimit: 64 * 1024 });
    await scope.register(csrfProtection, {
      cookieKey: PORTAL_CSRF_COOKIE,
      cookieOpts: { path: '/', sameSite: 'lax', httpOnly: true },
      getToken: (request) => {
        const body = request.body as Record<string, unknown> | undefined;
        return typeof body?._csrf === 'string' ? body._csrf : undefined;
      },
    });
    // NOTE: counters live in this process's memory, so each `vigil serve` process allows the limit.
    await scope.register(rateLimit, { global: false });
    scope.setErrorHandler(handlePortalError);
    await scope.register(archiveRoutes, dependencies);
    await scope.register(appealRoutes, dependencies);
    await scope.register(transparencyRoutes, dependencies);
  });
  await app.register(consoleAppealRoutes, dependencies);
}
