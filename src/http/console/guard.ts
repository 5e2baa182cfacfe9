import type {
  FastifyError,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  onRequestHookHandler,
  preValidationHookHandler,
} from 'fastify';

import type { Database } from '../../store/database.ts';
import { CONSOLE_ACCESS } from './access.ts';
import { requireRole, wantsPage } from './auth.ts';
import { handleError } from '../error-handler.ts';
import { renderErrorPage } from './views/error-page.tsx';

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

/**
 * Guards every route registered in `scope` after this call by its entry in
 * `CONSOLE_ACCESS`: a route missing from that table fails registration, the
 * role is checked on arrival, and every POST checks its CSRF token. `scope`
 * must have @fastify/cookie and @fastify/csrf-protection registered. Console
 * routes served by other parts call this too, so one table rules them all.
 */
export function guardConsoleRoutes(scope: FastifyInstance, database: Database): void {
  scope.addHook('onRequest', setSecurityHeaders);
  scope.addHook('onRoute', (route) => {
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
        const checkRole = requireRole(database, ...access) as onRequestHookHandler;
        route.onRequest = [
          checkRole,
          ...(route.onRequest === undefined ? [] : [route.onRequest].flat()),
        ];
      }
      if (method === 'POST') {
        const checkCsrf: preValidationHookHandler = (request, reply, done) => {
          scope.csrfProtection(request, reply, done);
        };
        route.preValidation = [
          checkCsrf,
          ...(route.preValidation === undefined ? [] : [route.preValidation].flat()),
        ];
      }
    }
  });
}

function pageStatusOf(error: FastifyError): number {
  const status = error.statusCode;
  return status !== undefined && status >= 400 && status < 600 ? status : 500;
}

/** Sends an HTML error page for a failed console page, and the JSON error body for an API call. */
export function handleConsoleError(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
) {
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
}
