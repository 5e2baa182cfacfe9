import type { FeedItem } from './feed-entry.ts';
import { type FeedChunks, peekHead } from './feed-chunks.ts';
import { parseCsvFeed } from './csv-feed.ts';
import { feedSkip } from './feed-item.ts';
import { createHeaderCsvParser, headerNames, readCell } from './header-csv.ts';
import { parseLineFeed } from './line-feed.ts';
import { createPlainListParser } from './plain-list.ts';

/**
 * Parses an OpenPhish feed: the raw `feed.txt`, one URL per line, or a CSV
 * re-save with a header such as `url,label,source`. The first line decides
 * which. Every URL is phishing. A CSV row with `label` 0 is an error, because
 * that label marks a URL as legitimate.
 */
export async function* parseOpenphish(chunks: FeedChunks): AsyncGenerator<FeedItem[]> {
  const peeked = await peekHead(chunks);
  const firstLine = peeked.head.split('\n', 1)[0] ?? '';
  if (isUrlCsvHeader(firstLine)) {
    yield* parseCsvFeed(peeked.chunks, createOpenphishCsvParser());
    return;
  }
  yield* parseLineFeed(peeked.chunks, createPlainListParser({ kind: 'url', category: 'phishing' }));
}

/** Tells whether a line is a CSV header with a `url` column, such as `url,label,source`. */
export function isUrlCsvHeader(line: string): boolean {
  const names = headerNames(line.split(','));
  return names.length > 1 && names.includes('url');
}

function createOpenphishCsvParser() {
  return createHeaderCsvParser((header) => {
    const url = header.indexOf('url');
    const label = header.indexOf('label');
    return (row, out) => {
      if (label !== -1 && (row.fields[label] ?? '').trim() === '0') {
        out.push(feedSkip(row.line, row.fields[url] ?? '', 'label 0 marks the URL as legitimate'));
        return;
      }
      out.push(readCell(row, url, 'url', { kind: 'url', category: 'phishing' }));
    };
  });
}
