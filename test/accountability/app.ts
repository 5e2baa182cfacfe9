import { randomUUID } from 'node:crypto';

import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';

import { type Config, loadConfig } from '../../src/config.ts';
import { accountabilityRoutes } from '../../src/http/accountability/accountability.plugin.ts';
import { handleError, handleNotFound } from '../../src/http/error-handler.ts';
import { LookupService } from '../../src/services/lookup.service.ts';
import type { Database } from '../../src/store/database.ts';

export interface AccountabilityApp {
  readonly app: FastifyInstance;
  readonly lookup: LookupService;
  readonly config: Config;
}

/**
 * Builds an app with the accountability routes alone, set up as `buildApp`
 * sets up the whole one (validation options, error body), so their tests do
 * not depend on the other parts' routes.
 */
export async function buildAccountabilityApp(
  database: Database,
  config: Config = loadConfig({}),
): Promise<AccountabilityApp> {
  const lookup = await LookupService.load(database);
  const app = Fastify({
    logger: false,
    requestIdHeader: false,
    genReqId: (request) => {
      const header = request.headers['x-request-id'];
      return typeof header === 'string' && /^[\w.-]{1,64}$/.test(header) ? header : randomUUID();
    },
    ajv: { customOptions: { coerceTypes: true, removeAdditional: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.setErrorHandler(handleError);
  app.setNotFoundHandler(handleNotFound);
  await app.register(accountabilityRoutes, { database, lookup, config });
  return { app, lookup, config };
}

/** Returns the value of the hidden `_csrf` field of a page. */
export function csrfFieldOf(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (match === null) {
    throw new Error('the page has no _csrf field');
  }
  return match[1]!;
}

/** Returns `name=value` pairs of the cookies a response set, for the next request's header. */
export function cookiesOf(response: { cookies: { name: string; value: string }[] }): string {
  return response.cookies.map((cookie) => `${cookie.name}=${cookie.value}`).join('; ');
}
