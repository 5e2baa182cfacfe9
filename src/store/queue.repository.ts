import { type ExpressionBuilder, type Kysely, sql } from 'kysely';

import type { Schema } from './schema.ts';

export type QueueSort = 'newest' | 'oldest' | 'score';

export interface QueueFilters {
  /** One status at a time, so the page walks one index in order. */
  readonly status: string;
  readonly category?: string;
  /** Only items with an indicator of this kind. */
  readonly kind?: string;
  /** Only items with an indicator this feed named. */
  readonly feed?: string;
  /** Only items with a report from this channel. */
  readonly channel?: string;
  /** Only items created at or after this time. */
  readonly createdAfter?: string;
  readonly minScore?: number;
  /** A user id, or `none` for unassigned. Reports are never assigned. */
  readonly assignee?: number | 'none';
}

/** The position where the last page ended: its sort value, item type and id. */
export interface QueueCursor {
  readonly value: string | number;
  readonly type: 'case' | 'report';
  readonly id: number;
}

export interface QueueItem {
  readonly type: 'case' | 'report';
  readonly id: number;
  readonly status: string;
  readonly category: string;
  readonly title: string;
  readonly score: number;
  readonly assigneeId: number | null;
  readonly assigneeEmail: string | null;
  readonly createdAt: string;
  readonly reportCount: number;
  readonly indicatorCount: number;
  readonly channel: string | null;
}

/** Case and report statuses that the queue offers, one per tab. */
export const CASE_STATUSES = ['open', 'needs_info', 'confirmed', 'rejected', 'closed'] as const;
export const REPORT_STATUSES = [
  'received',
  'in_review',
  'needs_info',
  'confirmed',
  'rejected',
  'closed',
];

/** Report statuses listed beside each case status tab, for reports no case contains yet. */
const REPORT_STATUS_FOR: Readonly<Record<string, string>> = {
  open: 'received',
  needs_info: 'needs_info',
  confirmed: 'confirmed',
  rejected: 'rejected',
  closed: 'closed',
};

/** Cases sort before reports at an equal sort value. */
const TYPE_RANK = { case: 1, report: 0 } as const;

function sortColumn(sort: QueueSort, type: 'case' | 'report'): 'created_at' | 'score' | 'id' {
  if (sort !== 'score') {
    return 'created_at';
  }
  return type === 'case' ? 'score' : 'id';
}

/**
 * Builds the keyset condition for one table, given the cursor in the merged order
 * (sort value, type rank, id), descending unless `ascending`.
 */
function afterCursor(
  cursor: QueueCursor,
  type: 'case' | 'report',
  column: string,
  ascending: boolean,
) {
  const beyond = ascending ? '>' : '<';
  const rank = TYPE_RANK[type];
  const cursorRank = TYPE_RANK[cursor.type];
  // Reports sorted by score have the score 0 and go by id, after every case of a score of 0 or more.
  if (column.endsWith('.id')) {
    if (cursor.type === 'case') {
      const follows = ascending ? 0 > Number(cursor.value) : 0 <= Number(cursor.value);
      return sql<boolean>`${sql.lit(follows ? 1 : 0)} = 1`;
    }
    return sql<boolean>`${sql.ref(column)} ${sql.raw(beyond)} ${cursor.id}`;
  }
  const value = cursor.value;
  const col = sql.ref(column);
  const idColumn = sql.ref(column.replace(/\.\w+$/, '.id'));
  const sameValueFollows = ascending ? rank > cursorRank : rank < cursorRank;
  if (rank === cursorRank) {
    return sql<boolean>`(${col} ${sql.raw(beyond)} ${value} or (${col} = ${value} and ${idColumn} ${sql.raw(beyond)} ${cursor.id}))`;
  }
  return sameValueFollows
    ? sql<boolean>`${col} ${sql.raw(ascending ? '>=' : '<=')} ${value}`
    : sql<boolean>`${col} ${sql.raw(beyond)} ${value}`;
}

