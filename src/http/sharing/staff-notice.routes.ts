import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';

import type { RouteDependencies } from '../app.ts';
import { requireRole } from '../console/auth.ts';
import { listNotices, listOverdueNotices, NOTICE_STATUSES } from '../../services/notice.service.ts';
import { StringEnum } from '../schemas/schema-helpers.ts';

/**
 * Registers read-only JSON routes of notices for staff with a console session:
 * all notices, filtered, and the overdue ones. A focal point receives only its
 * own organisation's notices.
 */
export const staffNoticeRoutes: FastifyPluginCallbackTypebox<RouteDependencies> = (
  app,
  { database },
  done,
) => {
  const readers = requireRole(database, 'analyst', 'supervisor', 'admin', 'auditor', 'focal_point');

  app.get(
    '/api/v1/staff/notices',
    {
      preHandler: readers,
      schema: {
        tags: ['notices'],
        summary: 'List notices, newest first',
        querystring: Type.Object({
          organisation: Type.Optional(Type.Integer({ minimum: 1 })),
          status: Type.Optional(StringEnum(NOTICE_STATUSES)),
          before: Type.Optional(Type.Integer({ minimum: 1 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
        }),
      },
    },
    async (request) => {
      const organisationId = ownOrganisation(request.staff) ?? request.query.organisation;
      const notices = await listNotices(database, {
        ...(organisationId !== undefined && { organisationId }),
        ...(request.query.status !== undefined && { status: request.query.status }),
        ...(request.query.before !== undefined && { beforeId: request.query.before }),
        limit: request.query.limit ?? 100,
      });
      return { notices };
    },
  );

  app.get(
    '/api/v1/staff/notices/overdue',
    {
      preHandler: readers,
      schema: {
        tags: ['notices'],
        summary: 'List unanswered notices past their deadline',
      },
    },
    async (request) => {
      const own = ownOrganisation(request.staff);
      const notices = (await listOverdueNotices(database)).filter(
        (notice) => own === undefined || notice.organisationId === own,
      );
      return { notices };
    },
  );

  done();
};

function ownOrganisation(
  staff: { readonly role: string; readonly organisationId?: number | null } | undefined,
): number | undefined {
  if (staff?.role !== 'focal_point') {
    return undefined;
  }
  // A focal point without an organisation gets an empty list rather than every notice.
  return staff.organisationId ?? -1;
}
