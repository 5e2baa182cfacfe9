import type { Kysely, Selectable } from 'kysely';

import type { NoticeDeliveryTable, NoticeTable, Schema } from './schema.ts';

export type NoticeRow = Selectable<NoticeTable>;
export type NoticeDeliveryRow = Selectable<NoticeDeliveryTable>;

/** The statuses of a notice that still wait for the organisation's answer. */
export const UNANSWERED_STATUSES = ['queued', 'sent', 'failed'] as const;

function toNotice(row: NoticeRow): NoticeRow {
  return {
    ...row,
    id: Number(row.id),
    decision_id: Number(row.decision_id),
    organisation_id: Number(row.organisation_id),
    follow_up_of: row.follow_up_of === null ? null : Number(row.follow_up_of),
  };
}

export interface DecisionForNotice {
  readonly id: number;
  readonly verdict: string;
  readonly action: string;
  readonly status: string;
  readonly category: string;
  readonly legalBasis: string;
  readonly reasons: string;
  readonly tlp: string;
  readonly expiresAt: string | null;
  readonly effectiveAt: string | null;
  readonly automated: boolean;
  readonly supersedes: number | null;
}

export async function selectDecisionForNotice(
  db: Kysely<Schema>,
  id: number,
): Promise<DecisionForNotice | undefined> {
  const row = await db.selectFrom('decisions').selectAll().where('id', '=', id).executeTakeFirst();
  if (row === undefined) {
    return undefined;
  }
  return {
    id: Number(row.id),
    verdict: row.verdict,
    action: row.action,
    status: row.status,
    category: row.category,
    legalBasis: row.legal_basis,
    reasons: row.reasons,
    tlp: row.tlp,
    expiresAt: row.expires_at,
    effectiveAt: row.effective_at,
    automated: row.automated === 1,
    supersedes: row.supersedes === null ? null : Number(row.supersedes),
  };
}

export interface NoticeIndicatorRow {
  readonly id: number;
  readonly kind: string;
  readonly value: string;
  readonly host: string | null;
  readonly registrableDomain: string | null;
}

export async function selectDecisionIndicators(
  db: Kysely<Schema>,
  decisionId: number,
): Promise<NoticeIndicatorRow[]> {
  const rows = await db
    .selectFrom('decision_indicators')
    .innerJoin('indicators', 'indicators.id', 'decision_indicators.indicator_id')
    .select([
      'indicators.id',
      'indicators.kind',
      'indicators.value',
      'indicators.host',
      'indicators.registrable_domain as registrableDomain',
    ])
    .where('decision_indicators.decision_id', '=', decisionId)
    .orderBy('indicators.id')
    .execute();
  return rows.map((row) => ({ ...row, id: Number(row.id) }));
}

export async function selectNoticeIndicators(
  db: Kysely<Schema>,
  noticeId: number,
): Promise<NoticeIndicatorRow[]> {
  const rows = await db
    .selectFrom('notice_indicators')
    .innerJoin('indicators', 'indicators.id', 'notice_indicators.indicator_id')
    .select([
      'indicators.id',
      'indicators.kind',
      'indicators.value',
      'indicators.host',
      'indicators.registrable_domain as registrableDomain',
    ])
    .where('notice_indicators.notice_id', '=', noticeId)
    .orderBy('indicators.id')
    .execute();
  return rows.map((row) => ({ ...row, id: Number(row.id) }));
}

export async function insertNotice(
  db: Kysely<Schema>,
  row: Omit<NoticeRow, 'id'>,
  indicatorIds: readonly number[],
): Promise<number> {
  const inserted = await db
    .insertInto('notices')
    .values(row)
    .returning('id')
    .executeTakeFirstOrThrow();
  const id = Number(inserted.id);
  if (indicatorIds.length > 0) {
    await db
      .insertInto('notice_indicators')
      .values(indicatorIds.map((indicatorId) => ({ notice_id: id, indicator_id: indicatorId })))
      .execute();
  }
  return id;
}

export async function selectNotice(db: Kysely<Schema>, id: number): Promise<NoticeRow | undefined> {
  const row = await db.selectFrom('notices').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toNotice(row);
}

