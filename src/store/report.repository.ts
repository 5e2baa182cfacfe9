import type { Kysely } from 'kysely';

import type { Schema } from './schema.ts';

/** The provenance name of indicators that members of the public reported. */
export const PUBLIC_REPORT_SOURCE = 'public-report';

/**
 * The marking of report provenance: reports are unverified and may identify
 * the reporter's situation, so they are for the team and its partners only.
 */
export const PUBLIC_REPORT_TLP = 'TLP:AMBER';

export interface ReportedIndicatorRow {
  readonly kind: string;
  readonly value: string;
  readonly host: string | null;
  readonly registrableDomain: string | null;
}

export interface ProvenanceOptions {
  readonly category: string;
  readonly now: string;
  /** The provenance name; `public-report` by default. */
  readonly source?: string;
  /** The provenance marking; TLP:AMBER by default. */
  readonly tlp?: string;
}

/**
 * Upserts indicators with their provenance through `trx` and returns their
 * ids in input order. Unlike the bulk import path (`upsertIndicatorBatch`,
 * which runs its own transaction) this runs inside the caller's, so a report
 * and its indicators commit together.
 */
export async function upsertReportedIndicators(
  trx: Kysely<Schema>,
  rows: readonly ReportedIndicatorRow[],
  options: ProvenanceOptions,
): Promise<number[]> {
  const ids: number[] = [];
  for (const row of rows) {
    const written = await trx
      .insertInto('indicators')
      .values({
        kind: row.kind,
        value: row.value,
        host: row.host,
        registrable_domain: row.registrableDomain,
        first_seen: options.now,
        last_seen: options.now,
      })
      .onConflict((conflict) =>
        conflict.columns(['kind', 'value']).doUpdateSet({ last_seen: options.now }),
      )
      .returning('id')
      .executeTakeFirstOrThrow();
    const id = Number(written.id);
    await trx
      .insertInto('provenance')
      .values({
        indicator_id: id,
        name: options.source ?? PUBLIC_REPORT_SOURCE,
        category: options.category,
        tlp: options.tlp ?? PUBLIC_REPORT_TLP,
        first_seen: options.now,
        last_seen: options.now,
      })
      .onConflict((conflict) =>
        conflict.columns(['indicator_id', 'name']).doUpdateSet({ last_seen: options.now }),
      )
      .execute();
    ids.push(id);
  }
  return ids;
}

export interface NewReportRow {
  readonly receipt: string;
  readonly category: string;
  readonly channel: string;
  readonly seenAt: string | null;
  readonly description: string;
  readonly messageText: string | null;
  readonly moneyLost: boolean;
  readonly amountLost: number | null;
  readonly language: string;
  readonly contactEncrypted: string | null;
  readonly reporterHash: string | null;
  readonly reporterHashExpiresAt: string | null;
  readonly now: string;
}

