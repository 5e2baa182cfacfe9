import type { FeedItem } from './feed-entry.ts';
import type { FeedChunks } from './feed-chunks.ts';
import { parseLineFeed } from './line-feed.ts';
import { feedError } from './feed-item.ts';

/** One CSV record with the file line it is on. */
export interface CsvRow {
  readonly fields: readonly string[];
  readonly line: number;
}

/** Reads one CSV record and appends what it finds to `out`. */
export type CsvRowParser = (row: CsvRow, out: FeedItem[]) => void;

const QUOTE = 0x22;

/**
 * Parses a CSV format in batches. Lines that start with `#` are comments,
 * which covers the URLhaus header, and blank rows are skipped. A record must
 * fit on one line: a quoted field that is not closed on its line makes that
 * line an error, so one stray quote never swallows the rest of the file.
 */
export function parseCsvFeed(
  chunks: FeedChunks,
  parseRow: CsvRowParser,
): AsyncGenerator<FeedItem[]> {
  return parseLineFeed(chunks, (text, line, out) => {
    if (text.trim() === '' || text.startsWith('#')) {
      return;
    }
    const fields = splitCsvLine(text);
    if (fields === undefined) {
      out.push(
        feedError(line, text, 'line is not valid CSV: a quoted field is not closed on its line'),
      );
      return;
    }
    if (fields.every((field) => field.trim() === '')) {
      return;
    }
    parseRow({ fields, line }, out);
  });
}

/**
 * Splits one line into comma-separated fields with RFC 4180 quoting: a
 * field that starts with `"` runs to the next lone `"`, and `""` inside it is
 * one quote. As in csv-parse's `relax_quotes`, a quote inside an unquoted
 * field is kept, and so is text between a closing quote and the next comma.
 * Returns undefined when a quoted field is not closed.
 *
 * csv-parse 6 is not used for this: its sync API read URLhaus rows about
 * five times slower than this function, and its stream stops emitting
 * records after a record over `max_record_size`.
 */
export function splitCsvLine(line: string): string[] | undefined {
  const fields: string[] = [];
  let index = 0;
  for (;;) {
    let value = '';
    if (line.charCodeAt(index) === QUOTE) {
      const quoted = readQuoted(line, index + 1);
      if (quoted === undefined) {
        return undefined;
      }
      value = quoted.value;
      index = quoted.next;
    }
    const comma = line.indexOf(',', index);
    const end = comma === -1 ? line.length : comma;
    fields.push(index === end ? value : value + line.slice(index, end));
    if (comma === -1) {
      return fields;
    }
    index = comma + 1;
  }
}

/** Reads a quoted field from just after its opening quote. */
function readQuoted(line: string, start: number): { value: string; next: number } | undefined {
  let value = '';
  for (let from = start; ;) {
    const close = line.indexOf('"', from);
    if (close === -1) {
      return undefined;
    }
    value += line.slice(from, close);
    if (line.charCodeAt(close + 1) !== QUOTE) {
      return { value, next: close + 1 };
    }
    value += '"';
    from = close + 2;
  }
}
