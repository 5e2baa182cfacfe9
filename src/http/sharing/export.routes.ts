import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';

import type { RouteDependencies } from '../app.ts';
import { VigilError } from '../../errors.ts';
import { type ExportReader, PUBLIC_READER, runExport } from '../../services/export.service.ts';
import { StringEnum } from '../schemas/schema-helpers.ts';
import { requireApiKey } from './api-key-auth.ts';

const SINGLE_FILE_FORMATS = ['rpz', 'stix', 'csv', 'json'] as const;

const ExportQuery = Type.Object({
  since: Type.Optional(
    Type.String({
      maxLength: 40,
      description: 'ISO time: only listings changed since (CSV, JSON, STIX)',
    }),
  ),
});

/**
 * Registers the exports over HTTP. Without a key a reader gets TLP:CLEAR
 * listings only. An API key with the `exports` scope raises that to its
 * organisation's clearance.
 */
export const exportRoutes: FastifyPluginCallbackTypebox<RouteDependencies> = (
  app,
  { database, config },
  done,
) => {
  const authenticate = requireApiKey(database, 'exports', { optional: true });
  const readerOf = (
    principal: { organisation: { tlp_clearance: string } } | undefined,
  ): ExportReader =>
    principal === undefined
      ? PUBLIC_READER
      : { clearance: principal.organisation.tlp_clearance as ExportReader['clearance'] };

  app.get(
    '/api/v1/exports/:format',
    {
      preHandler: authenticate,
      schema: {
        tags: ['exports'],
        summary: 'Download active listings as an RPZ zone, a STIX 2.1 bundle, CSV or JSON',
        params: Type.Object({ format: StringEnum(SINGLE_FILE_FORMATS) }),
        querystring: ExportQuery,
      },
    },
    async (request, reply) => {
      const result = await runExport(database, config, {
        format: request.params.format,
        ...(request.query.since !== undefined && { since: request.query.since }),
        reader: readerOf(request.apiPrincipal),
      });
      const [name, file] = [...result.files][0]!;
      return reply
        .type(file.contentType)
        .header('content-disposition', `inline; filename="${name}"`)
        .header('cache-control', 'no-store')
        .send(file.body);
    },
  );

  // A MISP feed is a folder, so its address leads to the manifest that lists the rest.
  app.get(
    '/api/v1/exports/misp',
    { schema: { tags: ['exports'], summary: 'Redirect to the MISP feed manifest' } },
    (_request, reply) => reply.redirect('/api/v1/exports/misp/manifest.json', 302),
  );

  app.get(
    '/api/v1/exports/misp/:file',
    {
      preHandler: authenticate,
      schema: {
        tags: ['exports'],
        summary: 'Read the MISP feed: manifest.json, hashes.csv or an event file',
        params: Type.Object({
          file: Type.String({ pattern: '^(manifest\\.json|hashes\\.csv|[0-9a-f-]{36}\\.json)$' }),
        }),
      },
    },
    async (request, reply) => {
      // TODO: every file request builds the whole feed; cache it per clearance once feeds grow.
      const result = await runExport(database, config, {
        format: 'misp',
        reader: readerOf(request.apiPrincipal),
      });
      const file = result.files.get(request.params.file);
      if (file === undefined) {
        throw new VigilError(
          'NOT_FOUND',
          `the MISP feed has no file ${request.params.file}`,
          'file',
        );
      }
      return reply.type(file.contentType).header('cache-control', 'no-store').send(file.body);
    },
  );
  done();
};
