import { createHash, randomBytes } from 'node:crypto';

import { Secret, TOTP } from 'otpauth';

import { lockoutDuration, normaliseEmail, requiresTotp } from '../domain/auth/login-policy.ts';
import type { Role } from '../domain/roles.ts';
import { VigilError } from '../errors.ts';
import { appendAuditEntry } from '../store/audit.repository.ts';
import type { Database } from '../store/database.ts';
import {
  deleteSession,
  insertSession,
  selectSession,
  updateSession,
} from '../store/session.repository.ts';
import {
  addLoginFailure,
  claimTotpStep,
  selectUserByEmail,
  selectUserById,
  updateLockedUntil,
  updateLoginSuccess,
  updateTotp,
  type UserRow,
} from '../store/user.repository.ts';
import { verifyPassword } from './user.service.ts';

/**
 * Stage of a login. `totp` and `enrol_totp` wait for a second factor, and
 * `change_password` for a new password in place of a one-time one. Only a
 * `complete` session may use the console.
 */
export type SessionStage = 'totp' | 'enrol_totp' | 'change_password' | 'complete';

/** The member of staff behind a request. */
export interface StaffMember {
  readonly id: number;
  readonly email: string;
  readonly role: Role;
  readonly organisationId: number | null;
}

export interface ActiveSession {
  readonly id: string;
  readonly stage: SessionStage;
  readonly staff: StaffMember;
  readonly passwordTemporary: boolean;
  readonly totpEnrolled: boolean;
}

export type LoginResult =
  | { readonly outcome: 'ok'; readonly token: string; readonly stage: SessionStage }
  | { readonly outcome: 'invalid' }
  | { readonly outcome: 'locked'; readonly until: string };

/** A complete session ends after 12 hours, or 2 hours after its last use. */
const SESSION_MAX_MS = 12 * 3600_000;
const SESSION_IDLE_MS = 2 * 3600_000;
/** A login waiting for its second factor or new password has 10 minutes. */
const PENDING_SESSION_MS = 10 * 60_000;
/** How often a session's idle expiry is pushed back, so each request does not write. */
const TOUCH_INTERVAL_MS = 60_000;

const TOTP_PERIOD_SECONDS = 30;

