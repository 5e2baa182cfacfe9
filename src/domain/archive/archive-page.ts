import { type Statement, STATEMENT_SOURCES, type StatementSource } from './statement.ts';

/**
 * The archive lists statements newest first, ordered by (at, source rank, id)
 * descending, so every statement has one place and a page boundary never
 * skips or repeats one. A cursor is the key of the last statement shown.
 */
export interface ArchiveCursor {
  readonly at: string;
  readonly source: StatementSource;
  readonly id: number;
}

/** The condition one source's query applies to continue after a cursor. */
export interface SourceBound {
  readonly at: string;
  /** Whether rows at exactly `at` qualify (all of them, or only those below `idBelow`). */
  readonly sameAt: 'none' | 'all' | 'below';
  readonly idBelow: number;
}

const RANK: Readonly<Record<StatementSource, number>> = {
  decision: 0,
  listing: 1,
  notice: 2,
  appeal: 3,
};

/**
 * Returns how `source` continues after `cursor`: rows strictly older, plus
 * rows at the same time when the source ranks below the cursor's, or only
 * those with a lower id when it is the cursor's own source.
 */
export function boundAfter(cursor: ArchiveCursor, source: StatementSource): SourceBound {
  const rank = RANK[source];
  const cursorRank = RANK[cursor.source];
  if (rank < cursorRank) {
    return { at: cursor.at, sameAt: 'all', idBelow: 0 };
  }
  if (rank === cursorRank) {
    return { at: cursor.at, sameAt: 'below', idBelow: cursor.id };
  }
  return { at: cursor.at, sameAt: 'none', idBelow: 0 };
}

interface KeyedStatement {
  readonly statement: Statement;
  readonly numericId: number;
}

function compareDescending(a: KeyedStatement, b: KeyedStatement): number {
  if (a.statement.at !== b.statement.at) {
    return a.statement.at < b.statement.at ? 1 : -1;
  }
  const rank = RANK[b.statement.source] - RANK[a.statement.source];
  return rank !== 0 ? rank : b.numericId - a.numericId;
}

export interface ArchivePage {
  readonly statements: readonly Statement[];
  /** The cursor for the next page, or null on the last one. */
  readonly next: ArchiveCursor | null;
}

/**
 * Merges the newest rows of each source into one page of `limit`. Each source
 * must have returned up to `limit + 1` rows after the same cursor, so that
 * whether a next page exists is known without another query.
 */
export function mergeArchivePage(
  bySource: ReadonlyArray<readonly { statement: Statement; numericId: number }[]>,
  limit: number,
): ArchivePage {
  const all = bySource.flat().sort(compareDescending);
  const shown = all.slice(0, limit);
  const last = shown[shown.length - 1];
  const next =
    all.length > limit && last !== undefined
      ? { at: last.statement.at, source: last.statement.source, id: last.numericId }
      : null;
  return { statements: shown.map((keyed) => keyed.statement), next };
}

/** Writes a cursor as URL-safe text. */
export function encodeCursor(cursor: ArchiveCursor): string {
  return Buffer.from(JSON.stringify([cursor.at, cursor.source, cursor.id])).toString('base64url');
}

/** Reads a cursor from `encodeCursor`; returns undefined for text that is not one. */
export function decodeCursor(text: string): ArchiveCursor | undefined {
  if (text.length > 200 || !/^[\w-]+$/.test(text)) {
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) {
    return undefined;
  }
  const [at, source, id] = parsed as unknown[];
  const validAt = typeof at === 'string' && !Number.isNaN(Date.parse(at));
  const validSource =
    typeof source === 'string' && (STATEMENT_SOURCES as readonly string[]).includes(source);
  if (!validAt || !validSource || !Number.isSafeInteger(id) || (id as number) < 0) {
    return undefined;
  }
  return { at, source: source as StatementSource, id: id as number };
}
