import type { Kysely } from 'kysely';

import type { Schema } from './schema.ts';

export interface SessionRow {
  readonly id: string;
  readonly userId: number;
  readonly stage: string;
  readonly createdAt: string;
  readonly lastSeenAt: string;
  readonly expiresAt: string;
}

export async function insertSession(db: Kysely<Schema>, session: SessionRow): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      id: session.id,
      user_id: session.userId,
      stage: session.stage,
      created_at: session.createdAt,
      last_seen_at: session.lastSeenAt,
      expires_at: session.expiresAt,
    })
    .execute();
}

export async function selectSession(
  db: Kysely<Schema>,
  id: string,
): Promise<SessionRow | undefined> {
  const row = await db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
  if (row === undefined) {
    return undefined;
  }
  return {
    id: row.id,
    userId: Number(row.user_id),
    stage: row.stage,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    expiresAt: row.expires_at,
  };
}

export async function updateSession(
  db: Kysely<Schema>,
  id: string,
  fields: { readonly stage?: string; readonly lastSeenAt?: string; readonly expiresAt?: string },
): Promise<void> {
  await db
    .updateTable('sessions')
    .set({
      ...(fields.stage !== undefined && { stage: fields.stage }),
      ...(fields.lastSeenAt !== undefined && { last_seen_at: fields.lastSeenAt }),
      ...(fields.expiresAt !== undefined && { expires_at: fields.expiresAt }),
    })
    .where('id', '=', id)
    .execute();
}

export async function deleteSession(db: Kysely<Schema>, id: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', id).execute();
}

/** Ends every session of a user, as after a password reset. */
export async function deleteUserSessions(db: Kysely<Schema>, userId: number): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

export async function deleteExpiredSessions(db: Kysely<Schema>, now: string): Promise<number> {
  const result = await db.deleteFrom('sessions').where('expires_at', '<', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}
