import fastifyCookie from '@fastify/cookie';
import csrfProtection from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';

import { isVigilError } from '../../errors.ts';
import { getAppealReview, viewAppealContact } from '../../services/appeal-review.service.ts';
import { decideAppeal, startAppealReview } from '../../services/appeal.service.ts';
import { selectAppeals } from '../../store/appeal.repository.ts';
import type { RouteDependencies } from '../app.ts';
import { csrfTokenFor } from '../console/csrf.ts';
import { guardConsoleRoutes, handleConsoleError } from '../console/guard.ts';
import { renderPage } from '../console/views/layout.tsx';
import { AppealReview } from './console-appeal-page.tsx';

const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const DecideBody = Type.Object({
  outcome: Type.String({ maxLength: 16 }),
  reasons: Type.String({ maxLength: 4000 }),
  category: Type.Optional(Type.String({ maxLength: 64 })),
  expires_at: Type.Optional(Type.String({ maxLength: 40 })),
  _csrf: Type.Optional(Type.String()),
});
const ContactBody = Type.Object({
  reason: Type.String({ maxLength: 2000 }),
  _csrf: Type.Optional(Type.String()),
});

function sendPage(reply: FastifyReply, html: string, statusCode = 200) {
  return reply
    .status(statusCode)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(html);
}

/**
 * Registers the staff pages that review appeals under /console/appeals. Their
 * roles are in `CONSOLE_ACCESS`: analysts, supervisors and admins review, and
 * only supervisors see contact details. The services reject a reviewer who
 * made or approved the decision appealed.
 */
export async function consoleAppealRoutes(
  scope: FastifyInstance,
  { database, lookup, config }: RouteDependencies,
): Promise<void> {
  await scope.register(fastifyCookie);
  await scope.register(formbody, { bodyLimit: 64 * 1024 });
  // The same cookie as the console's own forms, so one CSRF secret serves both.
  await scope.register(csrfProtection, {
    cookieKey: '_csrf',
    cookieOpts: { path: '/console', sameSite: 'strict', httpOnly: true },
  });
  // Roles, CSRF tokens and security headers come from the console's access table.
  guardConsoleRoutes(scope, database);
  scope.setErrorHandler(handleConsoleError);
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();

  app.get('/console/appeals', { schema: { hide: true } }, async (request, reply) => {
    const appeals = await selectAppeals(database.db, { limit: 200 });
    const body = (
      <>
        <h1>Appeals</h1>
        {appeals.length === 0 ? (
          <p>No open appeals.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th>Receipt</th>
                <th>Status</th>
                <th>Due</th>
                <th>Filed</th>
              </tr>
            </thead>
            <tbody>
              {appeals.map((appeal) => (
                <tr key={appeal.id}>
                  <td>
                    <a href={`/console/appeals/${appeal.id}`}>{appeal.receipt}</a>
                  </td>
                  <td>{appeal.status}</td>
                  <td>{appeal.due_at}</td>
                  <td>{appeal.created_at}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </>
    );
    return sendPage(
      reply,
      renderPage({
        title: 'Appeals',
        body,
        staff: request.staff,
        csrfToken: csrfTokenFor(request, reply),
      }),
    );
  });

  const showAppeal = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: number,
    options: { notice?: string; status?: number; revealed?: string } = {},
  ) => {
    const review = await getAppealReview(database, id);
    const token = csrfTokenFor(request, reply);
    return sendPage(
      reply,
      renderPage({
        title: `Appeal ${review.appeal.receipt}`,
        body: (
          <AppealReview
            review={review}
            staff={request.staff!}
            csrfToken={token}
            revealed={options.revealed}
          />
        ),
        staff: request.staff,
        csrfToken: token,
        notice: options.notice,
      }),
      options.status,
    );
  };

  app.get(
    '/console/appeals/:id',
    { schema: { params: IdParams, hide: true } },
    async (request, reply) => showAppeal(request, reply, request.params.id),
  );

  app.post(
    '/console/appeals/:id/contact',
    { schema: { params: IdParams, body: ContactBody, hide: true } },
    async (request, reply) => {
      const revealed = await viewAppealContact(database, config, {
        appealId: request.params.id,
        staff: request.staff!,
        reason: request.body.reason,
      });
      return showAppeal(request, reply, request.params.id, { revealed });
    },
  );

  app.post(
    '/console/appeals/:id/review',
    { schema: { params: IdParams, hide: true } },
    async (request, reply) => {
      try {
        await startAppealReview(database, request.params.id, request.staff!.id);
        return reply.redirect(`/console/appeals/${request.params.id}`, 303);
      } catch (error) {
        if (isVigilError(error) && error.statusCode < 500 && error.code !== 'NOT_FOUND') {
          return showAppeal(request, reply, request.params.id, {
            notice: error.message,
            status: error.statusCode,
          });
        }
        throw error;
      }
    },
  );

  app.post(
    '/console/appeals/:id/decide',
    {
      schema: { params: IdParams, body: DecideBody, hide: true },
    },
    async (request, reply) => {
      const { outcome, reasons, category, expires_at: expiresAt } = request.body;
      try {
        await decideAppeal(
          database,
          lookup,
          {
            appealId: request.params.id,
            reviewerId: request.staff!.id,
            outcome,
            reasons,
            ...(category !== undefined && category !== '' && { category }),
            ...(expiresAt !== undefined && expiresAt !== '' && { expiresAt }),
          },
          { config },
        );
        return reply.redirect(`/console/appeals/${request.params.id}`, 303);
      } catch (error) {
        if (isVigilError(error) && error.statusCode < 500 && error.code !== 'NOT_FOUND') {
          return showAppeal(request, reply, request.params.id, {
            notice: error.message,
            status: error.statusCode,
          });
        }
        throw error;
      }
    },
  );
}
