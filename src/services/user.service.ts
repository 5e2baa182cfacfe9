import { randomBytes } from 'node:crypto';

import { hash, type Options, verify } from '@node-rs/argon2';

import {
  checkNewPassword,
  isPlausibleEmail,
  MAX_PASSWORD_LENGTH,
  normaliseEmail,
} from '../domain/auth/login-policy.ts';
import { isRole, type Role, ROLES } from '../domain/roles.ts';
import { VigilError } from '../errors.ts';
import { appendAuditEntry } from '../store/audit.repository.ts';
import type { Database } from '../store/database.ts';
import { deleteUserSessions } from '../store/session.repository.ts';
import {
  countActiveAdmins,
  insertUser,
  selectUserByEmail,
  selectUserById,
  updatePassword,
  updateTotp,
  type UserRow,
} from '../store/user.repository.ts';

/** A user as services and routes see it, without secrets. */
export interface User {
  readonly id: number;
  readonly email: string;
  readonly role: Role;
  readonly organisationId: number | null;
  readonly createdAt: string;
  readonly disabled: boolean;
}

export interface CreateUserInput {
  readonly email: string;
  readonly role: string;
  /** When absent, a one-time password is generated and must be changed at the first login. */
  readonly password?: string;
  /** The organisation a focal point answers for; required for that role. */
  readonly organisationId?: number | null;
  /** The user making the change, for the audit log; `system` when absent. */
  readonly actor?: string;
  readonly now?: Date;
}

export interface CreatedUser {
  readonly user: User;
  /** The generated password, returned once and stored only as a hash. */
  readonly oneTimePassword?: string;
}

/**
 * Argon2id (algorithm 2 of the library's const enum, which this build cannot
 * import by name) with the library's defaults of 19 MiB and 2 passes, the
 * minimum OWASP's password storage cheat sheet recommends.
 */
const HASH_OPTIONS: Options = { algorithm: 2 };

/** A hash of a random password, verified against when the e-mail is unknown so timing stays alike. */
let dummyHash: Promise<string> | undefined;

export function hashPassword(password: string): Promise<string> {
  return hash(password, HASH_OPTIONS);
}

/** Checks a password against a stored hash; false for a missing or malformed hash. */
export async function verifyPassword(
  storedHash: string | null,
  password: string,
): Promise<boolean> {
  if (password.length > MAX_PASSWORD_LENGTH) {
    return false;
  }
  if (storedHash === null) {
    dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  return verify(storedHash, password).catch(() => false);
}

/** Generates a one-time password of 24 URL-safe characters (144 random bits). */
export function generateOneTimePassword(): string {
  return randomBytes(18).toString('base64url');
}

export function toUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    role: row.role as Role,
    organisationId: row.organisationId,
    createdAt: row.createdAt,
    disabled: row.disabledAt !== null,
  };
}

/**
 * Creates a user with an argon2id password hash and writes an audit entry.
 * Throws INVALID_INPUT for a bad e-mail, role or password, and CONFLICT when
 * the e-mail is taken.
 */
export async function createUser(database: Database, input: CreateUserInput): Promise<CreatedUser> {
  const email = normaliseEmail(input.email);
  if (!isPlausibleEmail(email)) {
    throw new VigilError(
      'INVALID_INPUT',
      `email "${input.email}" is not an e-mail address`,
      'email',
    );
  }
  if (!isRole(input.role)) {
    throw new VigilError(
      'INVALID_INPUT',
      `role "${input.role}" is not one of ${ROLES.join(', ')}`,
      'role',
    );
  }
  const organisationId = input.organisationId ?? null;
  if (input.role === 'focal_point' && organisationId === null) {
    throw new VigilError(
      'INVALID_INPUT',
      'a focal point answers for one organisation: give its organisation id',
      'organisationId',
    );
  }
  if (input.password !== undefined) {
    const problem = checkNewPassword(input.password, email);
    if (problem !== undefined) {
      throw new VigilError('INVALID_INPUT', problem, 'password');
    }
  }
  const oneTimePassword = input.password === undefined ? generateOneTimePassword() : undefined;
  const passwordHash = await hashPassword(input.password ?? oneTimePassword!);
  const at = (input.now ?? new Date()).toISOString();

  const id = await database.db.transaction().execute(async (trx) => {
    if ((await selectUserByEmail(trx, email)) !== undefined) {
      throw new VigilError('CONFLICT', `a user with the e-mail ${email} already exists`, 'email');
    }
    const userId = await insertUser(trx, {
      email,
      role: input.role,
      organisationId,
      passwordHash,
      passwordTemporary: oneTimePassword !== undefined,
      createdAt: at,
    });
    await appendAuditEntry(trx, database.dialect, {
      actor: input.actor ?? 'system',
      action: 'user.create',
      targetType: 'user',
      targetId: userId,
      after: { email, role: input.role, organisationId },
      at,
    });
    return userId;
  });
  const user: User = {
    id,
    email,
    role: input.role,
    organisationId,
    createdAt: at,
    disabled: false,
  };
  return oneTimePassword === undefined ? { user } : { user, oneTimePassword };
}

