import { Readable } from 'node:stream';

import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';

import {
  type AuditQuery,
  browseAuditLog,
  exportAuditLog,
  verifyAuditLog,
} from '../../services/audit.service.ts';
import type { RouteDependencies } from '../app.ts';
import { csrfTokenFor } from './csrf.ts';
import { renderAuditPage } from './views/audit-page.tsx';

const AuditQuerySchema = Type.Object({
  actor: Type.Optional(Type.String({ maxLength: 200 })),
  action: Type.Optional(Type.String({ maxLength: 200 })),
  targetType: Type.Optional(Type.String({ maxLength: 200 })),
  targetId: Type.Optional(Type.String({ maxLength: 200 })),
  before: Type.Optional(Type.String({ maxLength: 20 })),
});

/** Browsing, checking and exporting the audit log, for auditors and supervisors. */
export function auditRoutes(app: FastifyInstance, { database }: RouteDependencies): Promise<void> {
  app.get(
    '/console/audit',
    { schema: { querystring: AuditQuerySchema } },
    async (request, reply) => {
      const query = request.query as AuditQuery;
      const page = await browseAuditLog(database, query);
      const html = renderAuditPage({
        staff: request.staff!,
        csrfToken: csrfTokenFor(request, reply),
        query,
        entries: page.entries,
        nextBefore: page.nextBefore,
      });
      return reply.type('text/html; charset=utf-8').send(html);
    },
  );

  app.get('/console/audit/verify', async (request, reply) => {
    const result = await verifyAuditLog(database);
    const verification = result.ok
      ? `The chain is intact: ${result.checked} entries checked.`
      : `The chain breaks at entry ${result.entryId}: ${result.message}.`;
    const page = await browseAuditLog(database, {});
    const html = renderAuditPage({
      staff: request.staff!,
      csrfToken: csrfTokenFor(request, reply),
      query: {},
      entries: page.entries,
      nextBefore: page.nextBefore,
      verification,
    });
    return reply
      .status(result.ok ? 200 : 409)
      .type('text/html; charset=utf-8')
      .send(html);
  });

  app.get(
    '/console/audit/export',
    {
      schema: {
        querystring: Type.Object({
          format: Type.Optional(Type.Union([Type.Literal('jsonl'), Type.Literal('csv')])),
        }),
      },
    },
    (request, reply) => {
      const format = (request.query as { format?: 'jsonl' | 'csv' }).format ?? 'jsonl';
      request.log.info({ userId: request.staff!.id, format }, 'audit log exported');
      return reply
        .type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8')
        .header('content-disposition', `attachment; filename="vigil-audit.${format}"`)
        .send(Readable.from(exportAuditLog(database, format)));
    },
  );
  return Promise.resolve();
}