/** Returns the stored id of a session token, its SHA-256, so a leaked table contains no tokens. */
export function sessionIdOf(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function newToken(): string {
  return randomBytes(32).toString('base64url');
}

function totpEnrolled(user: UserRow): boolean {
  return user.totpSecret !== null && user.totpConfirmedAt !== null;
}

function stageAfterPassword(user: UserRow): SessionStage {
  if (totpEnrolled(user)) {
    return 'totp';
  }
  if (requiresTotp(user.role)) {
    return 'enrol_totp';
  }
  return user.passwordTemporary ? 'change_password' : 'complete';
}

function expiryOf(stage: SessionStage, createdAt: number, now: number): string {
  if (stage !== 'complete') {
    return new Date(now + PENDING_SESSION_MS).toISOString();
  }
  return new Date(Math.min(createdAt + SESSION_MAX_MS, now + SESSION_IDLE_MS)).toISOString();
}

/**
 * Checks an e-mail and password and starts a session at the stage the account
 * needs next. Failures count towards a lockout that doubles from one minute
 * up to an hour, and a locked account is rejected without checking the
 * password. An unknown e-mail costs the same hashing time as a known one.
 */
export async function logIn(
  database: Database,
  email: string,
  password: string,
  now = new Date(),
): Promise<LoginResult> {
  const user = await selectUserByEmail(database.db, normaliseEmail(email));
  if (user !== undefined && user.lockedUntil !== null && Date.parse(user.lockedUntil) > +now) {
    return { outcome: 'locked', until: user.lockedUntil };
  }
  const matches = await verifyPassword(user?.passwordHash ?? null, password);
  if (user === undefined || user.disabledAt !== null || !matches) {
    if (user !== undefined) {
      await recordFailure(database, user, 'password', now);
    }
    return { outcome: 'invalid' };
  }
  const stage = stageAfterPassword(user);
  const token = await startSession(database, user.id, stage, now);
  if (stage === 'complete') {
    await recordSuccess(database, user.id, now);
  }
  return { outcome: 'ok', token, stage };
}

async function startSession(
  database: Database,
  userId: number,
  stage: SessionStage,
  now: Date,
): Promise<string> {
  const token = newToken();
  await insertSession(database.db, {
    id: sessionIdOf(token),
    userId,
    stage,
    createdAt: now.toISOString(),
    lastSeenAt: now.toISOString(),
    expiresAt: expiryOf(stage, +now, +now),
  });
  return token;
}

/**
 * Starts a complete session for a user without a password, for tests and
 * tools that have already authenticated the person. Returns the cookie token.
 */
export function startCompleteSession(
  database: Database,
  userId: number,
  now = new Date(),
): Promise<string> {
  return startSession(database, userId, 'complete', now);
}

async function recordFailure(
  database: Database,
  user: UserRow,
  factor: 'password' | 'totp',
  now: Date,
): Promise<void> {
  await database.db.transaction().execute(async (trx) => {
    const failedLogins = await addLoginFailure(trx, user.id);
    const lockMs = lockoutDuration(failedLogins);
    const lockedUntil = lockMs > 0 ? new Date(+now + lockMs).toISOString() : null;
    if (lockedUntil !== null) {
      await updateLockedUntil(trx, user.id, lockedUntil);
    }
    await appendAuditEntry(trx, database.dialect, {
      actor: `user:${user.id}`,
      action: lockedUntil === null ? 'user.login_failed' : 'user.locked',
      targetType: 'user',
      targetId: user.id,
      after: { factor, failedLogins, lockedUntil },
      at: now.toISOString(),
    });
  });
}

async function recordSuccess(database: Database, userId: number, now: Date): Promise<void> {
  await database.db.transaction().execute(async (trx) => {
    await updateLoginSuccess(trx, userId, now.toISOString());
    await appendAuditEntry(trx, database.dialect, {
      actor: `user:${userId}`,
      action: 'user.login',
      targetType: 'user',
      targetId: userId,
      at: now.toISOString(),
    });
  });
}

/**
 * Loads the session of a cookie token. Returns undefined for an unknown or
 * expired session, or one whose user is disabled. Pushes back the idle expiry
 * of a complete session at most once a minute.
 */
export async function resolveSession(
  database: Database,
  token: string,
  now = new Date(),
): Promise<ActiveSession | undefined> {
  if (token === '' || token.length > 100) {
    return undefined;
  }
  const id = sessionIdOf(token);
  const session = await selectSession(database.db, id);
  if (session === undefined || Date.parse(session.expiresAt) <= +now) {
    return undefined;
  }
  const user = await selectUserById(database.db, session.userId);
  if (user === undefined || user.disabledAt !== null) {
    return undefined;
  }
  const stage = session.stage as SessionStage;
  if (stage === 'complete' && +now - Date.parse(session.lastSeenAt) > TOUCH_INTERVAL_MS) {
    await updateSession(database.db, id, {
      lastSeenAt: now.toISOString(),
      expiresAt: expiryOf(stage, Date.parse(session.createdAt), +now),
    });
  }
  return {
    id,
    stage,
    staff: {
      id: user.id,
      email: user.email,
      role: user.role as Role,
      organisationId: user.organisationId,
    },
    passwordTemporary: user.passwordTemporary,
    totpEnrolled: totpEnrolled(user),
  };
}

export async function logOut(database: Database, session: ActiveSession): Promise<void> {
  await deleteSession(database.db, session.id);
}

function totpFor(secret: string, email: string): TOTP {
  return new TOTP({
    issuer: 'Vigil',
    label: email,
    algorithm: 'SHA1',
    digits: 6,
    period: TOTP_PERIOD_SECONDS,
    secret: Secret.fromBase32(secret),
  });
}

/** Secret and `otpauth://` URI that add an account to an authenticator app. */
export interface TotpEnrolment {
  readonly secret: string;
  readonly uri: string;
}

/**
 * Returns the TOTP secret the user is enrolling with, creating one on the first
 * call. The secret only counts once `verifyTotpCode` has accepted a code from it.
 */
export async function beginTotpEnrolment(
  database: Database,
  session: ActiveSession,
): Promise<TotpEnrolment> {
  if (session.stage !== 'enrol_totp') {
    throw new VigilError('CONFLICT', 'this login is not enrolling a second factor', 'stage');
  }
  const user = await selectUserById(database.db, session.staff.id);
  let secret = user?.totpSecret ?? null;
  if (secret === null) {
    secret = new Secret({ size: 20 }).base32;
    await updateTotp(database.db, session.staff.id, { secret, confirmedAt: null });
  }
  return { secret, uri: totpFor(secret, session.staff.email).toString() };
}

/**
 * Checks a TOTP code for a session waiting for it (`totp` or `enrol_totp`)
 * and moves the session on. A code is accepted once, within one period either
 * side of now. A wrong code counts as a failed login. Returns the new stage,
 * or undefined when the code is wrong.
 */
export async function verifyTotpCode(
  database: Database,
  session: ActiveSession,
  code: string,
  now = new Date(),
): Promise<SessionStage | undefined> {
  if (session.stage !== 'totp' && session.stage !== 'enrol_totp') {
    throw new VigilError('CONFLICT', 'this login is not waiting for a code', 'stage');
  }
  const user = await selectUserById(database.db, session.staff.id);
  if (user === undefined || user.totpSecret === null) {
    throw new VigilError('CONFLICT', 'no second factor is enrolled for this account', 'code');
  }
  if (user.lockedUntil !== null && Date.parse(user.lockedUntil) > +now) {
    return undefined;
  }
  const step = acceptedStep(user, code.replace(/\s/g, ''), now);
  if (step === undefined) {
    await recordFailure(database, user, 'totp', now);
    return undefined;
  }
  const stage: SessionStage = user.passwordTemporary ? 'change_password' : 'complete';
  const claimed = await database.db.transaction().execute(async (trx) => {
    if (!(await claimTotpStep(trx, user.id, step))) {
      return false;
    }
    if (session.stage === 'enrol_totp') {
      await updateTotp(trx, user.id, { confirmedAt: now.toISOString() });
    }
    await updateSession(trx, session.id, {
      stage,
      lastSeenAt: now.toISOString(),
      expiresAt: expiryOf(stage, +now, +now),
    });
    if (session.stage === 'enrol_totp') {
      await appendAuditEntry(trx, database.dialect, {
        actor: `user:${user.id}`,
        action: 'user.enrol_totp',
        targetType: 'user',
        targetId: user.id,
        at: now.toISOString(),
      });
    }
    return true;
  });
  if (!claimed) {
    return undefined;
  }
  if (stage === 'complete') {
    await recordSuccess(database, user.id, now);
  }
  return stage;
}

function acceptedStep(user: UserRow, code: string, now: Date): number | undefined {
  if (!/^\d{6}$/.test(code)) {
    return undefined;
  }
  const delta = totpFor(user.totpSecret!, user.email).validate({
    token: code,
    timestamp: +now,
    window: 1,
  });
  if (delta === null) {
    return undefined;
  }
  const step = Math.floor(+now / 1000 / TOTP_PERIOD_SECONDS) + delta;
  if (user.totpLastStep !== null && step <= user.totpLastStep) {
    return undefined;
  }
  return step;
}

/** Generates the current code of a secret, for tests and the CLI. */
export function currentTotpCode(secret: string, now = new Date()): string {
  return TOTP.generate({
    secret: Secret.fromBase32(secret),
    algorithm: 'SHA1',
    digits: 6,
    period: TOTP_PERIOD_SECONDS,
    timestamp: +now,
  });
}

/** Completes a `change_password` session once the new password is stored. */
export async function completeSession(
  database: Database,
  session: ActiveSession,
  now = new Date(),
): Promise<void> {
  await updateSession(database.db, session.id, {
    stage: 'complete',
    lastSeenAt: now.toISOString(),
    expiresAt: expiryOf('complete', +now, +now),
  });
  await recordSuccess(database, session.staff.id, now);
}
