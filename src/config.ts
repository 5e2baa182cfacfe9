import { type TlpLabel, TLP_LABELS, parseTlpLabel } from './domain/tlp.ts';
import { VigilError } from './errors.ts';
import { DEFAULT_DATABASE_PATH } from './store/database.ts';

/** Defaults that an automated listing from a trusted feed carries. */
export interface FeedListingPolicy {
  /** The legal basis recorded on automated listings, from the operator's list. */
  readonly legalBasis: string;
  /** The TLP 2.0 marking of listings from public feeds. */
  readonly tlp: TlpLabel;
  /** Days a listing stays active after its source last named it. */
  readonly ttlDays: number;
}

export interface Config {
  readonly databaseUrl: string;
  readonly host: string;
  readonly port: number;
  readonly logLevel: string;
  readonly feedListing: FeedListingPolicy;
  /** Seconds between polls for listing changes made by other processes. */
  readonly listingPollSeconds: number;
  /** The legal bases a decision may cite, from the operator's list. */
  readonly legalBases: readonly string[];
  /** The folder for files Vigil keeps beside the database: evidence, keys, bootstrap data. */
  readonly dataDir: string;
}

/**
 * Legal bases offered by default. Operators replace them with their own list in
 * VIGIL_LEGAL_BASES (comma-separated identifiers).
 */
export const DEFAULT_LEGAL_BASES = [
  'trusted-feed',
  'law-on-network-information-security-2015',
  'law-on-cybersecurity-2018',
  'decree-147-2024-internet-services',
] as const;

/**
 * Reads the configuration from the environment, with defaults for a
 * zero-set-up start that listens on 127.0.0.1 only. Throws a VigilError
 * (INVALID_INPUT, with the variable as its field) for a value out of range.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    databaseUrl: env.DATABASE_URL ?? DEFAULT_DATABASE_PATH,
    host: env.HOST ?? '127.0.0.1',
    port: readInteger(env, 'PORT', 8080, 0, 65535),
    logLevel: env.LOG_LEVEL ?? 'info',
    feedListing: {
      legalBasis: env.VIGIL_FEED_LEGAL_BASIS ?? 'trusted-feed',
      tlp: readTlp(env, 'VIGIL_FEED_TLP', 'TLP:CLEAR'),
      ttlDays: readInteger(env, 'VIGIL_FEED_TTL_DAYS', 30, 1, 3650),
    },
    listingPollSeconds: readInteger(env, 'VIGIL_LISTING_POLL_SECONDS', 5, 1, 3600),
    legalBases: readList(env, 'VIGIL_LEGAL_BASES', DEFAULT_LEGAL_BASES),
    dataDir: env.VIGIL_DATA_DIR ?? './data',
  };
}

function readInteger(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = env[name];
  if (raw === undefined || raw === '') {
    return fallback;
  }
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new VigilError(
      'INVALID_INPUT',
      `${name}=${raw} is invalid: expected an integer from ${min} to ${max}; fix or unset ${name}`,
      name,
    );
  }
  return value;
}

function readList(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: readonly string[],
): readonly string[] {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') {
    return fallback;
  }
  const items = raw
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  if (items.length === 0) {
    throw new VigilError(
      'INVALID_INPUT',
      `${name}=${raw} lists nothing; give comma-separated values or unset ${name}`,
      name,
    );
  }
  return items;
}

function readTlp(env: NodeJS.ProcessEnv, name: string, fallback: TlpLabel): TlpLabel {
  const raw = env[name];
  if (raw === undefined || raw === '') {
    return fallback;
  }
  const label = parseTlpLabel(raw);
  if (label === undefined) {
    throw new VigilError(
      'INVALID_INPUT',
      `${name}=${raw} is invalid: expected a TLP 2.0 label, one of ${TLP_LABELS.join(', ')}`,
      name,
    );
  }
  return label;
}
