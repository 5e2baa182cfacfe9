import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';

import { VigilError } from '../../errors.ts';
import { answerApproval, listPendingApprovals } from '../../services/case-decision.service.ts';
import type { RouteDependencies } from '../app.ts';
import { csrfTokenFor } from './csrf.ts';
import { renderApprovalsPage } from './views/approvals-page.tsx';

const NOTICES: Readonly<Record<string, string>> = {
  approved: 'The decision is approved and took effect; the lookup already shows it.',
  refused: 'The decision is refused and will not take effect.',
};

/** Registers the supervisor's approval page for high-impact decisions. */
export function decisionRoutes(
  app: FastifyInstance,
  { database, lookup }: RouteDependencies,
): Promise<void> {
  app.get(
    '/console/approvals',
    {
      schema: {
        querystring: Type.Object({ notice: Type.Optional(Type.String({ maxLength: 20 })) }),
      },
    },
    async (request, reply) => {
      const notice = (request.query as { notice?: string }).notice;
      const html = renderApprovalsPage({
        staff: request.staff!,
        csrfToken: csrfTokenFor(request, reply),
        pending: await listPendingApprovals(database),
        notice: notice === undefined ? undefined : NOTICES[notice],
      });
      return reply.type('text/html; charset=utf-8').send(html);
    },
  );

  app.post(
    '/console/approvals/:decisionId',
    {
      schema: {
        params: Type.Object({ decisionId: Type.String({ pattern: '^[1-9][0-9]{0,15}$' }) }),
        body: Type.Object({
          answer: Type.String({ maxLength: 10 }),
          reason: Type.Optional(Type.String({ maxLength: 2000 })),
          _csrf: Type.Optional(Type.String()),
        }),
      },
    },
    async (request, reply) => {
      const decisionId = Number((request.params as { decisionId: string }).decisionId);
      const body = request.body as { answer: string; reason?: string };
      if (body.answer !== 'approve' && body.answer !== 'refuse') {
        throw new VigilError(
          'INVALID_INPUT',
          `answer: "${body.answer}" is not approve or refuse`,
          'answer',
        );
      }
      await answerApproval(database, lookup, {
        decisionId,
        staff: request.staff!,
        approve: body.answer === 'approve',
        reason: body.reason ?? '',
      });
      return reply.redirect(
        `/console/approvals?notice=${body.answer === 'approve' ? 'approved' : 'refused'}`,
        303,
      );
    },
  );
  return Promise.resolve();
}
