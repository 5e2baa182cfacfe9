import { isIP } from 'node:net';

import type { RetentionRules } from './domain/retention/retention-rules.ts';
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
  readonly accountability: AccountabilitySettings;
  /** Settings of the public portal. */
  readonly portal: PortalSettings;
  readonly sharing: SharingConfig;
  readonly console: ConsoleSettings;
  readonly enrichment: EnrichmentSettings;
}

/** Settings of enrichment: outbound switch, resolvers, safe-fetch limits, liveness. */
export interface EnrichmentSettings {
  /** False (VIGIL_OUTBOUND=off) makes every enrichment skip its network steps and record that. */
  readonly outbound: boolean;
  /** DNS servers as `address[:port]` (VIGIL_DNS_SERVERS), or empty for the system's resolvers. */
  readonly dnsServers: readonly string[];
  readonly dnsTimeoutMs: number;
  /** Ports the safe fetch may connect to (VIGIL_FETCH_PORTS). */
  readonly fetchPorts: readonly number[];
  readonly fetchTimeoutMs: number;
  readonly fetchMaxBodyBytes: number;
  /** Failed liveness checks in a row before a listing is marked taken down. */
  readonly livenessFailures: number;
  /** Hours before the first liveness re-check. Each failure doubles the wait, up to a week. */
  readonly livenessHours: number;
}

/** Settings of the staff console: clustering and the rules that call for a second person. */
export interface ConsoleSettings {
  /**
   * Distinct domains or values a source key may link before it stops joining
   * cases and is listed as common infrastructure (VIGIL_CLUSTER_KEY_LIMIT).
   */
  readonly clusterKeyLimit: number;
  /** Suffixes whose registrable domains need a supervisor's approval to list. */
  readonly protectedSuffixes: readonly string[];
}

/** Settings of notices to providers, exports and partner polls. */
export interface SharingConfig {
  /** The address people and partners reach this instance at, for links in notices and feeds. */
  readonly publicUrl: string;
  /**
   * False when VIGIL_PUBLIC_URL is unset and `publicUrl` is a guess from HOST
   * and PORT. TAXII discovery then returns the address it was reached at.
   */
  readonly publicUrlConfigured: boolean;
  /** The operator named as reporter and sender of notices. */
  readonly operatorName: string;
  /** The operator's contact address in notices. Its domain names the operator in X-ARF. */
  readonly operatorEmail: string;
  /** The origin of the RPZ zone. */
  readonly rpzZone: string;
  /** The walled-garden host that RPZ records point to, or empty for NXDOMAIN (`CNAME .`). */
  readonly rpzTarget: string;
  /** Hours an organisation has to respond to a notice. */
  readonly noticeDeadlineHours: number;
  /** Attempts a notice delivery gets before it counts as failed. */
  readonly deliveryAttempts: number;
  /** The SMTP server for e-mailed notices, such as `smtp://127.0.0.1:2525`. Unset, none are sent. */
  readonly smtpUrl: string | undefined;
  readonly mailFrom: string;
  /** Hours a rotated API key keeps working beside its replacement. */
  readonly apiKeyGraceHours: number;
}

/** Settings of the public portal and report intake. */
export interface PortalSettings {
  /**
   * The 32-byte key (VIGIL_SECRET_KEY, base64) that encrypts reporters'
   * contact details and keys the hash of client addresses. Undefined means
   * `secret.key` in the data folder, created on first use.
   */
  readonly secretKey: Buffer | undefined;
  /** Reports one client address may send per hour with the proof-of-work solved. */
  readonly reportsPerHour: number;
  /** Reports per hour from a form sent without the proof-of-work (no JavaScript). */
  readonly reportsPerHourWithoutProof: number;
  /** Reports naming the same value that are accepted per hour from all reporters. */
  readonly reportsPerValuePerHour: number;
  /** Hours a keyed hash of a reporter's address is kept with their report. */
  readonly reporterHashHours: number;
}

