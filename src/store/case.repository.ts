import { type Kysely, sql } from 'kysely';

import type { Schema } from './schema.ts';

/** Values per `in (...)` list, well under SQLite's bound-parameter limit. */
const CHUNK = 500;

function chunks<T>(values: readonly T[]): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < values.length; start += CHUNK) {
    result.push(values.slice(start, start + CHUNK));
  }
  return result;
}

export interface ClusterIndicatorRow {
  readonly id: number;
  readonly kind: string;
  readonly value: string;
  readonly host: string | null;
  readonly registrableDomain: string | null;
}

export async function selectIndicatorsByIds(
  db: Kysely<Schema>,
  ids: readonly number[],
): Promise<ClusterIndicatorRow[]> {
  const rows: ClusterIndicatorRow[] = [];
  for (const chunk of chunks(ids)) {
    const found = await db
      .selectFrom('indicators')
      .select(['id', 'kind', 'value', 'host', 'registrable_domain'])
      .where('id', 'in', chunk)
      .execute();
    for (const row of found) {
      rows.push({
        id: Number(row.id),
        kind: row.kind,
        value: row.value,
        host: row.host,
        registrableDomain: row.registrable_domain,
      });
    }
  }
  return rows;
}

/** Inserts source keys, keeping any already stored for the same indicator. */
export async function insertSourceKeys(
  db: Kysely<Schema>,
  rows: readonly { indicatorId: number; key: string; origin: string; createdAt: string }[],
): Promise<void> {
  for (const chunk of chunks(rows)) {
    await db
      .insertInto('source_keys')
      .values(
        chunk.map((row) => ({
          indicator_id: row.indicatorId,
          key: row.key,
          origin: row.origin,
          created_at: row.createdAt,
        })),
      )
      .onConflict((conflict) => conflict.columns(['indicator_id', 'key']).doNothing())
      .execute();
  }
}

export interface IndicatorKeyRow {
  readonly indicatorId: number;
  readonly key: string;
}

export async function selectKeysOfIndicators(
  db: Kysely<Schema>,
  ids: readonly number[],
): Promise<IndicatorKeyRow[]> {
  const rows: IndicatorKeyRow[] = [];
  for (const chunk of chunks(ids)) {
    const found = await db
      .selectFrom('source_keys')
      .select(['indicator_id', 'key'])
      .where('indicator_id', 'in', chunk)
      .execute();
    rows.push(...found.map((row) => ({ indicatorId: Number(row.indicator_id), key: row.key })));
  }
  return rows;
}

export interface ReportLinkRow {
  readonly reportId: number;
  readonly indicatorId: number;
}

/** Lists every indicator of the reports that name any of `ids`. */
export async function selectCoReportedIndicators(
  db: Kysely<Schema>,
  ids: readonly number[],
): Promise<ReportLinkRow[]> {
  const rows: ReportLinkRow[] = [];
  for (const chunk of chunks(ids)) {
    const found = await db
      .selectFrom('report_indicators as other')
      .innerJoin('report_indicators as named', 'named.report_id', 'other.report_id')
      .select(['other.report_id', 'other.indicator_id'])
      .where('named.indicator_id', 'in', chunk)
      .distinct()
      .execute();
    rows.push(
      ...found.map((row) => ({
        reportId: Number(row.report_id),
        indicatorId: Number(row.indicator_id),
      })),
    );
  }
  return rows;
}

export async function selectCommonKeys(
  db: Kysely<Schema>,
  keys: readonly string[],
): Promise<Set<string>> {
  const common = new Set<string>();
  for (const chunk of chunks(keys)) {
    const found = await db
      .selectFrom('common_keys')
      .select('key')
      .where('key', 'in', chunk)
      .execute();
    for (const row of found) {
      common.add(row.key);
    }
  }
  return common;
}

/**
 * Counts, for each key, the distinct identities (registrable domain, or the
 * value when there is none) of the indicators carrying it; returns only the
 * keys whose count passes `limit`.
 */
export async function selectKeysPastLimit(
  db: Kysely<Schema>,
  keys: readonly string[],
  limit: number,
): Promise<Map<string, number>> {
  const past = new Map<string, number>();
  for (const chunk of chunks(keys)) {
    const found = await db
      .selectFrom('source_keys')
      .innerJoin('indicators', 'indicators.id', 'source_keys.indicator_id')
      .select([
        'source_keys.key',
        sql<number>`count(distinct coalesce(indicators.registrable_domain, indicators.value))`.as(
          'identities',
        ),
      ])
      .where('source_keys.key', 'in', chunk)
      .groupBy('source_keys.key')
      .having(
        sql<number>`count(distinct coalesce(indicators.registrable_domain, indicators.value))`,
        '>',
        limit,
      )
      .execute();
    for (const row of found) {
      past.set(row.key, Number(row.identities));
    }
  }
  return past;
}

