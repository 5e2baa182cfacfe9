import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';

import { VigilError } from '../../errors.ts';
import { assignCase, mergeCases } from '../../services/case.service.ts';
import { listQueue, type QueueQuery } from '../../services/queue.service.ts';
import type { RouteDependencies } from '../app.ts';
import { csrfTokenFor } from './csrf.ts';
import { renderQueuePage } from './views/queue-page.tsx';

const QueueQuerySchema = Type.Object({
  status: Type.Optional(Type.String({ maxLength: 30 })),
  category: Type.Optional(Type.String({ maxLength: 50 })),
  kind: Type.Optional(Type.String({ maxLength: 30 })),
  feed: Type.Optional(Type.String({ maxLength: 200 })),
  channel: Type.Optional(Type.String({ maxLength: 50 })),
  age: Type.Optional(Type.String({ maxLength: 10 })),
  minScore: Type.Optional(Type.String({ maxLength: 10 })),
  assignee: Type.Optional(Type.String({ maxLength: 10 })),
  sort: Type.Optional(Type.String({ maxLength: 10 })),
  after: Type.Optional(Type.String({ maxLength: 200 })),
  notice: Type.Optional(Type.String({ maxLength: 200 })),
});

const BulkBody = Type.Object({
  action: Type.String({ maxLength: 20 }),
  caseIds: Type.Optional(
    Type.Union([
      Type.String({ maxLength: 20 }),
      Type.Array(Type.String({ maxLength: 20 }), { maxItems: 500 }),
    ]),
  ),
  reason: Type.Optional(Type.String({ maxLength: 2000 })),
  back: Type.Optional(Type.String({ maxLength: 2000 })),
  _csrf: Type.Optional(Type.String()),
});

/** Notices the bulk form redirects back with, by key, so no free text travels in the URL. */
const NOTICES: Readonly<Record<string, string>> = {
  assigned: 'The selected cases are assigned to you.',
  unassigned: 'The selected cases are unassigned.',
  merged: 'The selected cases are merged into the first one.',
};

function readCaseIds(value: string | string[] | undefined): number[] {
  const list = value === undefined ? [] : [value].flat();
  const ids = list.map(Number);
  if (ids.length === 0 || !ids.every((id) => Number.isSafeInteger(id) && id > 0)) {
    throw new VigilError('INVALID_INPUT', 'caseIds: select at least one case', 'caseIds');
  }
  return ids;
}

/** Only a path inside the console may be the target of a redirect. */
function safeBack(back: string | undefined): string {
  return back !== undefined && /^\/console(\?[^\s]*)?$/.test(back) ? back : '/console';
}

/** Registers the queue page, its JSON twin and the bulk actions. */
export function queueRoutes(app: FastifyInstance, { database }: RouteDependencies): Promise<void> {
  app.get('/console', { schema: { querystring: QueueQuerySchema } }, async (request, reply) => {
    const query = request.query as QueueQuery & { notice?: string };
    const page = await listQueue(database, query, request.staff!.id);
    const html = renderQueuePage({
      staff: request.staff!,
      csrfToken: csrfTokenFor(request, reply),
      page,
      query,
      notice: query.notice === undefined ? undefined : NOTICES[query.notice],
    });
    return reply.type('text/html; charset=utf-8').send(html);
  });

  app.get('/console/api/queue', { schema: { querystring: QueueQuerySchema } }, async (request) => {
    const page = await listQueue(database, request.query as QueueQuery, request.staff!.id);
    return { items: page.items, next: page.next ?? null, counts: Object.fromEntries(page.counts) };
  });

  app.post('/console/queue/bulk', { schema: { body: BulkBody } }, async (request, reply) => {
    const body = request.body as {
      action: string;
      caseIds?: string | string[];
      reason?: string;
      back?: string;
    };
    const caseIds = readCaseIds(body.caseIds);
    const staff = request.staff!;
    let notice: string;
    if (body.action === 'assign_me' || body.action === 'unassign') {
      for (const caseId of caseIds) {
        await assignCase(database, caseId, body.action === 'assign_me' ? staff.id : null, staff.id);
      }
      notice = body.action === 'assign_me' ? 'assigned' : 'unassigned';
    } else if (body.action === 'merge') {
      const [intoId, ...fromIds] = caseIds;
      await mergeCases(database, {
        intoId: intoId!,
        fromIds,
        reason: body.reason ?? '',
        actorId: staff.id,
      });
      notice = 'merged';
    } else {
      throw new VigilError(
        'INVALID_INPUT',
        `action: "${body.action}" is not assign_me, unassign or merge`,
        'action',
      );
    }
    const back = safeBack(body.back);
    return reply.redirect(`${back}${back.includes('?') ? '&' : '?'}notice=${notice}`, 303);
  });
  return Promise.resolve();
}
