import fastifyCookie from '@fastify/cookie';
import csrfProtection from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerHookHandler } from 'fastify';
import { Type } from 'typebox';

import { APPEAL_OUTCOMES } from '../../domain/archive/appeal.ts';
import { publicIndicatorValue } from '../../domain/archive/public-value.ts';
import { CATEGORIES } from '../../domain/taxonomy.ts';
import { isVigilError } from '../../errors.ts';
import { decideAppeal, getAppeal, startAppealReview } from '../../services/appeal.service.ts';
import { decryptContact, loadSecretKey } from '../../services/contact-crypto.ts';
import { selectAppeals, selectListingOf } from '../../store/appeal.repository.ts';
import type { RouteDependencies } from '../app.ts';
import { requireRole } from '../console/auth.ts';
import { csrfTokenFor } from '../console/csrf.ts';
import { CsrfField, renderPage } from '../console/views/layout.tsx';

const REVIEWERS = ['analyst', 'supervisor', 'admin'] as const;
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const DecideBody = Type.Object({
  outcome: Type.String({ maxLength: 16 }),
  reasons: Type.String({ maxLength: 4000 }),
  category: Type.Optional(Type.String({ maxLength: 64 })),
  expires_at: Type.Optional(Type.String({ maxLength: 40 })),
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
 * Registers the staff pages that review appeals under /console/appeals. Only
 * analysts, supervisors and admins reach them, and the services refuse a
 * reviewer who made or approved the decision appealed.
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
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const staffOnly = requireRole(database, ...REVIEWERS);
  const checkCsrf: preHandlerHookHandler = (request, reply, done) =>
    app.csrfProtection(request, reply, done);

  app.get(
    '/console/appeals',
    { preHandler: staffOnly, schema: { hide: true } },
    async (request, reply) => {
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
    },
  );

  const showAppeal = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: number,
    notice?: string,
    status = 200,
  ) => {
    const appeal = await getAppeal(database, id);
    const listing = await selectListingOf(database.db, appeal.indicator_id);
    const contact =
      appeal.contact_encrypted === null
        ? ''
        : decryptContact(appeal.contact_encrypted, loadSecretKey(config));
    const token = csrfTokenFor(request, reply);
    const open = appeal.status === 'received' || appeal.status === 'in_review';
    const body = (
      <>
        <h1>{`Appeal ${appeal.receipt}`}</h1>
        <dl>
          <dt>Status</dt>
          <dd>{appeal.status}</dd>
          <dt>Indicator</dt>
          <dd>
            <code>
              {listing ? `${listing.kind} ${listing.value}` : String(appeal.indicator_id)}
            </code>
            {listing &&
              ` (public: ${publicIndicatorValue(listing.kind, listing.value)}, listing ${listing.status})`}
          </dd>
          <dt>Decision appealed</dt>
          <dd>
            {appeal.decision_id === null ? (
              'feed listing'
            ) : (
              <a href={`/decisions/D${appeal.decision_id}`}>{`D${appeal.decision_id}`}</a>
            )}
          </dd>
          <dt>Appellant's reasons</dt>
          <dd class="reasons">{appeal.reasons}</dd>
          <dt>Contact</dt>
          <dd>{contact}</dd>
          <dt>Due</dt>
          <dd>{appeal.due_at}</dd>
          {appeal.outcome_reasons !== null && (
            <>
              <dt>Outcome reasons</dt>
              <dd>{appeal.outcome_reasons}</dd>
            </>
          )}
        </dl>
        {open && appeal.status === 'received' && (
          <form method="post" action={`/console/appeals/${appeal.id}/review`}>
            <CsrfField token={token} />
            <button type="submit">Take for review</button>
          </form>
        )}
        {open && (
          <form method="post" action={`/console/appeals/${appeal.id}/decide`} class="decide">
            <CsrfField token={token} />
            <fieldset>
              <legend>Outcome</legend>
              {APPEAL_OUTCOMES.map((outcome) => (
                <label key={outcome}>
                  <input type="radio" name="outcome" value={outcome} required /> {outcome}
                </label>
              ))}
            </fieldset>
            <label for="reasons">Statement of reasons (published, sent to the appellant)</label>
            <textarea id="reasons" name="reasons" required rows={5} maxLength={4000} />
            <label for="category">New category (changed only)</label>
            <select id="category" name="category">
              <option value="">keep</option>
              {CATEGORIES.map((category) => (
                <option key={category} value={category}>
                  {category}
                </option>
              ))}
            </select>
            <label for="expires_at">New expiry, ISO-8601 (changed only)</label>
            <input id="expires_at" name="expires_at" maxLength={40} />
            <button type="submit">Decide</button>
          </form>
        )}
      </>
    );
    return sendPage(
      reply,
      renderPage({
        title: `Appeal ${appeal.receipt}`,
        body,
        staff: request.staff,
        csrfToken: token,
        notice,
      }),
      status,
    );
  };

  app.get(
    '/console/appeals/:id',
    { preHandler: staffOnly, schema: { params: IdParams, hide: true } },
    async (request, reply) => showAppeal(request, reply, request.params.id),
  );

  app.post(
    '/console/appeals/:id/review',
    { preHandler: [staffOnly, checkCsrf], schema: { params: IdParams, hide: true } },
    async (request, reply) => {
      try {
        await startAppealReview(database, request.params.id, request.staff!.id);
        return reply.redirect(`/console/appeals/${request.params.id}`, 303);
      } catch (error) {
        if (isVigilError(error) && error.statusCode < 500 && error.code !== 'NOT_FOUND') {
          return showAppeal(request, reply, request.params.id, error.message, error.statusCode);
        }
        throw error;
      }
    },
  );

  app.post(
    '/console/appeals/:id/decide',
    {
      preHandler: [staffOnly, checkCsrf],
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
          return showAppeal(request, reply, request.params.id, error.message, error.statusCode);
        }
        throw error;
      }
    },
  );
}
