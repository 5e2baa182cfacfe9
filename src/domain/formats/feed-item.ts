import type { IndicatorKind } from '../indicators/indicator.ts';
import type { Category } from '../taxonomy.ts';
import type { FeedEntry, FeedError, FeedSkip } from './feed-entry.ts';

/** Items per batch that `parseFeed` yields. */
export const BATCH_SIZE = 1000;

/**
 * Maximum length in characters of one text line or one CSV record. No URL, host
 * or address is this long, and the cap keeps a file without line breaks from
 * being held whole.
 */
export const MAX_LINE_LENGTH = 65_536;

const MAX_ERROR_TEXT = 200;

/** The details a parser found for a value besides the value itself. */
export interface EntryDetails {
  readonly kind?: IndicatorKind | undefined;
  readonly category?: Category | undefined;
  readonly seenAt?: string | undefined;
}

/** Builds an entry, leaving out the details that are undefined. */
export function feedEntry(line: number, value: string, details: EntryDetails = {}): FeedEntry {
  return {
    type: 'entry',
    line,
    value,
    ...(details.kind !== undefined && { kind: details.kind }),
    ...(details.category !== undefined && { category: details.category }),
    ...(details.seenAt !== undefined && { seenAt: details.seenAt }),
  };
}

/** Builds an error item, truncating the text to 200 characters. */
export function feedError(line: number, text: string, reason: string): FeedError {
  const shown = text.length > MAX_ERROR_TEXT ? text.slice(0, MAX_ERROR_TEXT) : text;
  return { type: 'invalid', line, text: shown, reason };
}

/** Builds an item for a well-formed record that is not stored, truncating the text. */
export function feedSkip(line: number, text: string, reason: string): FeedSkip {
  const shown = text.length > MAX_ERROR_TEXT ? text.slice(0, MAX_ERROR_TEXT) : text;
  return { type: 'skipped', line, text: shown, reason };
}

/**
 * Matches characters that never occur in a URL, host, address or e-mail written
 * as text: C0 controls other than tab, DEL, and U+FFFD, which the UTF-8 decoder
 * puts in place of invalid bytes.
 */
const BINARY_CHARACTER = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffd]/;

/** Tells whether text contains a character that no indicator written as text contains. */
export function containsBinary(text: string): boolean {
  return BINARY_CHARACTER.test(text);
}

/** The error reason for text that `containsBinary` rejects. */
export const BINARY_REASON = 'contains control characters or invalid UTF-8';
