import fastifyCookie from '@fastify/cookie';
import csrfProtection from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';

import type { RouteDependencies } from '../app.ts';
import { assetRoutes } from './assets.routes.ts';
import { checkRoutes } from './check.routes.tsx';
import { contentRoutes } from './content.routes.tsx';
import { MULTIPART_LIMITS } from './form-input.ts';
import { homeRoutes } from './home.routes.tsx';
import { handlePortalError } from './portal-errors.tsx';
import { receiptRoutes } from './receipt.routes.tsx';
import { reportRoutes } from './report.routes.tsx';
import { reportsApiRoutes } from './reports-api.routes.ts';
import { warningRoutes } from './warning.routes.tsx';

/** Cookie that contains the CSRF secret of the portal's forms. */
export const PORTAL_CSRF_COOKIE = 'vigil_csrf';

/**
 * Registers the public portal: pages in Vietnamese and English, the reports
 * API, and the security plugins they share. Everything registered here is
 * encapsulated, so its headers, parsers and error pages stay in the portal.
 */
export async function portalRoutes(
  app: FastifyInstance,
  dependencies: RouteDependencies,
): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
      },
    },
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'no-referrer' },
  });
  await app.register(fastifyCookie);
  await app.register(formbody, { bodyLimit: 64 * 1024 });
  await app.register(multipart, { limits: MULTIPART_LIMITS });
  await app.register(csrfProtection, {
    cookieKey: PORTAL_CSRF_COOKIE,
    cookieOpts: { path: '/', sameSite: 'lax', httpOnly: true },
    getToken: (request) => {
      const body = request.body as Record<string, unknown> | undefined;
      return typeof body?._csrf === 'string' ? body._csrf : undefined;
    },
  });
  // NOTE: counters live in this process's memory, so with several `vigil serve`
  // processes each one allows the configured number. The per-value limit is in the database.
  await app.register(rateLimit, { global: false });
  app.setErrorHandler(handlePortalError);

  await app.register(assetRoutes);
  await app.register(homeRoutes);
  await app.register(reportRoutes, dependencies);
  await app.register(receiptRoutes, dependencies);
  await app.register(checkRoutes, dependencies);
  await app.register(warningRoutes, dependencies);
  await app.register(contentRoutes);
  await app.register(reportsApiRoutes, dependencies);
}
