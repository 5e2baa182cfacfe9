import type { IndicatorKind } from '../indicators/indicator.ts';
import type { FeedItem } from './feed-entry.ts';
import type { CsvRow, CsvRowParser } from './csv-feed.ts';
import { categoryFromWords } from './feed-category.ts';
import { epochSecondsToIso, toIsoUtc } from './feed-date.ts';
import {
  BINARY_REASON,
  containsBinary,
  type EntryDetails,
  feedEntry,
  feedError,
} from './feed-item.ts';

/** Reads one data row, once the header row has been read. */
export type RowReader = (row: CsvRow, out: FeedItem[]) => void;

/**
 * Value column names in order of preference, with the kind each states.
 * `indicator` and `value` state no kind.
 */
const VALUE_COLUMNS: readonly [string, IndicatorKind | undefined][] = [
  ['url', 'url'],
  ['domain', 'domain'],
  ['host', 'domain'],
  ['hostname', 'domain'],
  ['ip', 'ip'],
  ['indicator', undefined],
  ['value', undefined],
  ['email', 'email'],
  ['phone', 'phone'],
];
const CATEGORY_COLUMNS = ['category', 'threat', 'threat_type', 'type'];
const DATE_COLUMNS = ['first_seen', 'date', 'dateadded', 'date_added', 'seen', 'first_seen_utc'];

/** The column that contains the values, and the kind its name states. */
export interface ValueColumn {
  readonly index: number;
  readonly name: string;
  readonly kind: IndicatorKind | undefined;
}

/** Other spellings of the value column names. */
const VALUE_ALIASES: Readonly<Record<string, string>> = {
  domain_name: 'domain',
  ip_address: 'ip',
  ipaddress: 'ip',
  email_address: 'email',
  phone_number: 'phone',
};

/**
 * Finds the value column: the first of the preferred names, or a spelling
 * such as `ip_address`, that the header has.
 */
export function findValueColumn(header: readonly string[]): ValueColumn | undefined {
  const names = header.map((column) => VALUE_ALIASES[column] ?? column);
  for (const [name, kind] of VALUE_COLUMNS) {
    const index = names.indexOf(name);
    if (index !== -1) {
      return { index, name: header[index] ?? name, kind };
    }
  }
  return undefined;
}

/** Names of the preferred value columns, for messages. */
export const VALUE_COLUMN_NAMES = VALUE_COLUMNS.map(([name]) => name).join(', ');

/** Header names, trimmed and in lower case, for matching. */
export function headerNames(fields: readonly string[]): string[] {
  return fields.map((field) => field.trim().toLowerCase());
}

/** Returns the index of the first of `names` that the header has, or -1. */
export function findColumn(header: readonly string[], names: readonly string[]): number {
  for (const name of names) {
    const index = header.indexOf(name);
    if (index !== -1) {
      return index;
    }
  }
  return -1;
}

/**
 * Creates a parser for CSV with a header row. The first row goes to
 * `readHeader`, which returns the reader for the data rows or the reason no
 * row can be read. In the second case every data row becomes an error with
 * that reason.
 */
export function createHeaderCsvParser(
  readHeader: (header: string[]) => RowReader | string,
): CsvRowParser {
  let reader: RowReader | string | undefined;
  return (row, out) => {
    if (reader === undefined) {
      reader = readHeader(headerNames(row.fields));
      return;
    }
    if (typeof reader === 'string') {
      out.push(feedError(row.line, row.fields.join(','), reader));
      return;
    }
    reader(row, out);
  };
}

/**
 * Reads the value in column `index` of a row as an entry, or as an error
 * when the cell is empty or binary.
 */
export function readCell(
  row: CsvRow,
  index: number,
  column: string,
  details: EntryDetails,
): FeedItem {
  const value = (row.fields[index] ?? '').trim();
  if (value === '') {
    return feedError(row.line, row.fields.join(','), `row has no value in column ${column}`);
  }
  if (containsBinary(value)) {
    return feedError(row.line, value, BINARY_REASON);
  }
  return feedEntry(row.line, value, details);
}

/** Converts a date cell, a date-time or Unix time in seconds, to ISO-8601 UTC. */
export function readDate(cell: string | undefined): string | undefined {
  if (cell === undefined) {
    return undefined;
  }
  return /^\s*\d{9,10}\s*$/.test(cell) ? epochSecondsToIso(cell) : toIsoUtc(cell);
}

/**
 * Creates the parser for generic CSV with a header row. `findValueColumn`
 * picks the value column; optional columns give the category and the date.
 */
export function createGenericCsvParser(): CsvRowParser {
  return createHeaderCsvParser((header) => {
    const valueColumn = findValueColumn(header);
    if (valueColumn === undefined) {
      return `the header row names no value column (one of ${VALUE_COLUMN_NAMES})`;
    }
    const { index: valueIndex, name: column, kind } = valueColumn;
    const categoryIndex = findColumn(header, CATEGORY_COLUMNS);
    const dateIndex = findColumn(header, DATE_COLUMNS);

    return (row, out) => {
      const category =
        categoryIndex === -1 ? undefined : categoryFromWords(row.fields[categoryIndex] ?? '');
      const seenAt = dateIndex === -1 ? undefined : readDate(row.fields[dateIndex]);
      out.push(readCell(row, valueIndex, column, { kind, category, seenAt }));
    };
  });
}
