import { createReadStream, existsSync } from 'node:fs';
import { Readable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { fileURLToPath } from 'node:url';

import type {
  FeedEntry,
  FeedError,
  FeedFormat,
  FeedItem,
  FeedParseOptions,
  FeedSkip,
} from './feed-entry.ts';
import { parseFeed } from './parse-feed.ts';

/** Helpers for the format tests. Not part of the parsers. */

const DATA_DIR = new URL('../../../../shared/data/', import.meta.url);

/** Test options that skip, with the reason, when the sample files are missing. */
export const SAMPLES = existsSync(DATA_DIR)
  ? {}
  : { skip: `sample data not found at ${fileURLToPath(DATA_DIR)}` };

/** Streams a sample file, given by its path under the data folder, in 16 KiB chunks. */
export function sampleStream(path: string): AsyncIterable<Buffer> {
  return createReadStream(new URL(path, DATA_DIR), { highWaterMark: 16 * 1024 });
}

export function samplePath(path: string): URL {
  return new URL(path, DATA_DIR);
}

// A forced collection before each heap sample measures retained memory, not garbage.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/** Returns the heap in use after a full garbage collection, in bytes. */
export function retainedHeap(): number {
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

/** Streams the chunks that a synchronous generator yields, as a file stream would. */
export function streamOf(chunks: Iterable<string | Buffer>): AsyncIterable<string | Buffer> {
  return Readable.from(chunks);
}

/** Streams the text in chunks of `size` characters or bytes, to exercise chunk boundaries. */
export function chunked(text: string | Buffer, size = 7): AsyncIterable<string | Buffer> {
  function* pieces(): Generator<string | Buffer> {
    for (let start = 0; start < text.length; start += size) {
      yield typeof text === 'string'
        ? text.slice(start, start + size)
        : text.subarray(start, start + size);
    }
  }
  return streamOf(pieces());
}

export interface Parsed {
  readonly items: FeedItem[];
  readonly entries: FeedEntry[];
  readonly errors: FeedError[];
  readonly skipped: FeedSkip[];
  readonly batches: number;
}

/** Parses the whole input and collects every item. */
export async function parseAll(
  format: FeedFormat,
  input: AsyncIterable<string | Buffer> | string,
  options?: FeedParseOptions,
): Promise<Parsed> {
  const chunks = typeof input === 'string' ? chunked(input) : input;
  const items: FeedItem[] = [];
  let batches = 0;
  for await (const batch of parseFeed(format, chunks, options)) {
    batches++;
    items.push(...batch);
  }
  return {
    items,
    entries: items.filter((item): item is FeedEntry => item.type === 'entry'),
    errors: items.filter((item): item is FeedError => item.type === 'invalid'),
    skipped: items.filter((item): item is FeedSkip => item.type === 'skipped'),
    batches,
  };
}

/** Item counts of a parse, with the number of items per reason for errors and for skips. */
export interface ParseCounts {
  readonly entries: number;
  readonly errors: number;
  readonly skipped: number;
  readonly errorReasons: Map<string, number>;
  readonly skipReasons: Map<string, number>;
}

/** Counts the items of a parse without keeping them. */
export async function countAll(
  format: FeedFormat,
  input: AsyncIterable<string | Buffer>,
): Promise<ParseCounts> {
  let entries = 0;
  let errors = 0;
  let skipped = 0;
  const errorReasons = new Map<string, number>();
  const skipReasons = new Map<string, number>();
  for await (const batch of parseFeed(format, input)) {
    for (const item of batch) {
      if (item.type === 'entry') {
        entries++;
      } else if (item.type === 'invalid') {
        errors++;
        errorReasons.set(item.reason, (errorReasons.get(item.reason) ?? 0) + 1);
      } else {
        skipped++;
        skipReasons.set(item.reason, (skipReasons.get(item.reason) ?? 0) + 1);
      }
    }
  }
  return { entries, errors, skipped, errorReasons, skipReasons };
}