function caseHasIndicator(eb: ExpressionBuilder<Schema, 'cases'>, filters: QueueFilters) {
  let query = eb
    .selectFrom('case_indicators')
    .innerJoin('indicators', 'indicators.id', 'case_indicators.indicator_id')
    .select(sql.lit(1).as('one'))
    .whereRef('case_indicators.case_id', '=', 'cases.id');
  if (filters.kind !== undefined) {
    query = query.where('indicators.kind', '=', filters.kind);
  }
  if (filters.feed !== undefined) {
    query = query.where((inner) =>
      inner.exists(
        inner
          .selectFrom('provenance')
          .select(sql.lit(1).as('one'))
          .whereRef('provenance.indicator_id', '=', 'indicators.id')
          .where('provenance.name', '=', filters.feed!),
      ),
    );
  }
  return eb.exists(query);
}

async function selectCasePage(
  db: Kysely<Schema>,
  filters: QueueFilters,
  sort: QueueSort,
  cursor: QueueCursor | undefined,
  limit: number,
): Promise<QueueItem[]> {
  const column = sortColumn(sort, 'case');
  const ascending = sort === 'oldest';
  const direction = ascending ? 'asc' : 'desc';
  let query = db
    .selectFrom('cases')
    .leftJoin('users', 'users.id', 'cases.assignee_id')
    .select([
      'cases.id',
      'cases.status',
      'cases.category',
      'cases.title',
      'cases.score',
      'cases.assignee_id',
      'users.email as assignee_email',
      'cases.created_at',
      (eb) =>
        eb
          .selectFrom('reports')
          .select(eb.fn.countAll<number>().as('count'))
          .whereRef('reports.case_id', '=', 'cases.id')
          .as('report_count'),
      (eb) =>
        eb
          .selectFrom('case_indicators')
          .select(eb.fn.countAll<number>().as('count'))
          .whereRef('case_indicators.case_id', '=', 'cases.id')
          .as('indicator_count'),
    ])
    .where('cases.status', '=', filters.status);
  if (filters.category !== undefined) {
    query = query.where('cases.category', '=', filters.category);
  }
  if (filters.kind !== undefined || filters.feed !== undefined) {
    query = query.where((eb) => caseHasIndicator(eb, filters));
  }
  if (filters.channel !== undefined) {
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('reports')
          .select(sql.lit(1).as('one'))
          .whereRef('reports.case_id', '=', 'cases.id')
          .where('reports.channel', '=', filters.channel!),
      ),
    );
  }
  if (filters.createdAfter !== undefined) {
    query = query.where('cases.created_at', '>=', filters.createdAfter);
  }
  if (filters.minScore !== undefined) {
    query = query.where('cases.score', '>=', filters.minScore);
  }
  if (filters.assignee === 'none') {
    query = query.where('cases.assignee_id', 'is', null);
  } else if (filters.assignee !== undefined) {
    query = query.where('cases.assignee_id', '=', filters.assignee);
  }
  if (cursor !== undefined) {
    query = query.where(afterCursor(cursor, 'case', `cases.${column}`, ascending));
  }
  const rows = await query
    .orderBy(`cases.${column}`, direction)
    .orderBy('cases.id', direction)
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    type: 'case',
    id: Number(row.id),
    status: row.status,
    category: row.category,
    title: row.title,
    score: Number(row.score),
    assigneeId: row.assignee_id === null ? null : Number(row.assignee_id),
    assigneeEmail: row.assignee_email,
    createdAt: row.created_at,
    reportCount: Number(row.report_count ?? 0),
    indicatorCount: Number(row.indicator_count ?? 0),
    channel: null,
  }));
}

