import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import ipaddr from 'ipaddr.js';

import type { Role } from '../../domain/roles.ts';
import {
  type ActiveSession,
  resolveSession,
  type SessionStage,
  type StaffMember,
} from '../../services/auth.service.ts';
import type { Database } from '../../store/database.ts';
import { echoRequestId } from '../request-id.ts';
import { renderErrorPage } from './views/error-page.tsx';

declare module 'fastify' {
  interface FastifyRequest {
    /** The member of staff behind the request, set by `requireRole`. */
    staff?: StaffMember;
    /** The session behind `staff`, set by `requireRole` and `loadSession`. */
    staffSession?: ActiveSession;
  }
}

/** The cookie that carries the session token. */
export const SESSION_COOKIE = 'vigil_session';

/** Login page that receives a page request without a complete session. */
export const LOGIN_PATH = '/console/login';

/** The page that continues a login at each unfinished stage. */
const STAGE_PATHS: Readonly<Record<Exclude<SessionStage, 'complete'>, string>> = {
  totp: '/console/login/totp',
  enrol_totp: '/console/login/enrol',
  change_password: '/console/password',
};

/** Landing page of a focal point after logging in. */
export const FOCAL_POINT_HOME = '/console/notices';

export function stagePath(stage: SessionStage): string {
  return stage === 'complete' ? '/console' : STAGE_PATHS[stage];
}

/**
 * Returns true for plain HTTP from a loopback address. That is the only case
 * where the session cookie goes without `Secure`, so a local `vigil start`
 * accepts logins.
 */
export function isLocalPlainHttp(request: FastifyRequest): boolean {
  if (request.protocol !== 'http') {
    return false;
  }

  const address = request.socket.remoteAddress ?? '';
  if (!ipaddr.isValid(address)) {
    return false;
  }
  const parsed = ipaddr.process(address);
  return parsed.range() === 'loopback';
}

/** Returns cookie options: HttpOnly, SameSite=Strict, and Secure unless local plain HTTP. */
export function sessionCookieOptions(request: FastifyRequest) {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: !isLocalPlainHttp(request),
  } as const;
}

/** Formats the session cookie. The token is base64url, so it needs no encoding. */
function sessionCookie(request: FastifyRequest, token: string, maxAge?: number): string {
  const parts = [`${SESSION_COOKIE}=${token}`, 'Path=/', 'HttpOnly', 'SameSite=Strict'];
  if (sessionCookieOptions(request).secure) {
    parts.push('Secure');
  }
  if (maxAge !== undefined) {
    parts.push(`Max-Age=${maxAge}`);
  }
  return parts.join('; ');
}

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string) {
  reply.header('set-cookie', sessionCookie(request, token));
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply) {
  reply.header('set-cookie', sessionCookie(request, '', 0));
}

/** Reads the session token, whether or not @fastify/cookie runs in the calling scope. */
export function readSessionToken(request: FastifyRequest): string | undefined {
  const parsed = (request as { cookies?: Record<string, string | undefined> }).cookies;
  if (parsed !== undefined) {
    return parsed[SESSION_COOKIE];
  }
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === SESSION_COOKIE) {
      return value.join('=');
    }
  }
  return undefined;
}

/** Loads the request's session into `request.staffSession`, whatever its stage. */
export async function loadSession(
  database: Database,
  request: FastifyRequest,
): Promise<ActiveSession | undefined> {
  const token = readSessionToken(request);
  if (token === undefined) {
    return undefined;
  }
  const session = await resolveSession(database, token);
  if (session !== undefined) {
    request.staffSession = session;
  }
  return session;
}

/**
 * Returns true for console pages, which get redirects and HTML errors. Every
 * other route, `/console/api/` included, gets the JSON error body.
 */
export function wantsPage(request: FastifyRequest): boolean {
  const path = request.url.split('?')[0] ?? '';
  return (path === '/console' || path.startsWith('/console/')) && !path.startsWith('/console/api/');
}

function deny(
  request: FastifyRequest,
  reply: FastifyReply,
  statusCode: 401 | 403,
  message: string,
  redirectTo: string,
) {
  if (wantsPage(request)) {
    if (statusCode === 401) {
      return reply.redirect(redirectTo, 303);
    }
    return reply
      .status(403)
      .type('text/html; charset=utf-8')
      .send(renderErrorPage(403, message, request.staff));
  }
  echoRequestId(request, reply);
  return reply.status(statusCode).send({
    error: {
      code: statusCode === 401 ? 'UNAUTHORIZED' : 'FORBIDDEN',
      message,
      requestId: request.id,
    },
  });
}

/**
 * Returns a preHandler that lets through a complete session of one of `roles`
 * and sets `request.staff`. Without a complete session it sends 401, or a
 * redirect to the login page for console pages. With another role it sends 403.
 */
export function requireRole(
  database: Database,
  ...roles: readonly Role[]
): preHandlerAsyncHookHandler {
  return async function checkRole(request, reply) {
    const session = await loadSession(database, request);
    if (session === undefined) {
      return deny(request, reply, 401, 'log in to the console first', LOGIN_PATH);
    }
    if (session.stage !== 'complete') {
      return deny(request, reply, 401, 'finish logging in first', stagePath(session.stage));
    }

    request.staff = session.staff;
    request.log.info({ userId: session.staff.id }, 'staff member identified');

    // A focal point has no queue: the console's front page is their notices.
    if (
      session.staff.role === 'focal_point' &&
      request.method === 'GET' &&
      request.url.split('?')[0] === '/console' &&
      !roles.includes('focal_point')
    ) {
      return reply.redirect(FOCAL_POINT_HOME, 303);
    }

    if (!roles.includes(session.staff.role)) {
      return deny(
        request,
        reply,
        403,
        `role ${session.staff.role} is not allowed here: log in as one of ${roles.join(', ')}`,
        LOGIN_PATH,
      );
    }
  };
}