export async function insertCommonKeys(
  db: Kysely<Schema>,
  rows: readonly { key: string; reason: string; caseCount: number; createdAt: string }[],
): Promise<void> {
  for (const chunk of chunks(rows)) {
    await db
      .insertInto('common_keys')
      .values(
        chunk.map((row) => ({
          key: row.key,
          reason: row.reason,
          case_count: row.caseCount,
          created_at: row.createdAt,
        })),
      )
      .onConflict((conflict) => conflict.column('key').doNothing())
      .execute();
  }
}

export interface KeyHolderRow {
  readonly indicatorId: number;
  readonly key: string;
  readonly caseId: number | null;
}

/**
 * Lists the indicators that carry any of `keys`, with their case, up to
 * `limit` rows without a case (indicators with a case are all returned, as
 * each links the key to that case).
 */
export async function selectKeyHolders(
  db: Kysely<Schema>,
  keys: readonly string[],
): Promise<KeyHolderRow[]> {
  const rows: KeyHolderRow[] = [];
  for (const chunk of chunks(keys)) {
    const found = await db
      .selectFrom('source_keys')
      .leftJoin('case_indicators', 'case_indicators.indicator_id', 'source_keys.indicator_id')
      .select(['source_keys.indicator_id', 'source_keys.key', 'case_indicators.case_id'])
      .where('source_keys.key', 'in', chunk)
      .execute();
    rows.push(
      ...found.map((row) => ({
        indicatorId: Number(row.indicator_id),
        key: row.key,
        caseId: row.case_id === null ? null : Number(row.case_id),
      })),
    );
  }
  return rows;
}

export async function selectCaseIdsOfIndicators(
  db: Kysely<Schema>,
  ids: readonly number[],
): Promise<Map<number, number>> {
  const result = new Map<number, number>();
  for (const chunk of chunks(ids)) {
    const found = await db
      .selectFrom('case_indicators')
      .select(['indicator_id', 'case_id'])
      .where('indicator_id', 'in', chunk)
      .execute();
    for (const row of found) {
      result.set(Number(row.indicator_id), Number(row.case_id));
    }
  }
  return result;
}

