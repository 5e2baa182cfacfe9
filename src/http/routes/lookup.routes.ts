import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';

import type { ServerMetrics } from '../metrics.ts';
import { echoRequestId } from '../request-id.ts';
import type { LookupService } from '../../services/lookup.service.ts';
import { ErrorBody } from '../schemas/error.schema.ts';
import { LookupQuery, LookupResponse } from '../schemas/lookup.schema.ts';

export interface LookupRoutesOptions {
  readonly lookup: LookupService;
  readonly metrics: ServerMetrics;
}

/** `GET /api/v1/lookup`: is this link, domain, address, number or account listed? */
export const lookupRoutes: FastifyPluginCallbackTypebox<LookupRoutesOptions> = (
  app,
  { lookup, metrics },
  done,
) => {
  app.get(
    '/api/v1/lookup',
    {
      schema: {
        summary: 'Check whether a value is listed',
        description:
          'Canonicalizes the value and checks it against active listings. A URL also matches ' +
          'a listed host, parent domain or path prefix, as Safe Browsing lookups do. ' +
          'Not listed is a normal answer with listed set to false.',
        tags: ['lookup'],
        querystring: LookupQuery,
        response: { 200: LookupResponse, 400: ErrorBody },
      },
    },
    async (request, reply) => {
      echoRequestId(request, reply);
      const result = await lookup.lookup(request.query.value, { kind: request.query.kind });
      metrics.countLookup(result.listed);
      return result;
    },
  );
  done();
};
