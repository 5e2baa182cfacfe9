import type { FeedItem } from './feed-entry.ts';
import { feedError } from './feed-item.ts';
import type { JsonFeedHandler } from './json-feed.ts';
import {
  DESCEND,
  isJsonObject,
  type JsonObject,
  jsonText,
  type ValueKind,
} from './json-records.ts';

/** Reads one object of a JSON array feed; `index` is its 1-based position. */
export type ArrayRecordReader = (record: JsonObject, index: number) => FeedItem;

/**
 * Creates the handler for a feed that is one JSON array of objects, such as
 * PhishTank's JSON dump. Only the keys in `fields` are read from each object.
 * A document that is not an array gives one error.
 */
export function createArrayHandler(
  out: FeedItem[],
  fields: ReadonlySet<string>,
  readRecord: ArrayRecordReader,
): JsonFeedHandler {
  const spec = { name: 'record', fields };
  let root: ValueKind | undefined;

  return {
    primaryRecord: spec.name,
    select(path, kind) {
      if (path.length === 0) {
        root = kind;
        return kind === 'array' ? DESCEND : undefined;
      }
      return path.length === 1 ? spec : undefined;
    },
    record(_spec, value, index) {
      if (!isJsonObject(value)) {
        out.push(feedError(index, jsonText(value), 'record is not a JSON object'));
        return;
      }
      out.push(readRecord(value, index));
    },
    oversized(_spec, index, reason) {
      out.push(feedError(index, '', `record is too large (${reason}), so it was not read`));
    },
    finish(complete) {
      if (complete && root !== undefined && root !== 'array') {
        out.push(feedError(1, '', `the document is a JSON ${root}, not an array of records`));
      }
    },
  };
}
