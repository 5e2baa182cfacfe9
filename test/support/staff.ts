import type { FastifyInstance } from 'fastify';

import type { Role } from '../../src/domain/roles.ts';
import { startCompleteSession } from '../../src/services/auth.service.ts';
import { createUser, type User } from '../../src/services/user.service.ts';
import type { Database } from '../../src/store/database.ts';
import { SESSION_COOKIE } from '../../src/http/console/auth.ts';

export interface StaffLogin {
  readonly user: User;
  /** The `cookie` header value: the session cookie and the CSRF secret cookie. */
  readonly cookie: string;
  /** The token a form posts as `_csrf`, or a request sends as `x-csrf-token`. */
  readonly csrfToken: string;
  /** `cookie` and `x-csrf-token` together, ready for `app.inject({ headers })`. */
  readonly headers: { readonly cookie: string; readonly 'x-csrf-token': string };
}

export interface StaffLoginOptions {
  readonly email?: string;
  /** Required for a focal point. */
  readonly organisationId?: number;
}

let counter = 0;

/**
 * Creates a user of `role` and a complete session for it (the second factor
 * counts as passed), and fetches a CSRF token through the console, so staff
 * routes can be tested with `app.inject`.
 */
export async function loginAs(
  app: FastifyInstance,
  database: Database,
  role: Role,
  options: StaffLoginOptions = {},
): Promise<StaffLogin> {
  counter += 1;
  const email = options.email ?? `${role}-${process.pid}-${counter}@staff.vigil.test`;
  const { user } = await createUser(database, {
    email,
    role,
    password: 'a long test passphrase',
    organisationId: options.organisationId ?? (role === 'focal_point' ? 1 : null),
  });
  const token = await startCompleteSession(database, user.id);
  const sessionCookie = `${SESSION_COOKIE}=${token}`;
  const response = await app.inject({
    method: 'GET',
    url: '/console/api/csrf-token',
    headers: { cookie: sessionCookie },
  });
  if (response.statusCode !== 200) {
    throw new Error(`fetching a CSRF token failed with ${response.statusCode}: ${response.body}`);
  }
  const csrfCookie = response.cookies.find((cookie) => cookie.name === '_csrf');
  if (csrfCookie === undefined) {
    throw new Error('the console set no _csrf cookie');
  }
  const csrfToken = response.json<{ token: string }>().token;
  const cookie = `${sessionCookie}; _csrf=${csrfCookie.value}`;
  return { user, cookie, csrfToken, headers: { cookie, 'x-csrf-token': csrfToken } };
}
