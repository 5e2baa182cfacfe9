import type { Kysely } from 'kysely';

import type { Schema } from './schema.ts';

/** The rows of one case that its score is computed from. */
export interface CaseScoreInputs {
  /** The case's reports: those filed under it and those naming one of its indicators. */
  readonly reports: readonly {
    readonly id: number;
    readonly reporterHash: string | null;
    readonly moneyLost: number;
    readonly amountLost: number | null;
  }[];
  /** Confirmed and rejected counts of other reports by the same reporters. */
  readonly reporterHistory: { readonly confirmed: number; readonly decided: number };
  /**
   * Provenance names of the case's indicators that came through an import (`imports.source`),
   * that is feeds and partner polls, not reports, warnings or one-off commands.
   */
  readonly feedNames: readonly string[];
  readonly lookalikeBrands: number;
  /** RDAP results (JSON) of the case's indicators. */
  readonly rdapResults: readonly string[];
  readonly sharedIndicators: number;
  /** Listing times of indicators outside the case that share a source key with it. */
  readonly sharedListedAt: readonly string[];
  readonly caseCreatedAt: string;
}

/** Reads what `scoreCase` needs for one case, or undefined when the case does not exist. */
export async function selectCaseScoreInputs(
  db: Kysely<Schema>,
  caseId: number,
): Promise<CaseScoreInputs | undefined> {
  const caseRow = await db
    .selectFrom('cases')
    .select('created_at')
    .where('id', '=', caseId)
    .executeTakeFirst();
  if (caseRow === undefined) {
    return undefined;
  }

  const caseIndicatorIds = db
    .selectFrom('case_indicators')
    .select('indicator_id')
    .where('case_id', '=', caseId);
  const reports = await db
    .selectFrom('reports')
    .select(['id', 'reporter_hash', 'money_lost', 'amount_lost'])
    .where((eb) =>
      eb.or([
        eb('case_id', '=', caseId),
        eb(
          'id',
          'in',
          eb
            .selectFrom('report_indicators')
            .select('report_id')
            .where('indicator_id', 'in', caseIndicatorIds),
        ),
      ]),
    )
    .orderBy('id')
    .execute();
  const hashes = [...new Set(reports.flatMap((row) => row.reporter_hash ?? []))];

  return {
    reports: reports.map((row) => ({
      id: Number(row.id),
      reporterHash: row.reporter_hash,
      moneyLost: row.money_lost,
      amountLost: row.amount_lost,
    })),
    reporterHistory: await selectReporterHistory(
      db,
      reports.map((row) => Number(row.id)),
      hashes,
    ),
    feedNames: (
      await db
        .selectFrom('provenance')
        .select('name')
        .distinct()
        .where('indicator_id', 'in', caseIndicatorIds)
        .where('name', 'in', db.selectFrom('imports').select('source'))
        .orderBy('name')
        .execute()
    ).map((row) => row.name),
    lookalikeBrands: await countLookalikeBrands(db, caseId),
    rdapResults: (
      await db
        .selectFrom('enrichment_results')
        .select('result')
        .where('step', '=', 'rdap')
        .where('status', '=', 'ok')
        .where('indicator_id', 'in', caseIndicatorIds)
        .execute()
    ).flatMap((row) => row.result ?? []),
    ...(await selectSharedSources(db, caseId)),
    caseCreatedAt: caseRow.created_at,
  };
}

/** Confirmed and decided counts of the reporters' reports outside this case. */
async function selectReporterHistory(
  db: Kysely<Schema>,
  caseReportIds: readonly number[],
  hashes: readonly string[],
): Promise<CaseScoreInputs['reporterHistory']> {
  if (hashes.length === 0) {
    return { confirmed: 0, decided: 0 };
  }
  const rows = await db
    .selectFrom('reports')
    .select('status')
    .where('reporter_hash', 'in', hashes)
    .where('id', 'not in', [...caseReportIds])
    .where('status', 'in', ['confirmed', 'rejected'])
    .execute();
  const confirmed = rows.filter((row) => row.status === 'confirmed').length;
  return { confirmed, decided: rows.length };
}

async function countLookalikeBrands(db: Kysely<Schema>, caseId: number): Promise<number> {
  const rows = await db
    .selectFrom('lookalike_hits')
    .innerJoin('case_indicators', 'case_indicators.indicator_id', 'lookalike_hits.indicator_id')
    .select('lookalike_hits.brand')
    .distinct()
    .where('case_indicators.case_id', '=', caseId)
    .execute();
  return rows.length;
}

/** Indicators outside the case that share a source key with one inside it. */
async function selectSharedSources(
  db: Kysely<Schema>,
  caseId: number,
): Promise<Pick<CaseScoreInputs, 'sharedIndicators' | 'sharedListedAt'>> {
  const caseKeys = db
    .selectFrom('source_keys')
    .innerJoin('case_indicators', 'case_indicators.indicator_id', 'source_keys.indicator_id')
    .select('source_keys.key')
    .where('case_indicators.case_id', '=', caseId);
  const rows = await db
    .selectFrom('source_keys')
    .leftJoin('case_indicators', 'case_indicators.indicator_id', 'source_keys.indicator_id')
    .leftJoin('listings', 'listings.indicator_id', 'source_keys.indicator_id')
    .select(['source_keys.indicator_id', 'listings.listed_at'])
    .distinct()
    .where('source_keys.key', 'in', caseKeys)
    .where((eb) =>
      eb.or([
        eb('case_indicators.case_id', 'is', null),
        eb('case_indicators.case_id', '!=', caseId),
      ]),
    )
    .execute();
  return {
    sharedIndicators: rows.length,
    sharedListedAt: rows.flatMap((row) => row.listed_at ?? []),
  };
}

/** Writes the score and its features (JSON) of one case. */
export async function updateCaseScoreColumns(
  db: Kysely<Schema>,
  caseId: number,
  score: number,
  features: string,
): Promise<void> {
  await db
    .updateTable('cases')
    .set({ score, score_features: features })
    .where('id', '=', caseId)
    .execute();
}
