import { parseAdblockLine } from './adblock-list.ts';
import { CHONGLUADAO_FIELDS, readChongluadaoRecord } from './chongluadao.ts';
import { parseCsvFeed } from './csv-feed.ts';
import type { FeedFormat, FeedItem, FeedParseOptions } from './feed-entry.ts';
import type { FeedChunks } from './feed-chunks.ts';
import { createGenericCsvParser } from './header-csv.ts';
import { parseHostsLine } from './hosts-file.ts';
import { createArrayHandler } from './json-array.ts';
import { parseJsonFeed } from './json-feed.ts';
import { parseLineFeed } from './line-feed.ts';
import { createMispHandler } from './misp.ts';
import { parseOpenphish } from './openphish.ts';
import { createPhishtankCsvParser, PHISHTANK_FIELDS, readPhishtankRecord } from './phishtank.ts';
import { createPlainListParser } from './plain-list.ts';
import { createRpzZoneParser } from './rpz-zone.ts';
import { createStixHandler } from './stix.ts';
import { createUrlhausParser } from './urlhaus-csv.ts';

/**
 * Parses a feed or list file, yielding batches of 1,000 to a few thousand
 * items in file order. Memory stays bounded whatever the file size, because
 * no line longer than `MAX_LINE_LENGTH`, no oversized JSON record and no
 * whole document is kept. Bad lines and records become `invalid` items. The
 * generator throws only when reading `chunks` fails.
 *
 * @example
 * for await (const items of parseFeed('urlhaus', createReadStream(path))) { ... }
 */
export function parseFeed(
  format: FeedFormat,
  chunks: FeedChunks,
  options: FeedParseOptions = {},
): AsyncGenerator<FeedItem[]> {
  switch (format) {
    case 'plain':
      return parseLineFeed(chunks, createPlainListParser());
    case 'hosts':
      return parseLineFeed(chunks, parseHostsLine);
    case 'adblock':
      return parseLineFeed(chunks, parseAdblockLine);
    case 'rpz':
      return parseLineFeed(chunks, createRpzZoneParser());
    case 'openphish':
      return parseOpenphish(chunks);
    case 'urlhaus':
      return parseCsvFeed(chunks, createUrlhausParser());
    case 'phishtank-csv':
      return parseCsvFeed(chunks, createPhishtankCsvParser());
    case 'csv':
      return parseCsvFeed(chunks, createGenericCsvParser());
    case 'phishtank-json':
      return parseJsonFeed(chunks, (out) =>
        createArrayHandler(out, PHISHTANK_FIELDS, readPhishtankRecord),
      );
    case 'chongluadao-json':
      return parseJsonFeed(chunks, (out) =>
        createArrayHandler(out, CHONGLUADAO_FIELDS, readChongluadaoRecord),
      );
    case 'stix':
      return parseJsonFeed(chunks, (out) => createStixHandler(out, options.now ?? new Date()));
    case 'misp':
      return parseJsonFeed(chunks, createMispHandler);
  }
}
