import type SqliteDatabase from 'better-sqlite3';
import type { Kysely } from 'kysely';

import { type AuditEntryInput, appendAuditEntry, auditEntryRow } from './audit.repository.ts';
import type { Database } from './database.ts';
import type { Dialect } from './dialect.ts';
import { insertJob, type NewJobRow } from './job.repository.ts';
import {
  appendToReport,
  countRecentReportsNaming,
  insertReport,
  insertReportEvent,
  insertReportIndicators,
  joinReportAddition,
  type NewReportRow,
  type ProvenanceOptions,
  PUBLIC_REPORT_SOURCE,
  PUBLIC_REPORT_TLP,
  type ReportAddition,
  type ReportedIndicatorRow,
  selectEarlierReportFromReporter,
  spendChallenge,
  upsertReportedIndicators,
} from './report.repository.ts';
import type { Schema } from './schema.ts';

/** A value or a promise of it. The SQLite writer returns plain values. */
export type Awaitable<T> = T | Promise<T>;

/**
 * The writes of one public report, all inside one transaction. On SQLite the
 * hot statements are prepared once per connection; on PostgreSQL every method
 * runs the Kysely query of report.repository.ts.
 */
export interface ReportWriter {
  /** The transaction itself, for writes that have no method here. */
  readonly executor: Kysely<Schema>;
  spendChallenge(signature: string, expiresAt: string): Awaitable<boolean>;
  upsertReportedIndicators(
    rows: readonly ReportedIndicatorRow[],
    options: ProvenanceOptions,
  ): Awaitable<number[]>;
  countRecentReportsNaming(indicatorIds: readonly number[], since: string): Awaitable<number>;
  selectEarlierReportFromReporter(
    reporterHash: string,
    indicatorIds: readonly number[],
    since: string,
  ): Awaitable<{ id: number; receipt: string } | undefined>;
  appendToReport(reportId: number, addition: ReportAddition): Awaitable<void>;
  insertReport(row: NewReportRow): Awaitable<number>;
  insertReportEvent(event: { reportId: number; status: string; now: string }): Awaitable<void>;
  insertReportIndicators(
    reportId: number,
    links: readonly { readonly indicatorId: number; readonly entered: string }[],
  ): Awaitable<void>;
  appendAuditEntry(input: AuditEntryInput): Awaitable<number>;
  insertJob(row: NewJobRow): Awaitable<number>;
}

/**
 * Runs `write` in one transaction and commits when it resolves; a rejection
 * rolls everything back. On SQLite the transaction starts IMMEDIATE while
 * Kysely's connection is held, so no Kysely transaction interleaves with it.
 */
export async function runReportTransaction<T>(
  database: Pick<Database, 'db' | 'dialect' | 'sqlite'>,
  write: (writer: ReportWriter) => Promise<T>,
): Promise<T> {
  const { sqlite } = database;
  if (sqlite === undefined) {
    return database.db
      .transaction()
      .execute((trx) => write(kyselyReportWriter(trx, database.dialect)));
  }
  return database.db.connection().execute(async (connection) => {
    const statements = statementsFor(sqlite);
    statements.begin.run();
    try {
      const result = await write(new SqliteReportWriter(statements, connection));
      // TODO: checkpoint the WAL off the request thread. The commit that passes 1,000 pages
      // now runs the checkpoint and its fsyncs.
      statements.commit.run();
      return result;
    } catch (error) {
      if (sqlite.inTransaction) {
        statements.rollback.run();
      }
      throw error;
    }
  });
}

function kyselyReportWriter(trx: Kysely<Schema>, dialect: Dialect): ReportWriter {
  return {
    executor: trx,
    spendChallenge: (signature, expiresAt) => spendChallenge(trx, signature, expiresAt),
    upsertReportedIndicators: (rows, options) => upsertReportedIndicators(trx, rows, options),
    countRecentReportsNaming: (ids, since) => countRecentReportsNaming(trx, ids, since),
    selectEarlierReportFromReporter: (hash, ids, since) =>
      selectEarlierReportFromReporter(trx, hash, ids, since),
    appendToReport: (reportId, addition) => appendToReport(trx, reportId, addition),
    insertReport: (row) => insertReport(trx, row),
    insertReportEvent: (event) => insertReportEvent(trx, { ...event, publicNote: null }),
    insertReportIndicators: (reportId, links) => insertReportIndicators(trx, reportId, links),
    appendAuditEntry: (input) => appendAuditEntry(trx, dialect, input),
    insertJob: (row) => insertJob(trx, row),
  };
}