/** Settings of appeals, the transparency report and the retention purge. */
export interface AccountabilitySettings {
  /** Days from an appeal to the date its decision is due. */
  readonly appealDeadlineDays: number;
  /** Hours before an appeal's due date when the reminder job warns of it. */
  readonly appealReminderHours: number;
  /** Hours between scheduled purge runs. */
  readonly purgeIntervalHours: number;
  readonly retention: RetentionRules;
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
    accountability: {
      appealDeadlineDays: readInteger(env, 'VIGIL_APPEAL_DEADLINE_DAYS', 14, 1, 365),
      appealReminderHours: readInteger(env, 'VIGIL_APPEAL_REMINDER_HOURS', 48, 1, 24 * 30),
      purgeIntervalHours: readInteger(env, 'VIGIL_PURGE_INTERVAL_HOURS', 24, 1, 24 * 30),
      retention: {
        contactDays: readInteger(env, 'VIGIL_RETAIN_CONTACT_DAYS', 180, 1, 3650),
        evidenceDays: readInteger(env, 'VIGIL_RETAIN_EVIDENCE_DAYS', 365, 1, 3650),
        rejectedReportDays: readInteger(env, 'VIGIL_RETAIN_REJECTED_REPORT_DAYS', 90, 1, 3650),
        expiredListingDays: readInteger(env, 'VIGIL_RETAIN_EXPIRED_LISTING_DAYS', 365, 1, 3650),
      },
    },
    portal: {
      secretKey: readSecretKey(env, 'VIGIL_SECRET_KEY'),
      reportsPerHour: readInteger(env, 'VIGIL_REPORTS_PER_HOUR', 20, 1, 100_000),
      reportsPerHourWithoutProof: readInteger(
        env,
        'VIGIL_REPORTS_PER_HOUR_NO_PROOF',
        5,
        0,
        100_000,
      ),
      reportsPerValuePerHour: readInteger(
        env,
        'VIGIL_REPORTS_PER_VALUE_PER_HOUR',
        60,
        1,
        1_000_000,
      ),
      reporterHashHours: readInteger(env, 'VIGIL_REPORTER_HASH_HOURS', 24, 1, 24 * 365),
    },
    console: {
      clusterKeyLimit: readInteger(env, 'VIGIL_CLUSTER_KEY_LIMIT', 25, 1, 1_000_000),
      protectedSuffixes: readList(env, 'VIGIL_PROTECTED_SUFFIXES', ['gov.vn', 'edu.vn']),
    },
    enrichment: {
      outbound: readOnOff(env, 'VIGIL_OUTBOUND', true),
      dnsServers: readDnsServers(env, 'VIGIL_DNS_SERVERS'),
      dnsTimeoutMs: readInteger(env, 'VIGIL_DNS_TIMEOUT_MS', 3000, 100, 60_000),
      fetchPorts: readPorts(env, 'VIGIL_FETCH_PORTS', [80, 443, 8080, 8443]),
      fetchTimeoutMs: readInteger(env, 'VIGIL_FETCH_TIMEOUT_MS', 15_000, 100, 120_000),
      fetchMaxBodyBytes: readInteger(env, 'VIGIL_FETCH_MAX_BYTES', 2_097_152, 1024, 104_857_600),
      livenessFailures: readInteger(env, 'VIGIL_LIVENESS_FAILURES', 3, 1, 100),
      livenessHours: readInteger(env, 'VIGIL_LIVENESS_HOURS', 6, 1, 24 * 30),
    },
    sharing: {
      publicUrl: readPublicUrl(env, 'VIGIL_PUBLIC_URL', defaultPublicUrl(env)),
      publicUrlConfigured: Boolean(env.VIGIL_PUBLIC_URL),
      operatorName: env.VIGIL_OPERATOR_NAME ?? 'Vigil',
      operatorEmail: env.VIGIL_OPERATOR_EMAIL ?? 'notices@vigil.invalid',
      rpzZone: readDnsName(env, 'VIGIL_RPZ_ZONE', 'rpz.vigil.invalid'),
      rpzTarget: readDnsName(env, 'VIGIL_RPZ_TARGET', ''),
      noticeDeadlineHours: readInteger(env, 'VIGIL_NOTICE_DEADLINE_HOURS', 48, 1, 8760),
      deliveryAttempts: readInteger(env, 'VIGIL_DELIVERY_ATTEMPTS', 8, 1, 100),
      smtpUrl: env.VIGIL_SMTP_URL || undefined,
      mailFrom: env.VIGIL_MAIL_FROM ?? 'notices@vigil.invalid',
      apiKeyGraceHours: readInteger(env, 'VIGIL_API_KEY_GRACE_HOURS', 24, 0, 8760),
    },
  };
}

