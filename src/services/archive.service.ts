import {
  type ArchiveCursor,
  type ArchivePage,
  boundAfter,
  decodeCursor,
  mergeArchivePage,
} from '../domain/archive/archive-page.ts';
import {
  parseStatementId,
  type Statement,
  STATEMENT_ACTIONS,
  type StatementAction,
  type StatementSource,
  statementFromAppealOutcome,
  statementFromDecision,
  statementFromFeedListing,
  statementFromNotice,
} from '../domain/archive/statement.ts';
import { IndicatorError } from '../domain/indicators/indicator.ts';
import { parseIndicator } from '../domain/indicators/parse-indicator.ts';
import { isCategory } from '../domain/taxonomy.ts';
import { parseBoundary } from '../domain/transparency/period.ts';
import { VigilError } from '../errors.ts';
import {
  type ArchiveFilter,
  type ArchiveQuery,
  selectArchiveAppeals,
  selectArchiveDecisions,
  selectArchiveFeedListings,
  selectArchiveNotices,
  selectIndicatorIdsMatching,
} from '../store/archive.repository.ts';
import type { Database } from '../store/database.ts';

/** Search fields of the archive as a visitor typed them. Every field is optional. */
export interface ArchiveSearch {
  readonly indicator?: string;
  readonly category?: string;
  readonly action?: string;
  readonly from?: string;
  readonly to?: string;
  readonly cursor?: string;
  readonly limit?: number;
}

export const DEFAULT_ARCHIVE_PAGE = 50;
export const MAX_ARCHIVE_PAGE = 500;

/** The sources each action filter reads; no action reads them all. */
const SOURCES_BY_ACTION: Readonly<Record<StatementAction, readonly StatementSource[]>> = {
  listed: ['decision', 'listing'],
  delisted: ['decision'],
  changed: ['decision'],
  warning_label: ['decision'],
  notice: ['notice'],
  appeal: ['appeal'],
};

/**
 * Returns one page of the public archive of statements of reasons, newest
 * first. Throws INVALID_INPUT naming the search field at fault.
 */
export async function searchArchive(
  database: Database,
  search: ArchiveSearch,
): Promise<ArchivePage> {
  const limit = search.limit ?? DEFAULT_ARCHIVE_PAGE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_ARCHIVE_PAGE) {
    throw new VigilError('INVALID_INPUT', `limit must be from 1 to ${MAX_ARCHIVE_PAGE}`, 'limit');
  }
  const action = parseAction(search.action);
  const cursor = parseCursor(search.cursor);
  const filter = await buildFilter(database, search, action);
  const sources =
    action === undefined
      ? (['decision', 'listing', 'notice', 'appeal'] as const)
      : SOURCES_BY_ACTION[action];
  const pages = await Promise.all(
    sources.map((source) =>
      selectSource(database, source, {
        filter,
        limit: limit + 1,
        ...(cursor !== undefined && { bound: boundAfter(cursor, source) }),
      }),
    ),
  );
  return mergeArchivePage(pages, limit);
}

/** Returns the statement with public id `id` (such as `D12`), or throws NOT_FOUND. */
export async function getStatement(database: Database, id: string): Promise<Statement> {
  const parsed = parseStatementId(id);
  const found =
    parsed === undefined
      ? []
      : await selectSource(database, parsed.source, { filter: { id: parsed.id }, limit: 1 });
  if (found.length === 0) {
    throw new VigilError('NOT_FOUND', `statement ${clip(id)} does not exist`, 'id');
  }
  return found[0]!.statement;
}

async function selectSource(
  database: Database,
  source: StatementSource,
  query: ArchiveQuery,
): Promise<{ statement: Statement; numericId: number }[]> {
  const { db } = database;
  switch (source) {
    case 'decision':
      return (await selectArchiveDecisions(db, query)).map((facts) => ({
        statement: statementFromDecision(facts),
        numericId: facts.id,
      }));
    case 'listing':
      return (await selectArchiveFeedListings(db, query)).map((facts) => ({
        statement: statementFromFeedListing(facts),
        numericId: facts.indicatorId,
      }));
    case 'notice':
      return (await selectArchiveNotices(db, query)).map((facts) => ({
        statement: statementFromNotice(facts),
        numericId: facts.id,
      }));
    case 'appeal':
      return (await selectArchiveAppeals(db, query)).map((facts) => ({
        statement: statementFromAppealOutcome(facts),
        numericId: facts.id,
      }));
  }
}

async function buildFilter(
  database: Database,
  search: ArchiveSearch,
  action: StatementAction | undefined,
): Promise<ArchiveFilter> {
  const category = blankToUndefined(search.category);
  if (category !== undefined && !isCategory(category)) {
    throw new VigilError(
      'INVALID_INPUT',
      `category "${clip(category)}" is not in the taxonomy`,
      'category',
    );
  }
  const from = boundary(search.from, false, 'from');
  const to = boundary(search.to, true, 'to');
  const indicatorIds = await matchIndicator(database, blankToUndefined(search.indicator));
  const decisionAction = action === 'notice' || action === 'appeal' ? undefined : action;
  return {
    ...(category !== undefined && { category }),
    ...(from !== undefined && { from }),
    ...(to !== undefined && { to }),
    ...(indicatorIds !== undefined && { indicatorIds }),
    ...(decisionAction !== undefined && { decisionAction }),
  };
}

async function matchIndicator(
  database: Database,
  raw: string | undefined,
): Promise<number[] | undefined> {
  if (raw === undefined) {
    return undefined;
  }
  const parsed = parseIndicator(raw);
  if (parsed instanceof IndicatorError) {
    throw new VigilError('INVALID_INPUT', `indicator: ${parsed.message}`, 'indicator');
  }
  return selectIndicatorIdsMatching(database.db, parsed.kind, parsed.value);
}

function parseAction(raw: string | undefined): StatementAction | undefined {
  const action = blankToUndefined(raw);
  if (action === undefined) {
    return undefined;
  }
  if (!(STATEMENT_ACTIONS as readonly string[]).includes(action)) {
    throw new VigilError(
      'INVALID_INPUT',
      `action "${clip(action)}" must be one of ${STATEMENT_ACTIONS.join(', ')}`,
      'action',
    );
  }
  return action as StatementAction;
}

function parseCursor(raw: string | undefined): ArchiveCursor | undefined {
  const text = blankToUndefined(raw);
  if (text === undefined) {
    return undefined;
  }
  const cursor = decodeCursor(text);
  if (cursor === undefined) {
    throw new VigilError(
      'INVALID_INPUT',
      'cursor is invalid: use the next link of a page',
      'cursor',
    );
  }
  return cursor;
}

function boundary(raw: string | undefined, end: boolean, field: string): string | undefined {
  const text = blankToUndefined(raw);
  if (text === undefined) {
    return undefined;
  }
  const parsed = parseBoundary(text, end);
  if (parsed === undefined) {
    throw new VigilError(
      'INVALID_INPUT',
      `${field} "${clip(text)}" is not a date such as 2026-01-31 or an ISO-8601 time with a zone`,
      field,
    );
  }
  return parsed;
}

function blankToUndefined(text: string | undefined): string | undefined {
  const trimmed = text?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}