export interface CaseRow {
  readonly id: number;
  readonly status: string;
  readonly category: string;
  readonly title: string;
  readonly score: number;
  readonly scoreFeatures: string | null;
  readonly assigneeId: number | null;
  readonly mergedInto: number | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

function toCaseRow(row: Schema['cases'] & { id: number | bigint }): CaseRow {
  return {
    id: Number(row.id),
    status: row.status,
    category: row.category,
    title: row.title,
    score: Number(row.score),
    scoreFeatures: row.score_features,
    assigneeId: row.assignee_id === null ? null : Number(row.assignee_id),
    mergedInto: row.merged_into === null ? null : Number(row.merged_into),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function selectCase(db: Kysely<Schema>, id: number): Promise<CaseRow | undefined> {
  const row = await db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : toCaseRow(row as never);
}

export async function selectCases(db: Kysely<Schema>, ids: readonly number[]): Promise<CaseRow[]> {
  const rows: CaseRow[] = [];
  for (const chunk of chunks(ids)) {
    const found = await db.selectFrom('cases').selectAll().where('id', 'in', chunk).execute();
    rows.push(...found.map((row) => toCaseRow(row as never)));
  }
  return rows;
}

export async function insertCase(
  db: Kysely<Schema>,
  values: { title: string; category: string; at: string },
): Promise<number> {
  const row = await db
    .insertInto('cases')
    .values({
      status: 'open',
      category: values.category,
      title: values.title,
      score_features: null,
      assignee_id: null,
      merged_into: null,
      created_at: values.at,
      updated_at: values.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/** Puts indicators in a case, moving them from any case they were in. */
export async function upsertCaseIndicators(
  db: Kysely<Schema>,
  caseId: number,
  indicatorIds: readonly number[],
  at: string,
): Promise<void> {
  for (const chunk of chunks(indicatorIds)) {
    await db
      .insertInto('case_indicators')
      .values(chunk.map((id) => ({ indicator_id: id, case_id: caseId, added_at: at })))
      .onConflict((conflict) =>
        conflict.column('indicator_id').doUpdateSet({ case_id: caseId, added_at: at }),
      )
      .execute();
  }
}

/** Gives a case the reports that name `indicatorIds` and have no case yet. */
export async function attachUnassignedReports(
  db: Kysely<Schema>,
  caseId: number,
  indicatorIds: readonly number[],
  at: string,
): Promise<number[]> {
  const attached: number[] = [];
  for (const chunk of chunks(indicatorIds)) {
    const rows = await db
      .updateTable('reports')
      .set({ case_id: caseId, updated_at: at })
      .where('case_id', 'is', null)
      .where('id', 'in', (eb) =>
        eb.selectFrom('report_indicators').select('report_id').where('indicator_id', 'in', chunk),
      )
      .returning('id')
      .execute();
    attached.push(...rows.map((row) => Number(row.id)));
  }
  return attached;
}

/** Moves the indicators and reports of `fromId` into `intoId` and marks `fromId` merged. */
export async function mergeCaseRows(
  db: Kysely<Schema>,
  fromId: number,
  intoId: number,
  at: string,
): Promise<void> {
  await db
    .updateTable('case_indicators')
    .set({ case_id: intoId })
    .where('case_id', '=', fromId)
    .execute();
  await db
    .updateTable('reports')
    .set({ case_id: intoId, updated_at: at })
    .where('case_id', '=', fromId)
    .execute();
  await db
    .updateTable('cases')
    .set({ status: 'merged', merged_into: intoId, assignee_id: null, updated_at: at })
    .where('id', '=', fromId)
    .execute();
}

export async function moveReports(
  db: Kysely<Schema>,
  reportIds: readonly number[],
  caseId: number,
  at: string,
): Promise<void> {
  for (const chunk of chunks(reportIds)) {
    await db
      .updateTable('reports')
      .set({ case_id: caseId, updated_at: at })
      .where('id', 'in', chunk)
      .execute();
  }
}

export async function updateCaseFields(
  db: Kysely<Schema>,
  caseId: number,
  fields: { assigneeId?: number | null; status?: string; updatedAt: string },
): Promise<void> {
  await db
    .updateTable('cases')
    .set({
      ...(fields.assigneeId !== undefined && { assignee_id: fields.assigneeId }),
      ...(fields.status !== undefined && { status: fields.status }),
      updated_at: fields.updatedAt,
    })
    .where('id', '=', caseId)
    .execute();
}

export async function insertCaseEvent(
  db: Kysely<Schema>,
  event: { caseId: number; at: string; actor: string; kind: string; detail?: unknown },
): Promise<void> {
  await db
    .insertInto('case_events')
    .values({
      case_id: event.caseId,
      at: event.at,
      actor: event.actor,
      kind: event.kind,
      detail: event.detail === undefined ? null : JSON.stringify(event.detail),
    })
    .execute();
}

export async function selectCaseEvents(db: Kysely<Schema>, caseId: number) {
  const rows = await db
    .selectFrom('case_events')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    id: Number(row.id),
    at: row.at,
    actor: row.actor,
    kind: row.kind,
    detail: row.detail,
  }));
}

/** Selects the indicators of a case with their listing, if any, for the case page. */
export async function selectCaseIndicators(db: Kysely<Schema>, caseId: number) {
  const rows = await db
    .selectFrom('case_indicators')
    .innerJoin('indicators', 'indicators.id', 'case_indicators.indicator_id')
    .leftJoin('listings', 'listings.indicator_id', 'indicators.id')
    .select([
      'indicators.id',
      'indicators.kind',
      'indicators.value',
      'indicators.host',
      'indicators.registrable_domain',
      'indicators.first_seen',
      'indicators.last_seen',
      'listings.status as listing_status',
      'listings.category as listing_category',
      'listings.decided_by as listing_decided_by',
    ])
    .where('case_indicators.case_id', '=', caseId)
    .orderBy('indicators.id')
    .execute();
  return rows.map((row) => ({
    id: Number(row.id),
    kind: row.kind,
    value: row.value,
    host: row.host,
    registrableDomain: row.registrable_domain,
    firstSeen: row.first_seen,
    lastSeen: row.last_seen,
    listingStatus: row.listing_status,
    listingCategory: row.listing_category,
    listingDecidedBy: row.listing_decided_by,
  }));
}

export async function selectProvenanceOf(db: Kysely<Schema>, indicatorIds: readonly number[]) {
  const rows: {
    indicatorId: number;
    name: string;
    category: string | null;
    tlp: string;
    firstSeen: string;
    lastSeen: string;
  }[] = [];
  for (const chunk of chunks(indicatorIds)) {
    const found = await db
      .selectFrom('provenance')
      .selectAll()
      .where('indicator_id', 'in', chunk)
      .orderBy('first_seen')
      .execute();
    rows.push(
      ...found.map((row) => ({
        indicatorId: Number(row.indicator_id),
        name: row.name,
        category: row.category,
        tlp: row.tlp,
        firstSeen: row.first_seen,
        lastSeen: row.last_seen,
      })),
    );
  }
  return rows;
}

export async function selectCaseReports(db: Kysely<Schema>, caseId: number) {
  const rows = await db
    .selectFrom('reports')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((row) => ({ ...row, id: Number(row.id) }));
}

export async function selectReportIndicatorLinks(db: Kysely<Schema>, reportIds: readonly number[]) {
  const rows: { reportId: number; indicatorId: number; entered: string }[] = [];
  for (const chunk of chunks(reportIds)) {
    const found = await db
      .selectFrom('report_indicators')
      .selectAll()
      .where('report_id', 'in', chunk)
      .execute();
    rows.push(
      ...found.map((row) => ({
        reportId: Number(row.report_id),
        indicatorId: Number(row.indicator_id),
        entered: row.entered,
      })),
    );
  }
  return rows;
}

export async function selectEvidenceOfReports(db: Kysely<Schema>, reportIds: readonly number[]) {
  const rows: {
    id: number;
    ownerId: number;
    mediaType: string;
    width: number | null;
    height: number | null;
  }[] = [];
  for (const chunk of chunks(reportIds)) {
    const found = await db
      .selectFrom('evidence')
      .select(['id', 'owner_id', 'media_type', 'width', 'height'])
      .where('owner_type', '=', 'report')
      .where('owner_id', 'in', chunk)
      .orderBy('id')
      .execute();
    rows.push(
      ...found.map((row) => ({
        id: Number(row.id),
        ownerId: Number(row.owner_id),
        mediaType: row.media_type,
        width: row.width,
        height: row.height,
      })),
    );
  }
  return rows;
}

export async function selectKeysOfCase(db: Kysely<Schema>, caseId: number) {
  const rows = await db
    .selectFrom('source_keys')
    .innerJoin('case_indicators', 'case_indicators.indicator_id', 'source_keys.indicator_id')
    .leftJoin('common_keys', 'common_keys.key', 'source_keys.key')
    .select([
      'source_keys.key',
      'source_keys.origin',
      'common_keys.reason as common_reason',
      sql<number>`count(*)`.as('indicators'),
    ])
    .where('case_indicators.case_id', '=', caseId)
    .groupBy(['source_keys.key', 'source_keys.origin', 'common_keys.reason'])
    .orderBy('source_keys.key')
    .execute();
  return rows.map((row) => ({
    key: row.key,
    origin: row.origin,
    common: row.common_reason !== null,
    indicators: Number(row.indicators),
  }));
}

export async function selectCommonKeyPage(db: Kysely<Schema>, limit: number, afterKey?: string) {
  let query = db.selectFrom('common_keys').selectAll().orderBy('key').limit(limit);
  if (afterKey !== undefined) {
    query = query.where('key', '>', afterKey);
  }
  const rows = await query.execute();
  return rows.map((row) => ({
    key: row.key,
    reason: row.reason,
    caseCount: Number(row.case_count),
    createdAt: row.created_at,
  }));
}

/** Categories named for `indicatorIds`: by reports first, then by feeds, most named first. */
export async function selectCategoryVotes(
  db: Kysely<Schema>,
  indicatorIds: readonly number[],
): Promise<{ reported: Map<string, number>; fed: Map<string, number> }> {
  const reported = new Map<string, number>();
  const fed = new Map<string, number>();
  for (const chunk of chunks(indicatorIds)) {
    const fromReports = await db
      .selectFrom('report_indicators')
      .innerJoin('reports', 'reports.id', 'report_indicators.report_id')
      .select(['reports.category', sql<number>`count(*)`.as('votes')])
      .where('report_indicators.indicator_id', 'in', chunk)
      .groupBy('reports.category')
      .execute();
    for (const row of fromReports) {
      reported.set(row.category, (reported.get(row.category) ?? 0) + Number(row.votes));
    }
    const fromFeeds = await db
      .selectFrom('provenance')
      .select(['category', sql<number>`count(*)`.as('votes')])
      .where('indicator_id', 'in', chunk)
      .where('category', 'is not', null)
      .groupBy('category')
      .execute();
    for (const row of fromFeeds) {
      fed.set(row.category!, (fed.get(row.category!) ?? 0) + Number(row.votes));
    }
  }
  return { reported, fed };
}

/** Selects the ids among `indicatorIds` that some report names. */
export async function selectReportedIndicatorIds(
  db: Kysely<Schema>,
  indicatorIds: readonly number[],
): Promise<Set<number>> {
  const reported = new Set<number>();
  for (const chunk of chunks(indicatorIds)) {
    const rows = await db
      .selectFrom('report_indicators')
      .select('indicator_id')
      .where('indicator_id', 'in', chunk)
      .distinct()
      .execute();
    for (const row of rows) {
      reported.add(Number(row.indicator_id));
    }
  }
  return reported;
}