type SqliteHandle = NonNullable<Database['sqlite']>;

/** The statements of `prepareStatements`, plus the IN-list queries by list length. */
type Statements = ReturnType<typeof prepareStatements> & {
  readonly sqlite: SqliteHandle;
  readonly byLength: Map<string, SqliteDatabase.Statement<unknown[], unknown>>;
};

const cachedStatements = new WeakMap<SqliteHandle, Statements>();

function statementsFor(sqlite: SqliteHandle): Statements {
  let statements = cachedStatements.get(sqlite);
  if (statements === undefined) {
    statements = { ...prepareStatements(sqlite), sqlite, byLength: new Map() };
    cachedStatements.set(sqlite, statements);
  }
  return statements;
}

// The same statements as the Kysely queries in report.repository.ts,
// audit.repository.ts and job.repository.ts, written once for SQLite.
function prepareStatements(sqlite: SqliteHandle) {
  return {
    begin: sqlite.prepare('begin immediate'),
    commit: sqlite.prepare('commit'),
    rollback: sqlite.prepare('rollback'),
    spendChallenge: sqlite.prepare(`insert into spent_challenges (signature, expires_at)
      values (?, ?) on conflict (signature) do nothing`),
    upsertIndicator: sqlite.prepare<unknown[], { id: number }>(`insert into indicators
      (kind, value, host, registrable_domain, first_seen, last_seen) values (?, ?, ?, ?, ?, ?)
      on conflict (kind, value) do update set last_seen = excluded.last_seen returning id`),
    upsertProvenance: sqlite.prepare(`insert into provenance
      (indicator_id, name, category, tlp, first_seen, last_seen) values (?, ?, ?, ?, ?, ?)
      on conflict (indicator_id, name) do update set last_seen = excluded.last_seen`),
    selectReportText: sqlite.prepare<
      [number],
      {
        description: string;
        message_text: string | null;
        money_lost: number;
        amount_lost: number | null;
      }
    >('select description, message_text, money_lost, amount_lost from reports where id = ?'),
    updateReportText: sqlite.prepare(`update reports set description = ?, message_text = ?,
      money_lost = ?, amount_lost = ?, updated_at = ? where id = ?`),
    insertReport: sqlite.prepare(`insert into reports (receipt, status, category, channel,
      seen_at, description, message_text, money_lost, amount_lost, language, contact_encrypted,
      reporter_hash, reporter_hash_expires_at, case_id, created_at, updated_at)
      values (?, 'received', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, null, ?, ?)`),
    insertReportEvent: sqlite.prepare(`insert into report_events
      (report_id, status, public_note, created_at) values (?, ?, null, ?)`),
    insertReportIndicator: sqlite.prepare(`insert into report_indicators
      (report_id, indicator_id, entered) values (?, ?, ?)
      on conflict (report_id, indicator_id) do nothing`),
    lastAuditHash: sqlite
      .prepare<[], string>('select hash from audit_log order by id desc limit 1')
      .pluck(),
    insertAuditEntry: sqlite.prepare(`insert into audit_log
      (at, actor, action, target_type, target_id, before, after, prev_hash, hash)
      values (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    insertJob: sqlite.prepare(`insert into jobs
      (name, payload, status, max_attempts, run_at, created_at, updated_at)
      values (?, ?, ?, ?, ?, ?, ?)`),
  };
}

function placeholders(count: number): string {
  return Array.from({ length: count }, () => '?').join(', ');
}

/** Runs on better-sqlite3 directly, synchronously. */
class SqliteReportWriter implements ReportWriter {
  readonly #statements: Statements;
  readonly executor: Kysely<Schema>;

  constructor(statements: Statements, connection: Kysely<Schema>) {
    this.#statements = statements;
    this.executor = connection;
  }

  spendChallenge(signature: string, expiresAt: string): boolean {
    return this.#statements.spendChallenge.run(signature, expiresAt).changes === 1;
  }

  upsertReportedIndicators(
    rows: readonly ReportedIndicatorRow[],
    options: ProvenanceOptions,
  ): number[] {
    const { upsertIndicator, upsertProvenance } = this.#statements;
    const { category, now } = options;
    return rows.map((row) => {
      const { id } = upsertIndicator.get(
        row.kind,
        row.value,
        row.host,
        row.registrableDomain,
        now,
        now,
      )!;
      const source = options.source ?? PUBLIC_REPORT_SOURCE;
      upsertProvenance.run(id, source, category, options.tlp ?? PUBLIC_REPORT_TLP, now, now);
      return Number(id);
    });
  }

  countRecentReportsNaming(indicatorIds: readonly number[], since: string): number {
    if (indicatorIds.length === 0) {
      return 0;
    }
    const most = this.#byLength(
      'count',
      indicatorIds.length,
      (list) => `
      select coalesce(max(reports), 0) from (
        select count(*) as reports from report_indicators
        inner join reports on reports.id = report_indicators.report_id
        where report_indicators.indicator_id in (${list}) and reports.created_at >= ?
        group by report_indicators.indicator_id)`,
    )
      .pluck()
      .get(...indicatorIds, since);
    return Number(most);
  }

  selectEarlierReportFromReporter(
    reporterHash: string,
    indicatorIds: readonly number[],
    since: string,
  ): { id: number; receipt: string } | undefined {
    if (indicatorIds.length === 0) {
      return undefined;
    }
    // The cross join makes SQLite start from the indicators, as in report.repository.ts.
    const row = this.#byLength(
      'earlier',
      indicatorIds.length,
      (list) => `
      select reports.id, reports.receipt from report_indicators cross join reports
      where reports.id = report_indicators.report_id and reports.reporter_hash = ?
        and reports.created_at >= ? and report_indicators.indicator_id in (${list})
      order by reports.id limit 1`,
    ).get(reporterHash, since, ...indicatorIds) as { id: number; receipt: string } | undefined;
    return row === undefined ? undefined : { id: Number(row.id), receipt: row.receipt };
  }

  appendToReport(reportId: number, addition: ReportAddition): void {
    const current = this.#statements.selectReportText.get(reportId);
    if (current === undefined) {
      throw new Error(`report ${reportId} does not exist`);
    }
    const joined = joinReportAddition(current, addition);
    this.#statements.updateReportText.run(
      joined.description,
      joined.message_text,
      joined.money_lost,
      joined.amount_lost,
      joined.updated_at,
      reportId,
    );
  }

  insertReport(row: NewReportRow): number {
    const inserted = this.#statements.insertReport.run(
      row.receipt,
      row.category,
      row.channel,
      row.seenAt,
      row.description,
      row.messageText,
      row.moneyLost ? 1 : 0,
      row.amountLost,
      row.language,
      row.contactEncrypted,
      row.reporterHash,
      row.reporterHashExpiresAt,
      row.now,
      row.now,
    );
    return Number(inserted.lastInsertRowid);
  }

  insertReportEvent(event: { reportId: number; status: string; now: string }) {
    this.#statements.insertReportEvent.run(event.reportId, event.status, event.now);
  }

  insertReportIndicators(
    reportId: number,
    links: readonly { readonly indicatorId: number; readonly entered: string }[],
  ): void {
    for (const link of links) {
      this.#statements.insertReportIndicator.run(reportId, link.indicatorId, link.entered);
    }
  }

  appendAuditEntry(input: AuditEntryInput): number {
    const { lastAuditHash, insertAuditEntry } = this.#statements;
    const row = auditEntryRow(lastAuditHash.get(), input);
    const inserted = insertAuditEntry.run(
      row.at,
      row.actor,
      row.action,
      row.target_type,
      row.target_id,
      row.before,
      row.after,
      row.prev_hash,
      row.hash,
    );
    return Number(inserted.lastInsertRowid);
  }

  insertJob(row: NewJobRow): number {
    const inserted = this.#statements.insertJob.run(
      row.name,
      row.payload,
      row.status,
      row.max_attempts,
      row.run_at,
      row.created_at,
      row.updated_at,
    );
    return Number(inserted.lastInsertRowid);
  }

  /** Returns the statement `build` writes for an IN list of `length` ids, prepared once. */
  #byLength(
    name: string,
    length: number,
    build: (list: string) => string,
  ): SqliteDatabase.Statement<unknown[], unknown> {
    const key = `${name}:${length}`;
    let statement = this.#statements.byLength.get(key);
    if (statement === undefined) {
      statement = this.#statements.sqlite.prepare(build(placeholders(length)));
      this.#statements.byLength.set(key, statement);
    }
    return statement;
  }
}
