import type { CsvRowParser } from './csv-feed.ts';
import { toIsoUtc } from './feed-date.ts';
import { feedError } from './feed-item.ts';
import { readCell } from './header-csv.ts';

/** Column positions in URLhaus CSV dumps, whose header is a `#` comment. */
const ID = 0;
const DATE_ADDED = 1;
const URL = 2;

/**
 * Creates the parser for abuse.ch URLhaus CSV
 * (`id,dateadded,url,url_status,last_online,threat,tags,urlhaus_link,reporter`).
 * Every URL is malware, and `dateadded` is UTC written without a zone.
 */
export function createUrlhausParser(): CsvRowParser {
  return (row, out) => {
    if ((row.fields[ID] ?? '').trim().toLowerCase() === 'id') {
      // The header, written as a data row rather than a comment.
      return;
    }
    if (row.fields.length <= URL) {
      out.push(
        feedError(row.line, row.fields.join(','), 'row has fewer than 3 fields, so it has no url'),
      );
      return;
    }
    const seenAt = toIsoUtc(row.fields[DATE_ADDED] ?? '');
    out.push(readCell(row, URL, 'url', { kind: 'url', category: 'malware', seenAt }));
  };
}
