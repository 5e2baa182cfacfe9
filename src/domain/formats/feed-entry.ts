import type { IndicatorKind } from '../indicators/indicator.ts';
import type { Category } from '../taxonomy.ts';

/** The feed and list formats that `vigil import` reads. */
export const FEED_FORMATS = [
  'plain',
  'urlhaus',
  'phishtank-csv',
  'phishtank-json',
  'chongluadao-json',
  'openphish',
  'stix',
  'misp',
  'csv',
  'hosts',
  'adblock',
  'rpz',
] as const;

export type FeedFormat = (typeof FEED_FORMATS)[number];

/** One value read from a feed, not yet canonicalized. */
export interface FeedEntry {
  readonly type: 'entry';
  /** 1-based line number in the file, or the 1-based record number for JSON. */
  readonly line: number;
  /** The value as written in the feed, trimmed. */
  readonly value: string;
  /** The kind the feed states, when it states one (a STIX pattern, a MISP attribute type). */
  readonly kind?: IndicatorKind;
  /** The category the feed states or implies. */
  readonly category?: Category;
  /** The time the feed gives for seeing or adding the value, as an ISO-8601 string. */
  readonly seenAt?: string;
}

/** A line or record that could not be read as an indicator. */
export interface FeedError {
  readonly type: 'invalid';
  readonly line: number;
  /** The offending text, truncated to 200 characters. */
  readonly text: string;
  /** The reason for rejecting it, in a short lowercase phrase. */
  readonly reason: string;
}

/**
 * A well-formed record that Vigil does not store: a kind it has no canonical
 * form for (a file hash), a value the feed marks harmless or unverified, or a
 * category outside Vigil's scope. Counted apart from errors, because the file
 * is not at fault.
 */
export interface FeedSkip {
  readonly type: 'skipped';
  readonly line: number;
  /** The record's value, truncated to 200 characters. */
  readonly text: string;
  /** The reason it is not stored, in a short lowercase phrase. */
  readonly reason: string;
}

export type FeedItem = FeedEntry | FeedError | FeedSkip;

/** Options for `parseFeed`. */
export interface FeedParseOptions {
  /** The file name. No parser reads it at present, because the content decides everything. */
  readonly fileName?: string;
  /** The time that decides whether a STIX indicator has expired. Defaults to the current time. */
  readonly now?: Date;
}