async function selectReportPage(
  db: Kysely<Schema>,
  filters: QueueFilters,
  sort: QueueSort,
  cursor: QueueCursor | undefined,
  limit: number,
): Promise<QueueItem[]> {
  const reportStatus = REPORT_STATUS_FOR[filters.status];
  // Reports have no score and no assignee, so those filters leave only cases.
  if (
    reportStatus === undefined ||
    (filters.minScore !== undefined && filters.minScore > 0) ||
    filters.assignee !== undefined ||
    filters.feed !== undefined
  ) {
    return [];
  }
  const column = sortColumn(sort, 'report');
  const ascending = sort === 'oldest';
  const direction = ascending ? 'asc' : 'desc';
  let query = db
    .selectFrom('reports')
    .select([
      'reports.id',
      'reports.status',
      'reports.category',
      'reports.description',
      'reports.channel',
      'reports.created_at',
      (eb) =>
        eb
          .selectFrom('report_indicators')
          .select(eb.fn.countAll<number>().as('count'))
          .whereRef('report_indicators.report_id', '=', 'reports.id')
          .as('indicator_count'),
    ])
    .where('reports.case_id', 'is', null)
    .where('reports.status', '=', reportStatus);
  if (filters.category !== undefined) {
    query = query.where('reports.category', '=', filters.category);
  }
  if (filters.channel !== undefined) {
    query = query.where('reports.channel', '=', filters.channel);
  }
  if (filters.kind !== undefined) {
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('report_indicators')
          .innerJoin('indicators', 'indicators.id', 'report_indicators.indicator_id')
          .select(sql.lit(1).as('one'))
          .whereRef('report_indicators.report_id', '=', 'reports.id')
          .where('indicators.kind', '=', filters.kind!),
      ),
    );
  }
  if (filters.createdAfter !== undefined) {
    query = query.where('reports.created_at', '>=', filters.createdAfter);
  }
  if (cursor !== undefined) {
    query = query.where(afterCursor(cursor, 'report', `reports.${column}`, ascending));
  }
  if (column === 'created_at') {
    query = query.orderBy('reports.created_at', direction);
  }
  const rows = await query.orderBy('reports.id', direction).limit(limit).execute();
  return rows.map((row) => ({
    type: 'report',
    id: Number(row.id),
    status: row.status,
    category: row.category,
    title: row.description,
    score: 0,
    assigneeId: null,
    assigneeEmail: null,
    createdAt: row.created_at,
    reportCount: 1,
    indicatorCount: Number(row.indicator_count ?? 0),
    channel: row.channel,
  }));
}

function sortValueOf(item: QueueItem, sort: QueueSort): string | number {
  return sort === 'score' ? item.score : item.createdAt;
}

function compareItems(a: QueueItem, b: QueueItem, sort: QueueSort): number {
  const ascending = sort === 'oldest';
  const av = sortValueOf(a, sort);
  const bv = sortValueOf(b, sort);
  let order = 0;
  if (av < bv) {
    order = -1;
  } else if (av > bv) {
    order = 1;
  }
  if (order === 0) {
    order = TYPE_RANK[a.type] - TYPE_RANK[b.type];
  }
  if (order === 0) {
    order = a.id - b.id;
  }
  return ascending ? order : -order;
}

/**
 * Returns one page of the queue: cases and the reports no case contains yet,
 * merged in one order, each table read by keyset from its own index. Returns
 * the cursor of the next page, or undefined on the last page.
 */
export async function selectQueuePage(
  db: Kysely<Schema>,
  filters: QueueFilters,
  sort: QueueSort,
  cursor: QueueCursor | undefined,
  limit: number,
): Promise<{ items: QueueItem[]; next: QueueCursor | undefined }> {
  const cases = await selectCasePage(db, filters, sort, cursor, limit + 1);
  const reports = await selectReportPage(db, filters, sort, cursor, limit + 1);
  const merged = [...cases, ...reports].sort((a, b) => compareItems(a, b, sort));
  const items = merged.slice(0, limit);
  const last = items[items.length - 1];
  const next =
    merged.length > limit && last !== undefined
      ? { value: sortValueOf(last, sort), type: last.type, id: last.id }
      : undefined;
  return { items, next };
}

/** Counts cases by status, and reports no case contains by the status tab they show under. */
export async function countQueueByStatus(db: Kysely<Schema>): Promise<Map<string, number>> {
  const counts = new Map<string, number>(CASE_STATUSES.map((status) => [status, 0]));
  const cases = await db
    .selectFrom('cases')
    .select(['status', (eb) => eb.fn.countAll<number>().as('count')])
    .where('status', '<>', 'merged')
    .groupBy('status')
    .execute();
  for (const row of cases) {
    counts.set(row.status, (counts.get(row.status) ?? 0) + Number(row.count));
  }
  const reports = await db
    .selectFrom('reports')
    .select(['status', (eb) => eb.fn.countAll<number>().as('count')])
    .where('case_id', 'is', null)
    .groupBy('status')
    .execute();
  for (const row of reports) {
    const tab = Object.entries(REPORT_STATUS_FOR).find(([, status]) => status === row.status)?.[0];
    if (tab !== undefined) {
      counts.set(tab, (counts.get(tab) ?? 0) + Number(row.count));
    }
  }
  return counts;
}