/**
 * Gives a user a new one-time password, ends their sessions and removes their
 * TOTP enrolment, so they enrol again at the next login. Throws NOT_FOUND.
 */
export async function resetUser(
  database: Database,
  email: string,
  options: { readonly actor?: string; readonly now?: Date } = {},
): Promise<{ readonly user: User; readonly oneTimePassword: string }> {
  const normalised = normaliseEmail(email);
  const oneTimePassword = generateOneTimePassword();
  const passwordHash = await hashPassword(oneTimePassword);
  const at = (options.now ?? new Date()).toISOString();
  const row = await database.db.transaction().execute(async (trx) => {
    const found = await selectUserByEmail(trx, normalised);
    if (found === undefined) {
      throw new VigilError('NOT_FOUND', `no user has the e-mail ${normalised}`, 'email');
    }
    await updatePassword(trx, found.id, passwordHash, true);
    await updateTotp(trx, found.id, { secret: null, confirmedAt: null, lastStep: null });
    await deleteUserSessions(trx, found.id);
    await appendAuditEntry(trx, database.dialect, {
      actor: options.actor ?? 'system',
      action: 'user.reset',
      targetType: 'user',
      targetId: found.id,
      after: { passwordTemporary: true, totpRemoved: true },
      at,
    });
    return found;
  });
  return { user: toUser(row), oneTimePassword };
}

/** Sets a password the user chose, replacing a one-time password. Throws INVALID_INPUT. */
export async function changePassword(
  database: Database,
  userId: number,
  password: string,
  now = new Date(),
): Promise<void> {
  const found = await selectUserById(database.db, userId);
  if (found === undefined) {
    throw new VigilError('NOT_FOUND', `user ${userId} does not exist`, 'userId');
  }
  const problem = checkNewPassword(password, found.email);
  if (problem !== undefined) {
    throw new VigilError('INVALID_INPUT', problem, 'password');
  }
  if (await verifyPassword(found.passwordHash, password)) {
    throw new VigilError(
      'INVALID_INPUT',
      'choose a password other than the current one',
      'password',
    );
  }
  const passwordHash = await hashPassword(password);
  await database.db.transaction().execute(async (trx) => {
    await updatePassword(trx, userId, passwordHash, false);
    await appendAuditEntry(trx, database.dialect, {
      actor: `user:${userId}`,
      action: 'user.change_password',
      targetType: 'user',
      targetId: userId,
      at: now.toISOString(),
    });
  });
}

/** The e-mail of the admin that `ensureFirstAdmin` creates. */
export const FIRST_ADMIN_EMAIL = 'admin@vigil.localhost';

/**
 * Creates an admin with a one-time password when no active admin exists, so a
 * fresh installation can be logged into. Returns undefined when one exists.
 */
export async function ensureFirstAdmin(database: Database): Promise<CreatedUser | undefined> {
  if ((await countActiveAdmins(database.db)) > 0) {
    return undefined;
  }
  return createUser(database, { email: FIRST_ADMIN_EMAIL, role: 'admin' });
}

export async function getUser(database: Database, userId: number): Promise<User | undefined> {
  const row = await selectUserById(database.db, userId);
  return row === undefined ? undefined : toUser(row);
}
