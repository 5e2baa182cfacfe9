import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';

import type { RouteDependencies } from '../app.ts';
import {
  getNotice,
  getNoticeDocument,
  listNotices,
  NOTICE_RESPONSES,
  NOTICE_STATUSES,
  respondToNotice,
} from '../../services/notice.service.ts';
import { getOrganisation } from '../../services/organisation.service.ts';
import { StringEnum } from '../schemas/schema-helpers.ts';
import { requireApiKey } from './api-key-auth.ts';

const NoticeParams = Type.Object({ noticeId: Type.Integer({ minimum: 1 }) });

const NoticeListQuery = Type.Object({
  status: Type.Optional(StringEnum(NOTICE_STATUSES)),
  before: Type.Optional(
    Type.Integer({ minimum: 1, description: 'Only notices with a smaller id' }),
  ),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
});

const ResponseBody = Type.Object(
  {
    status: StringEnum(NOTICE_RESPONSES, {
      description: 'acknowledged, actioned (note what was done) or declined (note the reason)',
    }),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);

/**
 * Registers the API of organisations, authenticated by an API key with the
 * `notices` scope. It lists the organisation's own notices, returns each
 * notice's document and records responses.
 */
export const orgRoutes: FastifyPluginCallbackTypebox<RouteDependencies> = (
  app,
  { database, config },
  done,
) => {
  const authenticate = requireApiKey(database, 'notices');

  app.get(
    '/api/v1/org',
    {
      preHandler: authenticate,
      schema: { tags: ['organisations'], summary: 'The key’s organisation' },
    },
    async (request) => {
      const organisation = await getOrganisation(database, request.apiPrincipal!.organisation.id);
      return { organisation, scopes: request.apiPrincipal!.scopes };
    },
  );

  app.get(
    '/api/v1/org/notices',
    {
      preHandler: authenticate,
      schema: {
        tags: ['organisations'],
        summary: 'List the organisation’s notices, newest first',
        querystring: NoticeListQuery,
      },
    },
    async (request) => {
      const notices = await listNotices(database, {
        organisationId: request.apiPrincipal!.organisation.id,
        ...(request.query.status !== undefined && { status: request.query.status }),
        ...(request.query.before !== undefined && { beforeId: request.query.before }),
        limit: request.query.limit ?? 100,
      });
      return { notices };
    },
  );

  app.get(
    '/api/v1/org/notices/:noticeId',
    {
      preHandler: authenticate,
      schema: {
        tags: ['organisations'],
        summary: 'One notice with its document (X-ARF reports and readable text)',
        params: NoticeParams,
      },
    },
    async (request) => {
      const organisationId = request.apiPrincipal!.organisation.id;
      const { view, row } = await getNotice(database, request.params.noticeId, organisationId);
      return { notice: view, document: await getNoticeDocument(database, row, config.sharing) };
    },
  );

  app.post(
    '/api/v1/org/notices/:noticeId/response',
    {
      preHandler: authenticate,
      schema: {
        tags: ['organisations'],
        summary: 'Respond to a notice: acknowledged, actioned or declined',
        params: NoticeParams,
        body: ResponseBody,
      },
    },
    async (request) => {
      const principal = request.apiPrincipal!;
      const notice = await respondToNotice(database, {
        noticeId: request.params.noticeId,
        organisationId: principal.organisation.id,
        response: request.body.status,
        note: request.body.note ?? null,
        actor: `api_key:${principal.keyId}`,
      });
      return { notice };
    },
  );

  done();
};