export async function insertReport(trx: Kysely<Schema>, row: NewReportRow): Promise<number> {
  const inserted = await trx
    .insertInto('reports')
    .values({
      receipt: row.receipt,
      status: 'received',
      category: row.category,
      channel: row.channel,
      seen_at: row.seenAt,
      description: row.description,
      message_text: row.messageText,
      money_lost: row.moneyLost ? 1 : 0,
      amount_lost: row.amountLost,
      language: row.language,
      contact_encrypted: row.contactEncrypted,
      reporter_hash: row.reporterHash,
      reporter_hash_expires_at: row.reporterHashExpiresAt,
      case_id: null,
      created_at: row.now,
      updated_at: row.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(inserted.id);
}

/** Links indicators to a report; links that exist already are kept as they are. */
export async function insertReportIndicators(
  trx: Kysely<Schema>,
  reportId: number,
  links: readonly { readonly indicatorId: number; readonly entered: string }[],
): Promise<void> {
  if (links.length === 0) {
    return;
  }
  await trx
    .insertInto('report_indicators')
    .values(
      links.map((link) => ({
        report_id: reportId,
        indicator_id: link.indicatorId,
        entered: link.entered,
      })),
    )
    .onConflict((conflict) => conflict.columns(['report_id', 'indicator_id']).doNothing())
    .execute();
}

export async function insertReportEvent(
  trx: Kysely<Schema>,
  event: {
    readonly reportId: number;
    readonly status: string;
    readonly publicNote: string | null;
    readonly now: string;
  },
): Promise<void> {
  await trx
    .insertInto('report_events')
    .values({
      report_id: event.reportId,
      status: event.status,
      public_note: event.publicNote,
      created_at: event.now,
    })
    .execute();
}

/**
 * Returns the id of the earliest report since `since` from the reporter with
 * `reporterHash` that names any of `indicatorIds`, or undefined.
 */
export async function selectEarlierReportFromReporter(
  db: Kysely<Schema>,
  reporterHash: string,
  indicatorIds: readonly number[],
  since: string,
): Promise<{ id: number; receipt: string } | undefined> {
  if (indicatorIds.length === 0) {
    return undefined;
  }
  // A cross join makes SQLite start from the indicators, which few reports
  // share, instead of the reporter hash, which every report from a shared
  // address (a carrier's NAT) has. PostgreSQL plans it as an inner join.
  const row = await db
    .selectFrom('report_indicators')
    .crossJoin('reports')
    .whereRef('reports.id', '=', 'report_indicators.report_id')
    .select(['reports.id', 'reports.receipt'])
    .where('reports.reporter_hash', '=', reporterHash)
    .where('reports.created_at', '>=', since)
    .where('report_indicators.indicator_id', 'in', [...indicatorIds])
    .orderBy('reports.id')
    .limit(1)
    .executeTakeFirst();
  return row === undefined ? undefined : { id: Number(row.id), receipt: row.receipt };
}

/** The text and loss of a repeated report, added to the first one. */
export interface ReportAddition {
  readonly description: string;
  readonly messageText: string | null;
  readonly moneyLost: boolean;
  readonly amountLost: number | null;
  readonly now: string;
}

/**
 * Appends the description and message of a repeated report to the first
 * report, unless the first already contains the same text.
 */
export async function appendToReport(
  trx: Kysely<Schema>,
  reportId: number,
  addition: ReportAddition,
): Promise<void> {
  const current = await trx
    .selectFrom('reports')
    .select(['description', 'message_text', 'money_lost', 'amount_lost'])
    .where('id', '=', reportId)
    .executeTakeFirstOrThrow();
  await trx
    .updateTable('reports')
    .set(joinReportAddition(current, addition))
    .where('id', '=', reportId)
    .execute();
}

/** Returns the columns of a report after `addition` joined it. */
export function joinReportAddition(
  current: {
    readonly description: string;
    readonly message_text: string | null;
    readonly money_lost: number;
    readonly amount_lost: number | null;
  },
  addition: ReportAddition,
) {
  return {
    description: joinDistinct(current.description, addition.description)!,
    message_text: joinDistinct(current.message_text, addition.messageText),
    money_lost: current.money_lost === 1 || addition.moneyLost ? 1 : 0,
    amount_lost: Math.max(current.amount_lost ?? 0, addition.amountLost ?? 0) || null,
    updated_at: addition.now,
  };
}

function joinDistinct(earlier: string | null, later: string | null): string | null {
  if (later === null || earlier === later || (earlier ?? '').includes(later)) {
    return earlier;
  }
  return earlier === null || earlier === '' ? later : `${earlier}\n\n${later}`;
}

/**
 * Returns, for each of `indicatorIds` reported since `since`, how many
 * reports named it, as the largest of those counts.
 */
export async function countRecentReportsNaming(
  db: Kysely<Schema>,
  indicatorIds: readonly number[],
  since: string,
): Promise<number> {
  if (indicatorIds.length === 0) {
    return 0;
  }
  const rows = await db
    .selectFrom('report_indicators')
    .innerJoin('reports', 'reports.id', 'report_indicators.report_id')
    .select((eb) => ['report_indicators.indicator_id', eb.fn.countAll<number>().as('reports')])
    .where('report_indicators.indicator_id', 'in', [...indicatorIds])
    .where('reports.created_at', '>=', since)
    .groupBy('report_indicators.indicator_id')
    .execute();
  return rows.reduce((max, row) => Math.max(max, Number(row.reports)), 0);
}

/** Returns the ids of the indicators that exist among `rows`, keyed `kind\nvalue`. */
export async function selectIndicatorIds(
  db: Kysely<Schema>,
  rows: readonly { readonly kind: string; readonly value: string }[],
): Promise<number[]> {
  if (rows.length === 0) {
    return [];
  }
  const found = await db
    .selectFrom('indicators')
    .select('id')
    .where((eb) =>
      eb.or(rows.map((row) => eb.and([eb('kind', '=', row.kind), eb('value', '=', row.value)]))),
    )
    .execute();
  return found.map((row) => Number(row.id));
}

/** The part of a report the public may see, without contact, reporter or indicator details. */
export interface PublicReportRow {
  readonly id: number;
  readonly receipt: string;
  readonly status: string;
  readonly category: string;
  readonly channel: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly events: readonly {
    readonly status: string;
    readonly publicNote: string | null;
    readonly at: string;
  }[];
}

export async function selectPublicReport(
  db: Kysely<Schema>,
  receipt: string,
): Promise<PublicReportRow | undefined> {
  const report = await db
    .selectFrom('reports')
    .select(['id', 'receipt', 'status', 'category', 'channel', 'created_at', 'updated_at'])
    .where('receipt', '=', receipt)
    .executeTakeFirst();
  if (report === undefined) {
    return undefined;
  }
  const events = await db
    .selectFrom('report_events')
    .select(['status', 'public_note', 'created_at'])
    .where('report_id', '=', report.id)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return {
    id: Number(report.id),
    receipt: report.receipt,
    status: report.status,
    category: report.category,
    channel: report.channel,
    createdAt: report.created_at,
    updatedAt: report.updated_at,
    events: events.map((event) => ({
      status: event.status,
      publicNote: event.public_note,
      at: event.created_at,
    })),
  };
}

/** Forgets reporter hashes whose time is up, so old reports cannot be tied to an address. */
export async function clearExpiredReporterHashes(db: Kysely<Schema>, now: string): Promise<number> {
  const result = await db
    .updateTable('reports')
    .set({ reporter_hash: null, reporter_hash_expires_at: null })
    .where('reporter_hash_expires_at', '<=', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Deletes spent challenges that have expired, since they can no longer be replayed. */
export async function deleteExpiredChallenges(db: Kysely<Schema>, now: string): Promise<void> {
  await db.deleteFrom('spent_challenges').where('expires_at', '<=', now).execute();
}

/**
 * Records a solved proof-of-work challenge as spent. Returns false when it
 * was spent before, which means the solution is being replayed.
 */
export async function spendChallenge(
  trx: Kysely<Schema>,
  signature: string,
  expiresAt: string,
): Promise<boolean> {
  const inserted = await trx
    .insertInto('spent_challenges')
    .values({ signature, expires_at: expiresAt })
    .onConflict((conflict) => conflict.column('signature').doNothing())
    .returning('signature')
    .executeTakeFirst();
  return inserted !== undefined;
}