const DNS_NAME =
  /^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*\.?$/i;

/** Reads a DNS name written into the RPZ zone, so a typo cannot break the zone's records. */
function readDnsName(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const raw = env[name];
  if (raw === undefined || raw === '') {
    return fallback;
  }
  if (!DNS_NAME.test(raw)) {
    throw new VigilError(
      'INVALID_INPUT',
      `${name}=${JSON.stringify(raw)} is invalid: give a DNS name in ASCII letters, digits, hyphens and dots, such as rpz.example.vn`,
      name,
    );
  }
  return raw.replace(/\.$/, '');
}

/** Builds the address a local start listens at, from HOST and PORT. */
function defaultPublicUrl(env: NodeJS.ProcessEnv): string {
  const host =
    env.HOST === undefined || env.HOST === '' || env.HOST === '0.0.0.0' ? '127.0.0.1' : env.HOST;
  const port = env.PORT === undefined || env.PORT === '' ? '8080' : env.PORT;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

function readPublicUrl(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const raw = env[name];
  if (raw === undefined || raw === '') {
    return fallback;
  }
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new VigilError(
      'INVALID_INPUT',
      `${name}=${raw} is invalid: give the http or https address people reach Vigil at, such as https://canhbao.example.vn`,
      name,
    );
  }
  return raw.replace(/\/+$/, '');
}

/**
 * Returns `config` with the guessed public address on `port`, the port the
 * server listens on, unless VIGIL_PUBLIC_URL set the address.
 */
export function withListenPort(config: Config, port: number): Config {
  if (config.sharing.publicUrlConfigured || port === 0) {
    return config;
  }
  const url = new URL(config.sharing.publicUrl);
  url.port = String(port);
  return { ...config, sharing: { ...config.sharing, publicUrl: url.origin } };
}

function readSecretKey(env: NodeJS.ProcessEnv, name: string): Buffer | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') {
    return undefined;
  }
  const key = Buffer.from(raw, 'base64');
  if (key.length !== 32 || key.toString('base64') !== raw.replace(/\s/g, '')) {
    throw new VigilError(
      'INVALID_INPUT',
      `${name} is invalid: expected the base64 of 32 random bytes, as \`openssl rand -base64 32\` prints`,
      name,
    );
  }
  return key;
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

function readOnOff(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') {
    return fallback;
  }
  if (raw !== 'on' && raw !== 'off') {
    throw new VigilError(
      'INVALID_INPUT',
      `${name}=${raw} is invalid: expected on or off; fix or unset ${name}`,
      name,
    );
  }
  return raw === 'on';
}

function readPorts(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: readonly number[],
): readonly number[] {
  if (env[name] === undefined || env[name].trim() === '') {
    return fallback;
  }
  return readList(env, name, []).map((item) => {
    const port = /^\d{1,5}$/.test(item) ? Number(item) : NaN;
    if (!(port >= 1 && port <= 65535)) {
      throw new VigilError(
        'INVALID_INPUT',
        `${name}=${env[name]} is invalid: ${item} is not a port from 1 to 65535; give comma-separated ports such as 80,443`,
        name,
      );
    }
    return port;
  });
}

/** Reads resolver addresses: `IPv4`, `IPv4:port`, `IPv6` or `[IPv6]:port`, comma-separated. */
function readDnsServers(env: NodeJS.ProcessEnv, name: string): readonly string[] {
  if (env[name] === undefined || env[name].trim() === '') {
    return [];
  }
  return readList(env, name, []).map((item) => {
    const match =
      /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(item) ?? /^([^:]+)(?::(\d{1,5}))?$/.exec(item);
    const address = match?.[1] ?? item;
    const port = match?.[2] === undefined ? 53 : Number(match[2]);
    if (isIP(address) === 0 || port < 1 || port > 65535) {
      throw new VigilError(
        'INVALID_INPUT',
        `${name}=${env[name]} is invalid: ${item} is not a resolver address such as 127.0.0.1:53 or [::1]:53; names are not accepted`,
        name,
      );
    }
    return item;
  });
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
