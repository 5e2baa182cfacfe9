import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';

import {
  beginTotpEnrolment,
  completeSession,
  logIn,
  logOut,
  verifyTotpCode,
} from '../../services/auth.service.ts';
import { changePassword } from '../../services/user.service.ts';
import { isVigilError } from '../../errors.ts';
import type { RouteDependencies } from '../app.ts';
import {
  clearSessionCookie,
  LOGIN_PATH,
  loadSession,
  setSessionCookie,
  stagePath,
} from './auth.ts';
import { csrfTokenFor } from './csrf.ts';
import {
  renderEnrolPage,
  renderLoginPage,
  renderPasswordPage,
  renderTotpPage,
} from './views/login-pages.tsx';

const LoginBody = Type.Object({
  email: Type.String({ maxLength: 320 }),
  password: Type.String({ maxLength: 1024 }),
  _csrf: Type.Optional(Type.String()),
});

const CodeBody = Type.Object({
  code: Type.String({ maxLength: 20 }),
  _csrf: Type.Optional(Type.String()),
});

const PasswordBody = Type.Object({
  password: Type.String({ maxLength: 1024 }),
  confirm: Type.String({ maxLength: 1024 }),
  _csrf: Type.Optional(Type.String()),
});

function sendHtml(reply: FastifyReply, html: string, statusCode = 200) {
  return reply.status(statusCode).type('text/html; charset=utf-8').send(html);
}

function lockedMessage(until: string): string {
  return `too many failed logins: this account is locked until ${until}; try again then`;
}

/** Login, second factor, TOTP enrolment, password change and logout. */
export function loginRoutes(app: FastifyInstance, { database }: RouteDependencies): Promise<void> {
  /** Loads a session at `stage`, or redirects to the page of the stage the login is at. */
  async function sessionAt(
    request: FastifyRequest,
    reply: FastifyReply,
    stages: readonly string[],
  ) {
    const session = await loadSession(database, request);
    if (session === undefined) {
      await reply.redirect(LOGIN_PATH, 303);
      return undefined;
    }
    if (!stages.includes(session.stage)) {
      await reply.redirect(stagePath(session.stage), 303);
      return undefined;
    }
    return session;
  }

  app.get('/console/login', async (request, reply) => {
    const session = await loadSession(database, request);
    if (session !== undefined) {
      return reply.redirect(stagePath(session.stage), 303);
    }
    return sendHtml(reply, renderLoginPage({ csrfToken: csrfTokenFor(request, reply) }));
  });

  app.post('/console/login', { schema: { body: LoginBody } }, async (request, reply) => {
    const { email, password } = request.body as { email: string; password: string };
    const result = await logIn(database, email, password);
    if (result.outcome !== 'ok') {
      const error =
        result.outcome === 'locked' ? lockedMessage(result.until) : 'wrong e-mail or password';
      request.log.info({ outcome: result.outcome }, 'console login rejected');
      const page = renderLoginPage({ csrfToken: csrfTokenFor(request, reply), error, email });
      return sendHtml(reply, page, result.outcome === 'locked' ? 429 : 401);
    }
    setSessionCookie(request, reply, result.token);
    return reply.redirect(stagePath(result.stage), 303);
  });

  app.get('/console/login/totp', async (request, reply) => {
    if ((await sessionAt(request, reply, ['totp'])) === undefined) {
      return reply;
    }
    return sendHtml(reply, renderTotpPage({ csrfToken: csrfTokenFor(request, reply) }));
  });

  app.post('/console/login/totp', { schema: { body: CodeBody } }, async (request, reply) => {
    const session = await sessionAt(request, reply, ['totp']);
    if (session === undefined) {
      return reply;
    }
    const stage = await verifyTotpCode(database, session, (request.body as { code: string }).code);
    if (stage === undefined) {
      const page = renderTotpPage({
        csrfToken: csrfTokenFor(request, reply),
        error: 'the code is wrong or was already used; enter the current code',
      });
      return sendHtml(reply, page, 401);
    }
    return reply.redirect(stagePath(stage), 303);
  });

  app.get('/console/login/enrol', async (request, reply) => {
    const session = await sessionAt(request, reply, ['enrol_totp']);
    if (session === undefined) {
      return reply;
    }
    const enrolment = await beginTotpEnrolment(database, session);
    return sendHtml(
      reply,
      renderEnrolPage({ csrfToken: csrfTokenFor(request, reply), ...enrolment }),
    );
  });

  app.post('/console/login/enrol', { schema: { body: CodeBody } }, async (request, reply) => {
    const session = await sessionAt(request, reply, ['enrol_totp']);
    if (session === undefined) {
      return reply;
    }
    const stage = await verifyTotpCode(database, session, (request.body as { code: string }).code);
    if (stage === undefined) {
      const enrolment = await beginTotpEnrolment(database, session);
      const page = renderEnrolPage({
        csrfToken: csrfTokenFor(request, reply),
        error: 'the code is wrong; enter the code the app shows now',
        ...enrolment,
      });
      return sendHtml(reply, page, 401);
    }
    return reply.redirect(stagePath(stage), 303);
  });

  app.get('/console/password', async (request, reply) => {
    if ((await sessionAt(request, reply, ['change_password'])) === undefined) {
      return reply;
    }
    return sendHtml(reply, renderPasswordPage({ csrfToken: csrfTokenFor(request, reply) }));
  });

  app.post('/console/password', { schema: { body: PasswordBody } }, async (request, reply) => {
    const session = await sessionAt(request, reply, ['change_password']);
    if (session === undefined) {
      return reply;
    }
    const { password, confirm } = request.body as { password: string; confirm: string };
    const fail = (error: string) =>
      sendHtml(reply, renderPasswordPage({ csrfToken: csrfTokenFor(request, reply), error }), 400);
    if (password !== confirm) {
      return fail('the two passwords differ; type the same password twice');
    }
    try {
      await changePassword(database, session.staff.id, password);
    } catch (error) {
      if (isVigilError(error) && error.code === 'INVALID_INPUT') {
        return fail(error.message);
      }
      throw error;
    }
    await completeSession(database, session);
    return reply.redirect('/console', 303);
  });

  app.post('/console/logout', async (request, reply) => {
    const session = await loadSession(database, request);
    if (session !== undefined) {
      await logOut(database, session);
    }
    clearSessionCookie(request, reply);
    return reply.redirect(LOGIN_PATH, 303);
  });

  app.get('/console/api/csrf-token', (request, reply) => {
    return reply.send({ token: csrfTokenFor(request, reply) });
  });
  return Promise.resolve();
}
