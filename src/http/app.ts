import { randomUUID } from 'node:crypto';

import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';

import { type Config, loadConfig } from '../config.ts';
import type { Database } from '../store/database.ts';
import type { LookupService } from '../services/lookup.service.ts';
import { handleError } from './error-handler.ts';
import { handlePortalNotFound } from './portal/portal-errors.tsx';
import { echoRequestId } from './request-id.ts';
import { createMetrics, registerRequestTimer } from './metrics.ts';
import { healthRoutes } from './routes/health.routes.ts';
import { lookupRoutes } from './routes/lookup.routes.ts';
import { ErrorBody } from './schemas/error.schema.ts';
import { accountabilityRoutes } from './accountability/accountability.plugin.ts';
import { consoleRoutes } from './console/console.plugin.ts';
import { enrichmentRoutes } from './enrichment/enrichment.routes.ts';
import { portalRoutes } from './portal/portal.plugin.ts';
import { sharingRoutes } from './sharing/sharing.plugin.ts';

export interface AppOptions {
  readonly database: Database;
  readonly lookup: LookupService;
  /** The request logger; requests are not logged without one, as in tests. */
  readonly logger?: FastifyBaseLogger;
  /** Defaults to the configuration an empty environment gives. */
  readonly config?: Config;
}

/** Dependencies that each part's route plugin receives. */
export interface RouteDependencies {
  readonly database: Database;
  readonly lookup: LookupService;
  readonly config: Config;
}

const REQUEST_ID_PATTERN = /^[\w.-]{1,64}$/;

/** Builds the HTTP application without listening, so tests can `inject()` into it. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    ...(options.logger ? { loggerInstance: options.logger } : { logger: false }),
    // Fastify would take any x-request-id as it came; genReqId checks it first.
    requestIdHeader: false,
    genReqId: (request) => {
      const header = request.headers['x-request-id'];
      return typeof header === 'string' && REQUEST_ID_PATTERN.test(header) ? header : randomUUID();
    },
    ajv: { customOptions: { coerceTypes: true, removeAdditional: false } },
    // Errors Fastify meets before routing, such as a path that is not valid
    // percent-encoding, get the same body and request id as any other.
    frameworkErrors: (error, request, reply) => {
      void handleError(error, request, reply);
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  const dependencies: RouteDependencies = {
    database: options.database,
    lookup: options.lookup,
    config: options.config ?? loadConfig({}),
  };
  const metrics = createMetrics(() => options.lookup.size);
  registerRequestTimer(app, metrics.registry);
  app.setErrorHandler(handleError);
  app.setNotFoundHandler(handlePortalNotFound);
  app.addSchema(ErrorBody);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Vigil API',
        version: '1',
        description: 'Check links, domains, numbers and accounts against listed harms',
      },
    },
  });
  // The lookup route and the error handlers echo the request id themselves,
  // because a hook on every request cost the lookup about a fifth of its rate
  // in the benchmark. The other routes share one hook.
  await app.register(async (scope) => {
    scope.addHook('onRequest', (request, reply, done) => {
      echoRequestId(request, reply);
      done();
    });
    await scope.register(swaggerUi, { routePrefix: '/api/docs' });
    await scope.register(healthRoutes, { database: options.database, metrics });
    await scope.register(portalRoutes, dependencies);
    await scope.register(consoleRoutes, dependencies);
    await scope.register(enrichmentRoutes, dependencies);
    await scope.register(sharingRoutes, dependencies);
    await scope.register(accountabilityRoutes, dependencies);
  });
  await app.register(lookupRoutes, { lookup: options.lookup, metrics });
  return app;
}
