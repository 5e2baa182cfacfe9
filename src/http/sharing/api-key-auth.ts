import type { FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';

import type { ApiKeyScope, ApiPrincipal } from '../../services/api-key.service.ts';
import { authenticateApiKey } from '../../services/api-key.service.ts';
import type { Database } from '../../store/database.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The organisation behind the request's API key, set by `requireApiKey`. */
    apiPrincipal?: ApiPrincipal;
  }
}

/**
 * Reads the API key of a request: `Authorization: Bearer <key>`, or HTTP
 * Basic with the key as the password, which is what most TAXII clients send.
 */
export function presentedApiKey(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header === undefined) {
    return undefined;
  }
  const [scheme, credentials] = header.trim().split(/\s+/, 2);
  if (credentials === undefined) {
    return undefined;
  }
  if (scheme?.toLowerCase() === 'bearer') {
    return credentials;
  }
  if (scheme?.toLowerCase() === 'basic') {
    const decoded = Buffer.from(credentials, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon === -1 ? undefined : decoded.slice(colon + 1);
  }
  return undefined;
}

/**
 * Returns a preHandler that requires an API key with `scope` and sets
 * `request.apiPrincipal`. With `optional`, a request without any
 * Authorization header passes as anonymous, but a bad key never does.
 */
export function requireApiKey(
  database: Database,
  scope: ApiKeyScope,
  options: { readonly optional?: boolean } = {},
): preHandlerAsyncHookHandler {
  return async function checkApiKey(request) {
    const key = presentedApiKey(request);
    if (key === undefined && options.optional && request.headers.authorization === undefined) {
      return;
    }
    request.apiPrincipal = await authenticateApiKey(database, key ?? '', scope);
    request.log.info(
      { organisationId: request.apiPrincipal.organisation.id },
      'organisation identified',
    );
  };
}
