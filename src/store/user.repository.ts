import type { Kysely } from 'kysely';

import type { Schema } from './schema.ts';

/** A user with the login state the console needs. */
export interface UserRow {
  readonly id: number;
  readonly email: string;
  readonly displayName: string | null;
  readonly role: string;
  readonly organisationId: number | null;
  readonly passwordHash: string | null;
  readonly createdAt: string;
  readonly disabledAt: string | null;
  readonly failedLogins: number;
  readonly lockedUntil: string | null;
  readonly passwordTemporary: boolean;
  readonly totpSecret: string | null;
  readonly totpConfirmedAt: string | null;
  readonly totpLastStep: number | null;
}

export interface NewUserRow {
  readonly email: string;
  readonly role: string;
  readonly organisationId: number | null;
  readonly passwordHash: string;
  readonly passwordTemporary: boolean;
  readonly createdAt: string;
}

function selectUsers(db: Kysely<Schema>) {
  return db
    .selectFrom('users')
    .leftJoin('user_accounts', 'user_accounts.user_id', 'users.id')
    .select([
      'users.id',
      'users.email',
      'users.display_name',
      'users.role',
      'users.organisation_id',
      'users.password_hash',
      'users.created_at',
      'users.disabled_at',
      'user_accounts.failed_logins',
      'user_accounts.locked_until',
      'user_accounts.password_temporary',
      'user_accounts.totp_secret',
      'user_accounts.totp_confirmed_at',
      'user_accounts.totp_last_step',
    ]);
}

type SelectedUser = Awaited<ReturnType<ReturnType<typeof selectUsers>['executeTakeFirstOrThrow']>>;

function toUserRow(row: SelectedUser): UserRow {
  return {
    id: Number(row.id),
    email: row.email,
    displayName: row.display_name,
    role: row.role,
    organisationId: row.organisation_id === null ? null : Number(row.organisation_id),
    passwordHash: row.password_hash,
    createdAt: row.created_at,
    disabledAt: row.disabled_at,
    failedLogins: Number(row.failed_logins ?? 0),
    lockedUntil: row.locked_until ?? null,
    passwordTemporary: Number(row.password_temporary ?? 0) === 1,
    totpSecret: row.totp_secret ?? null,
    totpConfirmedAt: row.totp_confirmed_at ?? null,
    totpLastStep:
      row.totp_last_step === null || row.totp_last_step === undefined
        ? null
        : Number(row.totp_last_step),
  };
}

export async function selectUserByEmail(
  db: Kysely<Schema>,
  email: string,
): Promise<UserRow | undefined> {
  const row = await selectUsers(db).where('users.email', '=', email).executeTakeFirst();
  return row === undefined ? undefined : toUserRow(row);
}

export async function selectUserById(db: Kysely<Schema>, id: number): Promise<UserRow | undefined> {
  const row = await selectUsers(db).where('users.id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : toUserRow(row);
}

export async function selectUsersOrderedByEmail(db: Kysely<Schema>): Promise<UserRow[]> {
  const rows = await selectUsers(db).orderBy('users.email').execute();
  return rows.map(toUserRow);
}

/** Inserts a user and its login state; returns the new id. */
export async function insertUser(db: Kysely<Schema>, user: NewUserRow): Promise<number> {
  const row = await db
    .insertInto('users')
    .values({
      email: user.email,
      display_name: null,
      role: user.role,
      organisation_id: user.organisationId,
      password_hash: user.passwordHash,
      created_at: user.createdAt,
      disabled_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const id = Number(row.id);
  await db
    .insertInto('user_accounts')
    .values({ user_id: id, password_temporary: user.passwordTemporary ? 1 : 0 })
    .execute();
  return id;
}

/** Inserts the login state row of a user made elsewhere, if it has none yet. */
async function ensureAccountRow(db: Kysely<Schema>, userId: number): Promise<void> {
  await db
    .insertInto('user_accounts')
    .values({ user_id: userId })
    .onConflict((conflict) => conflict.column('user_id').doNothing())
    .execute();
}

export async function updatePassword(
  db: Kysely<Schema>,
  userId: number,
  passwordHash: string,
  temporary: boolean,
): Promise<void> {
  await db
    .updateTable('users')
    .set({ password_hash: passwordHash })
    .where('id', '=', userId)
    .execute();
  await ensureAccountRow(db, userId);
  await db
    .updateTable('user_accounts')
    .set({ password_temporary: temporary ? 1 : 0, failed_logins: 0, locked_until: null })
    .where('user_id', '=', userId)
    .execute();
}

/**
 * Adds one failed login and returns the new count. The increment happens in
 * the database, so failures arriving in parallel each count.
 */
export async function addLoginFailure(db: Kysely<Schema>, userId: number): Promise<number> {
  await ensureAccountRow(db, userId);
  const row = await db
    .updateTable('user_accounts')
    .set((eb) => ({ failed_logins: eb('failed_logins', '+', 1) }))
    .where('user_id', '=', userId)
    .returning('failed_logins')
    .executeTakeFirstOrThrow();
  return Number(row.failed_logins);
}

export async function updateLockedUntil(
  db: Kysely<Schema>,
  userId: number,
  lockedUntil: string,
): Promise<void> {
  await db
    .updateTable('user_accounts')
    .set({ locked_until: lockedUntil })
    .where('user_id', '=', userId)
    .execute();
}

export async function updateLoginSuccess(
  db: Kysely<Schema>,
  userId: number,
  at: string,
): Promise<void> {
  await ensureAccountRow(db, userId);
  await db
    .updateTable('user_accounts')
    .set({ failed_logins: 0, locked_until: null, last_login_at: at })
    .where('user_id', '=', userId)
    .execute();
}

export async function updateTotp(
  db: Kysely<Schema>,
  userId: number,
  fields: {
    readonly secret?: string | null;
    readonly confirmedAt?: string | null;
    readonly lastStep?: number | null;
  },
): Promise<void> {
  await ensureAccountRow(db, userId);
  await db
    .updateTable('user_accounts')
    .set({
      ...(fields.secret !== undefined && { totp_secret: fields.secret }),
      ...(fields.confirmedAt !== undefined && { totp_confirmed_at: fields.confirmedAt }),
      ...(fields.lastStep !== undefined && { totp_last_step: fields.lastStep }),
    })
    .where('user_id', '=', userId)
    .execute();
}

/**
 * Records `step` as the last TOTP step used, unless that step or a later one
 * already was. Returns false then, so a code sent twice at once counts once.
 */
export async function claimTotpStep(
  db: Kysely<Schema>,
  userId: number,
  step: number,
): Promise<boolean> {
  const result = await db
    .updateTable('user_accounts')
    .set({ totp_last_step: step })
    .where('user_id', '=', userId)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function countActiveAdmins(db: Kysely<Schema>): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('role', '=', 'admin')
    .where('disabled_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
