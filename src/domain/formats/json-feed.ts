import type { FeedItem } from './feed-entry.ts';
import type { FeedChunks } from './feed-chunks.ts';
import { BATCH_SIZE, feedError } from './feed-item.ts';
import { type JsonRecordHandler, JsonRecordReader, JsonTooDeepError } from './json-records.ts';
import { InvalidJsonError, jsonTokens } from './json-tokens.ts';

/** Reads the records of one JSON format, appending items to the array it was created with. */
export interface JsonFeedHandler extends JsonRecordHandler {
  /** The record name whose number locates an error in the document, such as "object" for STIX. */
  readonly primaryRecord: string;
  /**
   * Called once at the end, with `complete` false when reading stopped early.
   * A handler reports what the document as a whole lacks only when complete.
   */
  finish(complete: boolean): void;
}

/**
 * Parses a JSON format in batches. A document that is invalid, ends early or
 * nests too deeply ends with one error item, numbered as the record being
 * read when reading stopped, after the items of the records before it.
 */
export async function* parseJsonFeed(
  chunks: FeedChunks,
  createHandler: (out: FeedItem[]) => JsonFeedHandler,
): AsyncGenerator<FeedItem[]> {
  const out: FeedItem[] = [];
  const handler = createHandler(out);
  const reader = new JsonRecordReader(handler);
  let sawTokens = false;

  try {
    for await (const tokens of jsonTokens(chunks)) {
      sawTokens ||= tokens.length > 0;
      reader.push(tokens);
      if (out.length >= BATCH_SIZE) {
        yield out.splice(0, out.length);
      }
    }
    handler.finish(true);
  } catch (error) {
    const reason = stopReason(error, sawTokens);
    handler.finish(false);
    if (reason !== undefined) {
      out.push(feedError(reader.recordNumber(handler.primaryRecord), '', reason));
    }
  }

  if (out.length > 0) {
    yield out;
  }
}

/**
 * Returns why reading stopped, or undefined for an empty input. Rethrows
 * errors that are not about the JSON, such as a failed read.
 */
function stopReason(error: unknown, sawTokens: boolean): string | undefined {
  if (error instanceof JsonTooDeepError) {
    return `${error.message}, so the rest of the file was not read`;
  }
  if (!(error instanceof InvalidJsonError)) {
    throw error;
  }
  // stream-json's message when the input ends before any value: an empty file.
  if (!sawTokens && error.message === 'Parser has expected a value') {
    return undefined;
  }
  const detail = error.message.replace(/^Parser /, 'the parser ');
  return `JSON is invalid or ends early (${detail}), so the rest of the file was not read`;
}
