/** The kinds of indicator Vigil stores, each with one canonical form. */
export const INDICATOR_KINDS = [
  'url',
  'domain',
  'ip',
  'email',
  'phone',
  'bank_account',
  'social_profile',
  'app',
] as const;

export type IndicatorKind = (typeof INDICATOR_KINDS)[number];

/** One canonical value of one kind. */
export interface Indicator {
  readonly kind: IndicatorKind;
  /** The canonical form: equal values name the same thing. */
  readonly value: string;
  /** The ASCII (punycode) host, for URLs, domains and social profiles. */
  readonly host?: string;
  /** The registrable domain of `host` under the Public Suffix List, private suffixes included. */
  readonly registrableDomain?: string;
}

/**
 * A value that is not a valid indicator. Parsers return it rather than throw,
 * so that a bulk import can count and report bad lines cheaply.
 */
export class IndicatorError extends Error {
  override readonly name = 'IndicatorError';

  constructor(
    /** The input as received, truncated for display. */
    readonly value: string,
    /** The reason it is invalid, in a short lowercase phrase. */
    readonly reason: string,
    /** The kind it was read as, when known. */
    readonly kind?: IndicatorKind,
  ) {
    super(`${kind ?? 'indicator'} ${JSON.stringify(truncate(value))}: ${reason}`);
  }
}

export function isIndicatorKind(value: string): value is IndicatorKind {
  return (INDICATOR_KINDS as readonly string[]).includes(value);
}

function truncate(value: string): string {
  return value.length > 200 ? `${value.slice(0, 200)}…` : value;
}
