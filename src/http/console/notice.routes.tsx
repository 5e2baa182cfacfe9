import type { FastifyInstance } from 'fastify';
import { type Static, Type } from 'typebox';

import type { StaffMember } from '../../services/auth.service.ts';
import {
  getNotice,
  getNoticeDocument,
  listNotices,
  NOTICE_STATUSES,
  respondToNotice,
} from '../../services/notice.service.ts';
import { getOrganisation, listOrganisations } from '../../services/organisation.service.ts';
import type { RouteDependencies } from '../app.ts';
import { csrfTokenFor } from './csrf.ts';
import { renderNoticePage } from './views/notice-page.tsx';
import { type NoticeListFilter, renderNoticesPage } from './views/notices-page.tsx';

const PAGE_SIZE = 100;
const ID = '^[1-9][0-9]{0,15}$';

const ListQuery = Type.Object({
  status: Type.Optional(Type.String({ maxLength: 20 })),
  organisation: Type.Optional(Type.String({ maxLength: 16 })),
  overdue: Type.Optional(Type.String({ maxLength: 3 })),
  before: Type.Optional(Type.String({ maxLength: 16 })),
});

const NoticeParams = Type.Object({ noticeId: Type.String({ pattern: ID }) });

const ResponseBody = Type.Object({
  status: Type.String({ maxLength: 20 }),
  note: Type.Optional(Type.String({ maxLength: 2000 })),
  _csrf: Type.Optional(Type.String()),
});

/** Messages the response form redirects back with, by key, so no free text travels in the URL. */
const MESSAGES: Readonly<Record<string, string>> = {
  answered: 'Your answer is recorded.',
};

/**
 * Returns the organisation whose notices a member of staff is limited to. A
 * focal point gets their own (-1, which matches nothing, when they have none),
 * and CERT staff get undefined because they may read every notice.
 */
function ownOrganisation(staff: StaffMember): number | undefined {
  if (staff.role !== 'focal_point') {
    return undefined;
  }
  return staff.organisationId ?? -1;
}

function readId(text: string | undefined): number | undefined {
  return text !== undefined && new RegExp(ID).test(text) ? Number(text) : undefined;
}

function readFilter(query: Static<typeof ListQuery>, own: number | undefined): NoticeListFilter {
  const status = (NOTICE_STATUSES as readonly string[]).includes(query.status ?? '')
    ? query.status
    : undefined;
  return {
    status,
    organisationId: own ?? readId(query.organisation),
    overdue: query.overdue === '1',
  };
}

function nextPageHref(filter: NoticeListFilter, beforeId: number, own: number | undefined) {
  const params = new URLSearchParams();
  if (filter.status !== undefined) {
    params.set('status', filter.status);
  }
  if (own === undefined && filter.organisationId !== undefined) {
    params.set('organisation', String(filter.organisationId));
  }
  if (filter.overdue) {
    params.set('overdue', '1');
  }
  params.set('before', String(beforeId));
  return `/console/notices?${params.toString()}`;
}

async function organisationNames(
  dependencies: RouteDependencies,
  own: number | undefined,
): Promise<Map<number, string>> {
  const organisations = await listOrganisations(dependencies.database);
  return new Map(
    organisations
      .filter((organisation) => own === undefined || organisation.id === own)
      .map((organisation) => [organisation.id, organisation.name]),
  );
}

/**
 * Registers the notice pages. A focal point reads and responds to its own
 * organisation's notices only, and gets 404 for any other notice, whether it
 * exists or not. Responses go through the service the organisation API uses.
 */
export function noticeRoutes(app: FastifyInstance, dependencies: RouteDependencies): Promise<void> {
  const { database, config } = dependencies;

  app.get('/console/notices', { schema: { querystring: ListQuery } }, async (request, reply) => {
    const staff = request.staff!;
    const own = ownOrganisation(staff);
    const filter = readFilter(request.query as Static<typeof ListQuery>, own);
    const beforeId = readId((request.query as { before?: string }).before);
    const notices = await listNotices(database, {
      ...filter,
      ...(beforeId !== undefined && { beforeId }),
      limit: PAGE_SIZE,
    });
    const last = notices.at(-1);
    const html = renderNoticesPage({
      staff,
      csrfToken: csrfTokenFor(request, reply),
      notices,
      organisations: await organisationNames(dependencies, own),
      canFilterOrganisation: own === undefined,
      filter,
      nextHref:
        notices.length === PAGE_SIZE && last !== undefined
          ? nextPageHref(filter, last.id, own)
          : undefined,
    });
    return reply.type('text/html; charset=utf-8').send(html);
  });

  app.get(
    '/console/notices/:noticeId',
    {
      schema: {
        params: NoticeParams,
        querystring: Type.Object({ message: Type.Optional(Type.String({ maxLength: 20 })) }),
      },
    },
    async (request, reply) => {
      const staff = request.staff!;
      const noticeId = Number((request.params as { noticeId: string }).noticeId);
      const { view, row } = await getNotice(database, noticeId, ownOrganisation(staff));
      const [document, organisation] = await Promise.all([
        getNoticeDocument(database, row, config.sharing),
        getOrganisation(database, view.organisationId),
      ]);
      const message = (request.query as { message?: string }).message;
      const html = renderNoticePage({
        staff,
        csrfToken: csrfTokenFor(request, reply),
        notice: view,
        organisation: organisation.name,
        document,
        canAnswer: staff.role !== 'auditor',
        message: message === undefined ? undefined : MESSAGES[message],
      });
      return reply.type('text/html; charset=utf-8').send(html);
    },
  );

  app.post(
    '/console/notices/:noticeId/response',
    { schema: { params: NoticeParams, body: ResponseBody } },
    async (request, reply) => {
      const staff = request.staff!;
      const noticeId = Number((request.params as { noticeId: string }).noticeId);
      const body = request.body as Static<typeof ResponseBody>;
      const own = ownOrganisation(staff);
      await respondToNotice(database, {
        noticeId,
        ...(own !== undefined && { organisationId: own }),
        response: body.status,
        note: body.note ?? null,
        actor: `user:${staff.id}`,
      });
      return reply.redirect(`/console/notices/${noticeId}?message=answered`, 303);
    },
  );
  return Promise.resolve();
}
