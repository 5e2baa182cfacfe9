import type { Category } from '../taxonomy.ts';
import type { IndicatorKind } from '../indicators/indicator.ts';
import type { FeedItem } from './feed-entry.ts';
import { BINARY_REASON, containsBinary, feedEntry, feedError } from './feed-item.ts';
import { type LineParser, stripHashComment } from './line-feed.ts';

/** Details that every entry of a list shares, such as the kind and category of a phishing feed. */
export interface PlainListDetails {
  readonly kind?: IndicatorKind;
  readonly category?: Category;
}

/**
 * Creates the parser for a list of one URL, host or address per line, with
 * `#` comments. A line with whitespace inside its value is an error, because
 * it is more than one value (a hosts file or a CSV read as a plain list).
 */
export function createPlainListParser(details: PlainListDetails = {}): LineParser {
  return (text: string, line: number, out: FeedItem[]) => {
    const value = stripHashComment(text);
    if (value === '') {
      return;
    }
    if (containsBinary(value)) {
      out.push(feedError(line, value, BINARY_REASON));
      return;
    }
    if (/\s/.test(value)) {
      out.push(feedError(line, value, 'line contains whitespace, so it is not a single value'));
      return;
    }
    out.push(feedEntry(line, value, details));
  };
}
