import type { CsvRowParser } from './csv-feed.ts';
import type { FeedItem } from './feed-entry.ts';
import { toIsoUtc } from './feed-date.ts';
import { feedEntry, feedError, feedSkip } from './feed-item.ts';
import { createHeaderCsvParser, readCell } from './header-csv.ts';
import type { ArrayRecordReader } from './json-array.ts';
import { type JsonObject, type JsonValue, jsonText, stringField } from './json-records.ts';

const NOT_VERIFIED = 'phish is not verified by PhishTank';

/**
 * Creates the parser for PhishTank's `verified_online.csv`
 * (`phish_id,url,phish_detail_url,submission_time,verified,...`). Columns are
 * found by name. Rows whose `verified` is not `yes` are errors.
 */
export function createPhishtankCsvParser(): CsvRowParser {
  return createHeaderCsvParser((header) => {
    const url = header.indexOf('url');
    if (url === -1 || !header.includes('phish_id')) {
      return 'the header row has no phish_id and url columns, so this is not PhishTank CSV';
    }
    const submitted = header.indexOf('submission_time');
    const verified = header.indexOf('verified');

    return (row, out) => {
      if (verified !== -1 && (row.fields[verified] ?? '').trim().toLowerCase() !== 'yes') {
        out.push(feedSkip(row.line, row.fields[url] ?? row.fields.join(','), NOT_VERIFIED));
        return;
      }
      const seenAt = submitted === -1 ? undefined : toIsoUtc(row.fields[submitted] ?? '');
      out.push(readCell(row, url, 'url', { kind: 'url', category: 'phishing', seenAt }));
    };
  });
}

/** The keys of a PhishTank JSON record that the parser reads. */
export const PHISHTANK_FIELDS = new Set(['url', 'submission_time', 'verified']);

/**
 * Reads one record of PhishTank's JSON dump, an array of objects with `url`,
 * `submission_time`, `verified` and more. `verified` may be `"yes"` or `true`.
 */
export const readPhishtankRecord: ArrayRecordReader = (
  record: JsonObject,
  index: number,
): FeedItem => {
  const url = stringField(record, 'url');
  if (url === undefined || url === '') {
    return feedError(index, jsonText(record), 'record has no url');
  }
  if (!isVerified(record['verified'])) {
    return feedSkip(index, url, NOT_VERIFIED);
  }
  const submitted = stringField(record, 'submission_time');
  const seenAt = submitted === undefined ? undefined : toIsoUtc(submitted);
  return feedEntry(index, url, { kind: 'url', category: 'phishing', seenAt });
};

function isVerified(value: JsonValue | undefined): boolean {
  return (
    value === undefined ||
    value === true ||
    (typeof value === 'string' && value.toLowerCase() === 'yes')
  );
}