export async function selectNoticesOfDecision(
  db: Kysely<Schema>,
  decisionId: number,
): Promise<NoticeRow[]> {
  const rows = await db
    .selectFrom('notices')
    .selectAll()
    .where('decision_id', '=', decisionId)
    .orderBy('id')
    .execute();
  return rows.map(toNotice);
}

export interface NoticeFilter {
  readonly organisationId?: number;
  readonly status?: string;
  /** Only notices created before this id, for the next page. */
  readonly beforeId?: number;
  /** Only notices still unanswered whose deadline is before this time. */
  readonly overdueAt?: string;
  readonly limit: number;
}

export async function selectNotices(
  db: Kysely<Schema>,
  filter: NoticeFilter,
): Promise<NoticeRow[]> {
  let query = db.selectFrom('notices').selectAll().orderBy('id', 'desc').limit(filter.limit);
  if (filter.organisationId !== undefined) {
    query = query.where('organisation_id', '=', filter.organisationId);
  }
  if (filter.status !== undefined) {
    query = query.where('status', '=', filter.status);
  }
  if (filter.beforeId !== undefined) {
    query = query.where('id', '<', filter.beforeId);
  }
  if (filter.overdueAt !== undefined) {
    query = query.where('status', 'in', UNANSWERED_STATUSES).where('due_at', '<', filter.overdueAt);
  }
  return (await query.execute()).map(toNotice);
}

/** Selects unanswered notices past their deadline, oldest deadline first. */
export async function selectOverdueNotices(
  db: Kysely<Schema>,
  now: string,
  limit: number,
): Promise<NoticeRow[]> {
  const rows = await db
    .selectFrom('notices')
    .selectAll()
    .where('status', 'in', UNANSWERED_STATUSES)
    .where('due_at', '<', now)
    .orderBy('due_at')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map(toNotice);
}

/**
 * Changes a notice only while it has one of `fromStatuses`, so two answers
 * racing each other cannot both win. Returns false when nothing changed.
 */
export async function updateNoticeStatus(
  db: Kysely<Schema>,
  id: number,
  fromStatuses: readonly string[],
  fields: Partial<Omit<NoticeRow, 'id' | 'uuid' | 'decision_id' | 'organisation_id'>>,
): Promise<boolean> {
  const result = await db
    .updateTable('notices')
    .set(fields)
    .where('id', '=', id)
    .where('status', 'in', fromStatuses)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Sets `reminded_at` unless it is already set. Returns false when another run reminded first. */
export async function markNoticeReminded(
  db: Kysely<Schema>,
  id: number,
  at: string,
): Promise<boolean> {
  const result = await db
    .updateTable('notices')
    .set({ reminded_at: at, updated_at: at })
    .where('id', '=', id)
    .where('reminded_at', 'is', null)
    .where('status', 'in', UNANSWERED_STATUSES)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function insertNoticeDelivery(
  db: Kysely<Schema>,
  row: { noticeId: number; channel: string; purpose: string; createdAt: string },
): Promise<number> {
  const inserted = await db
    .insertInto('notice_deliveries')
    .values({
      notice_id: row.noticeId,
      channel: row.channel,
      purpose: row.purpose,
      status: 'pending',
      last_error: null,
      delivered_at: null,
      created_at: row.createdAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(inserted.id);
}

export async function selectNoticeDelivery(
  db: Kysely<Schema>,
  id: number,
): Promise<NoticeDeliveryRow | undefined> {
  const row = await db
    .selectFrom('notice_deliveries')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return row && { ...row, id: Number(row.id), notice_id: Number(row.notice_id) };
}

export async function selectDeliveriesOfNotice(
  db: Kysely<Schema>,
  noticeId: number,
): Promise<NoticeDeliveryRow[]> {
  const rows = await db
    .selectFrom('notice_deliveries')
    .selectAll()
    .where('notice_id', '=', noticeId)
    .orderBy('id')
    .execute();
  return rows.map((row) => ({ ...row, id: Number(row.id), notice_id: Number(row.notice_id) }));
}

export async function updateNoticeDelivery(
  db: Kysely<Schema>,
  id: number,
  fields: Partial<Pick<NoticeDeliveryRow, 'status' | 'attempts' | 'last_error' | 'delivered_at'>>,
): Promise<void> {
  await db.updateTable('notice_deliveries').set(fields).where('id', '=', id).execute();
}
