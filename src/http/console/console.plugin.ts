import fastifyCookie from '@fastify/cookie';
import csrfProtection from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import type {
  FastifyError,
  FastifyInstance,
  onRequestHookHandler,
  preValidationHookHandler,
} from 'fastify';

import type { RouteDependencies } from '../app.ts';
import { CONSOLE_ACCESS } from './access.ts';
import { assetRoutes } from './assets.routes.ts';
import { auditRoutes } from './audit.routes.tsx';
import { requireRole, wantsPage } from './auth.ts';
import { handleError } from '../error-handler.ts';
import { renderErrorPage } from './views/error-page.tsx';
import { caseRoutes } from './case.routes.tsx';
import { decisionRoutes } from './decision.routes.tsx';
import { loginRoutes } from './login.routes.ts';
import { noticeRoutes } from './notice.routes.tsx';
import { queueRoutes } from './queue.routes.tsx';

/**
 * Pages may load scripts, styles and images from the console itself only, and
 * no inline script runs, so markup that slipped through escaping still does
 * nothing.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "connect-src 'self'",
].join('; ');

const setSecurityHeaders: onRequestHookHandler = (_request, reply, done) => {
  reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
  reply.header('x-content-type-options', 'nosniff');
  reply.header('referrer-policy', 'no-referrer');
  reply.header('cache-control', 'no-store');
  reply.header('x-frame-options', 'DENY');
  done();
};

function pageStatusOf(error: FastifyError): number {
  const status = error.statusCode;
  return status !== undefined && status >= 400 && status < 600 ? status : 500;
}

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
  app.addHook('onRequest', setSecurityHeaders);
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (!wantsPage(request)) {
      return handleError(error, request, reply);
    }
    const statusCode = pageStatusOf(error);
    if (statusCode >= 500) {
      request.log.error({ err: error }, 'request failed');
    } else {
      request.log.info({ code: error.code }, 'request rejected');
    }
    const message = statusCode >= 500 ? 'Internal error' : error.message;
    return reply
      .status(statusCode)
      .type('text/html; charset=utf-8')
      .send(renderErrorPage(statusCode, message, request.staff));
  });
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      // Fastify adds a HEAD route for each GET one, built from the options
      // before this hook ran, so it takes the GET route's access here.
      const key = `${method === 'HEAD' ? 'GET' : method} ${route.url}`;
      const access = CONSOLE_ACCESS[key];
      if (access === undefined) {
        throw new Error(`console route ${key} has no entry in CONSOLE_ACCESS`);
      }
      // The role is checked on arrival, before the body is parsed. The CSRF
      // token is checked after parsing but before validation, so a forged
      // post gets 403 whatever its body.
      if (access !== 'public') {
        const checkRole = requireRole(dependencies.database, ...access) as onRequestHookHandler;
        route.onRequest = [
          checkRole,
          ...(route.onRequest === undefined ? [] : [route.onRequest].flat()),
        ];
      }
      if (method === 'POST') {
        const checkCsrf: preValidationHookHandler = (request, reply, done) => {
          app.csrfProtection(request, reply, done);
        };
        route.preValidation = [
          checkCsrf,
          ...(route.preValidation === undefined ? [] : [route.preValidation].flat()),
        ];
      }
    }
  });

  await app.register(assetRoutes);
  await app.register(loginRoutes, dependencies);
  await app.register(queueRoutes, dependencies);
  await app.register(caseRoutes, dependencies);
  await app.register(decisionRoutes, dependencies);
  await app.register(noticeRoutes, dependencies);
  await app.register(auditRoutes, dependencies);
}
