import { type Kysely, sql } from 'kysely';

import type { Period } from '../domain/transparency/period.ts';
import type {
  AppealTimes,
  Counts,
  NoticeTimes,
  TransparencyInput,
} from '../domain/transparency/figures.ts';
import type { Schema } from './schema.ts';

type Db = Kysely<Schema>;

/**
 * Counts what the transparency report shows for `period`, each figure by the
 * time its event happened in [from, to). Notices and appeals come back one
 * row each, because their medians need every duration.
 */
export async function selectTransparencyInput(db: Db, period: Period): Promise<TransparencyInput> {
  const [reportsByCategory, reportsByChannel, decisionsByVerdict, decisionsByBasis, byMode] =
    await Promise.all([
      countReports(db, period, 'category'),
      countReports(db, period, 'channel'),
      countDecisions(db, period, 'verdict'),
      countDecisions(db, period, 'legal_basis'),
      countDecisions(db, period, 'automated'),
    ]);
  const [listings, notices, appealsReceived, appealsDecided] = await Promise.all([
    countListings(db, period),
    selectNoticeTimes(db, period),
    countAppealsReceived(db, period),
    selectAppealTimes(db, period),
  ]);
  return {
    from: period.from,
    to: period.to,
    reportsByCategory,
    reportsByChannel,
    decisionsByVerdict,
    decisionsByBasis,
    decisionsAutomated: byMode['1'] ?? 0,
    decisionsByPerson: byMode['0'] ?? 0,
    ...listings,
    notices,
    appealsReceived,
    appealsDecided,
  };
}

async function countReports(db: Db, period: Period, key: 'category' | 'channel'): Promise<Counts> {
  const rows = await db
    .selectFrom('reports')
    .select([key, (eb) => eb.fn.countAll<number>().as('count')])
    .where('created_at', '>=', period.from)
    .where('created_at', '<', period.to)
    .groupBy(key)
    .execute();
  return toCounts(rows.map((row) => [String(row[key]), row.count]));
}

async function countDecisions(
  db: Db,
  period: Period,
  key: 'verdict' | 'legal_basis' | 'automated',
): Promise<Counts> {
  const rows = await db
    .selectFrom('decisions')
    .select([key, (eb) => eb.fn.countAll<number>().as('count')])
    .where('status', '=', 'effective')
    .where('effective_at', '>=', period.from)
    .where('effective_at', '<', period.to)
    .groupBy(key)
    .execute();
  return toCounts(rows.map((row) => [String(row[key]), row.count]));
}

async function countListings(db: Db, { from, to }: Period) {
  const count = (condition: ReturnType<typeof sql<boolean>>) =>
    sql<number>`sum(case when ${condition} then 1 else 0 end)`;
  const row = await db
    .selectFrom('listings')
    .select([
      count(sql<boolean>`decided_by = 'feed' and listed_at >= ${from} and listed_at < ${to}`).as(
        'feed',
      ),
      count(
        sql<boolean>`listed_at < ${to} and expires_at >= ${to} and (delisted_at is null or delisted_at >= ${to})`,
      ).as('active'),
      count(
        sql<boolean>`expires_at >= ${from} and expires_at < ${to} and (delisted_at is null or delisted_at > expires_at)`,
      ).as('expired'),
      count(sql<boolean>`delisted_at >= ${from} and delisted_at < ${to}`).as('delisted'),
      count(sql<boolean>`taken_down_at >= ${from} and taken_down_at < ${to}`).as('takedowns'),
    ])
    .executeTakeFirstOrThrow();
  return {
    feedListings: Number(row.feed ?? 0),
    listingsActiveAtEnd: Number(row.active ?? 0),
    listingsExpired: Number(row.expired ?? 0),
    listingsDelisted: Number(row.delisted ?? 0),
    takedowns: Number(row.takedowns ?? 0),
  };
}

/** Selects the notices sent in [from, to), with their organisation and response times. */
export async function selectNoticeTimes(db: Db, period: Period): Promise<NoticeTimes[]> {
  const rows = await db
    .selectFrom('notices')
    .innerJoin('organisations', 'organisations.id', 'notices.organisation_id')
    .select([
      'organisations.id',
      'organisations.name',
      'organisations.kind',
      'notices.sent_at',
      'notices.acknowledged_at',
      'notices.actioned_at',
      'notices.declined_at',
    ])
    .where('notices.sent_at', '>=', period.from)
    .where('notices.sent_at', '<', period.to)
    .execute();
  return rows.map((row) => ({
    organisationId: Number(row.id),
    organisationName: row.name,
    organisationKind: row.kind,
    sentAt: row.sent_at!,
    acknowledgedAt: row.acknowledged_at,
    actionedAt: row.actioned_at,
    declinedAt: row.declined_at,
  }));
}

async function countAppealsReceived(db: Db, period: Period): Promise<number> {
  const row = await db
    .selectFrom('appeals')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('created_at', '>=', period.from)
    .where('created_at', '<', period.to)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

async function selectAppealTimes(db: Db, period: Period): Promise<AppealTimes[]> {
  const rows = await db
    .selectFrom('appeals')
    .select(['status', 'created_at', 'decided_at'])
    .where('decided_at', '>=', period.from)
    .where('decided_at', '<', period.to)
    .execute();
  return rows.map((row) => ({
    outcome: row.status,
    createdAt: row.created_at,
    decidedAt: row.decided_at!,
  }));
}

function toCounts(entries: readonly (readonly [string, number | string | bigint])[]): Counts {
  return Object.fromEntries(entries.map(([key, count]) => [key, Number(count)]));
}
