import type { Kysely, Selectable } from 'kysely';

import type { AppealTable, Schema } from './schema.ts';

export type AppealRow = Selectable<AppealTable>;

export interface NewAppeal {
  readonly receipt: string;
  readonly indicatorId: number;
  readonly decisionId: number | null;
  readonly reasons: string;
  readonly contactEncrypted: string | null;
  readonly language: string;
  readonly dueAt: string;
  readonly createdAt: string;
}

export async function insertAppeal(db: Kysely<Schema>, appeal: NewAppeal): Promise<number> {
  const row = await db
    .insertInto('appeals')
    .values({
      receipt: appeal.receipt,
      indicator_id: appeal.indicatorId,
      decision_id: appeal.decisionId,
      status: 'received',
      reasons: appeal.reasons,
      contact_encrypted: appeal.contactEncrypted,
      language: appeal.language,
      due_at: appeal.dueAt,
      reviewer_id: null,
      outcome_decision_id: null,
      outcome_reasons: null,
      created_at: appeal.createdAt,
      decided_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function selectAppealByReceipt(
  db: Kysely<Schema>,
  receipt: string,
): Promise<AppealRow | undefined> {
  const row = await db
    .selectFrom('appeals')
    .selectAll()
    .where('receipt', '=', receipt)
    .executeTakeFirst();
  return row && normalize(row);
}

export async function selectAppealById(
  db: Kysely<Schema>,
  id: number,
): Promise<AppealRow | undefined> {
  const row = await db.selectFrom('appeals').selectAll().where('id', '=', id).executeTakeFirst();
  return row && normalize(row);
}

/** Selects open appeals, earliest due first, or every appeal with `status`. */
export async function selectAppeals(
  db: Kysely<Schema>,
  options: { readonly status?: string; readonly limit: number },
): Promise<AppealRow[]> {
  const rows = await db
    .selectFrom('appeals')
    .selectAll()
    .$if(options.status === undefined, (qb) => qb.where('status', 'in', ['received', 'in_review']))
    .$if(options.status !== undefined, (qb) => qb.where('status', '=', options.status!))
    .orderBy('due_at')
    .orderBy('id')
    .limit(options.limit)
    .execute();
  return rows.map(normalize);
}

/** Selects open appeals due before `before`, for reminders. */
export async function selectAppealsDueBefore(
  db: Kysely<Schema>,
  before: string,
): Promise<AppealRow[]> {
  const rows = await db
    .selectFrom('appeals')
    .selectAll()
    .where('status', 'in', ['received', 'in_review'])
    .where('due_at', '<', before)
    .orderBy('due_at')
    .execute();
  return rows.map(normalize);
}

/**
 * Sets the status and review fields of an appeal if it is still open, and
 * returns whether it was, so that two reviewers never both decide one appeal.
 */
export async function updateOpenAppeal(
  db: Kysely<Schema>,
  id: number,
  fields: Partial<
    Pick<
      AppealTable,
      'status' | 'reviewer_id' | 'outcome_decision_id' | 'outcome_reasons' | 'decided_at'
    >
  >,
): Promise<boolean> {
  const result = await db
    .updateTable('appeals')
    .set(fields)
    .where('id', '=', id)
    .where('status', 'in', ['received', 'in_review'])
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Selects who made and who approved a decision, the people who may not review its appeal. */
export async function selectDecisionPeople(
  db: Kysely<Schema>,
  decisionId: number,
): Promise<{ decidedBy: number | null; approvedBy: number | null } | undefined> {
  const row = await db
    .selectFrom('decisions')
    .select(['decided_by', 'approved_by'])
    .where('id', '=', decisionId)
    .executeTakeFirst();
  return (
    row && {
      decidedBy: row.decided_by === null ? null : Number(row.decided_by),
      approvedBy: row.approved_by === null ? null : Number(row.approved_by),
    }
  );
}

/** Selects the listing of one indicator with the indicator itself. */
export async function selectListingOf(db: Kysely<Schema>, indicatorId: number) {
  return db
    .selectFrom('listings')
    .innerJoin('indicators', 'indicators.id', 'listings.indicator_id')
    .select([
      'indicators.id',
      'indicators.kind',
      'indicators.value',
      'listings.status',
      'listings.category',
      'listings.legal_basis',
      'listings.tlp',
      'listings.expires_at',
      'listings.decision_id',
      'listings.decided_by',
    ])
    .where('listings.indicator_id', '=', indicatorId)
    .executeTakeFirst();
}

/** Selects the id of the indicator with this kind and canonical value. */
export async function selectIndicatorId(
  db: Kysely<Schema>,
  kind: string,
  value: string,
): Promise<number | undefined> {
  const row = await db
    .selectFrom('indicators')
    .select('id')
    .where('kind', '=', kind)
    .where('value', '=', value)
    .executeTakeFirst();
  return row === undefined ? undefined : Number(row.id);
}

export async function selectActiveUser(db: Kysely<Schema>, idOrEmail: number | string) {
  return db
    .selectFrom('users')
    .select(['id', 'email', 'role'])
    .$if(typeof idOrEmail === 'number', (qb) => qb.where('id', '=', idOrEmail as number))
    .$if(typeof idOrEmail === 'string', (qb) =>
      qb.where('email', '=', (idOrEmail as string).toLowerCase()),
    )
    .where('disabled_at', 'is', null)
    .executeTakeFirst();
}

function normalize(row: AppealRow): AppealRow {
  return {
    ...row,
    id: Number(row.id),
    indicator_id: Number(row.indicator_id),
    decision_id: row.decision_id === null ? null : Number(row.decision_id),
    reviewer_id: row.reviewer_id === null ? null : Number(row.reviewer_id),
    outcome_decision_id: row.outcome_decision_id === null ? null : Number(row.outcome_decision_id),
  };
}

/** Selects the evidence images an appellant sent with one appeal, oldest first. */
export async function selectEvidenceOfAppeal(db: Kysely<Schema>, appealId: number) {
  const rows = await db
    .selectFrom('evidence')
    .select(['id', 'media_type', 'width', 'height'])
    .where('owner_type', '=', 'appeal')
    .where('owner_id', '=', appealId)
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    id: Number(row.id),
    mediaType: row.media_type,
    width: row.width,
    height: row.height,
  }));
}
