import { createHash } from 'node:crypto';

import type { ExportListing } from './export-listing.ts';

export interface RpzZoneOptions {
  /** The zone's origin, such as `rpz.vigil.invalid`, with or without the final dot. */
  readonly origin: string;
  /** The SOA serial; the caller makes it increase whenever the records change. */
  readonly serial: number;
  /** The walled-garden host the records point to; empty for NXDOMAIN (`CNAME .`). */
  readonly target: string;
  /** The TTL of every record, in seconds. Defaults to 300. */
  readonly ttl?: number;
  /** The time written in the header comment. */
  readonly generatedAt: string;
}

/** The trigger names of a zone, without repeats, and how many were invalid. */
export interface RpzNames {
  readonly names: readonly string[];
  readonly skipped: number;
}

/**
 * A name of labels of 1 to 63 letters, digits, `-` or `_`. A `*` label is
 * rejected, so only the writer adds wildcards, and only for listed domains.
 */
const OWNER = /^(?:[a-z0-9_-]{1,63}\.)*[a-z0-9_-]{1,63}$/;
const MAX_NAME_LENGTH = 253;
const IPV4_HOST = /^\d{1,3}(?:\.\d{1,3}){3}$/;

/**
 * Returns the RPZ trigger names for a listing, relative to the origin. A
 * domain listing blocks the domain and every name under it (`name` and
 * `*.name`). A URL listing blocks its host only when the URL is the host's
 * root page (`http://host/` or `https://host/` without a query). Blocking a
 * host in DNS for one page on it would block every other page on it, which
 * the decision did not name. Other kinds, and IP hosts, have no trigger name.
 */
export function rpzNames(listing: Pick<ExportListing, 'kind' | 'value' | 'host'>): string[] {
  if (listing.kind === 'domain') {
    return [listing.value, `*.${listing.value}`];
  }
  if (listing.kind === 'url' && listing.host !== null && isRootUrl(listing.value, listing.host)) {
    return IPV4_HOST.test(listing.host) || listing.host.startsWith('[') ? [] : [listing.host];
  }
  return [];
}

function isRootUrl(url: string, host: string): boolean {
  return url === `http://${host}/` || url === `https://${host}/`;
}

/**
 * Builds the records of a zone, one `CNAME` per trigger name (see rpzNames):
 * `CNAME .` for NXDOMAIN, or the walled-garden target. Names repeat nowhere,
 * and come in the order first added, so the same listings in the same order
 * give the same zone. Names that are not valid DNS names under the origin (a
 * label over 63 bytes, a character outside letters, digits, `-` and `_`, or a
 * whole name over 253 bytes) are left out and counted in `skipped`.
 */
export class RpzRecordWriter {
  readonly #seen = new Set<string>();
  /** Names added as a URL's host only, without their wildcard so far. */
  readonly #hostsOnly = new Set<string>();
  readonly #lines: string[] = [];
  readonly #origin: string;
  readonly #suffix: string;
  count = 0;
  skipped = 0;

  constructor(origin: string, target: string) {
    this.#origin = origin.replace(/\.$/, '');
    this.#suffix = ` CNAME ${target === '' ? '.' : `${target.replace(/\.$/, '')}.`}\n`;
  }

  add(listing: Pick<ExportListing, 'kind' | 'value' | 'host'>): void {
    const [name, wildcard] = rpzNames(listing);
    if (name !== undefined) {
      this.addName(name, wildcard !== undefined);
    }
  }

  /**
   * Adds a listed domain, with its wildcard, or the host of a listed root URL.
   * IP hosts are ignored: RPZ matches query names, not addresses.
   */
  addName(name: string, wildcard: boolean): void {
    if (!wildcard && (IPV4_HOST.test(name) || name.startsWith('['))) {
      return;
    }
    if (!isValidOwner(name, this.#origin, wildcard ? 2 : 0)) {
      this.skipped += wildcard ? 2 : 1;
      return;
    }
    if (!this.#seen.has(name)) {
      this.#seen.add(name);
      this.#lines.push(name + this.#suffix);
      this.count++;
      if (!wildcard) {
        this.#hostsOnly.add(name);
      }
    } else if (!wildcard || !this.#hostsOnly.delete(name)) {
      // A repeat, unless a root URL's host was added before the domain itself.
      return;
    }
    if (wildcard) {
      this.#lines.push(`*.${name}${this.#suffix}`);
      this.count++;
    }
  }

  records(): string {
    return this.#lines.join('');
  }

  /** Returns the trigger names, in record order. */
  names(): string[] {
    return this.#lines.map((line) => line.slice(0, line.indexOf(' ')));
  }
}

/** Collects the trigger names of listings; see RpzRecordWriter. */
export function collectRpzNames(
  listings: Iterable<Pick<ExportListing, 'kind' | 'value' | 'host'>>,
  origin: string,
): RpzNames {
  const writer = new RpzRecordWriter(origin, '');
  for (const listing of listings) {
    writer.add(listing);
  }
  return { names: writer.names(), skipped: writer.skipped };
}

/** Hashes the records of a zone, so the serial changes exactly when they do. */
export function rpzContentHash(records: string): string {
  return createHash('sha256').update(records).digest('hex');
}

/**
 * Writes a DNS RPZ zone that BIND and Unbound load: `$TTL`, `$ORIGIN`, an SOA
 * with `serial`, an NS record, then the records of an RpzRecordWriter.
 */
export function writeRpzZone(records: string, count: number, options: RpzZoneOptions): string {
  const origin = options.origin.replace(/\.$/, '');
  const ttl = options.ttl ?? 300;
  const answer = options.target === '' ? 'NXDOMAIN' : `with ${options.target.replace(/\.$/, '')}.`;
  const header = [
    `; Vigil response policy zone, generated ${options.generatedAt}`,
    `; ${count} names; answers ${answer}`,
    `$TTL ${ttl}`,
    `$ORIGIN ${origin}.`,
    `@ IN SOA localhost. hostmaster.localhost. ${options.serial} 3600 600 604800 ${ttl}`,
    '@ IN NS localhost.',
    '',
  ].join('\n');
  return header + records;
}

/** Tests a name, which with `extra` more bytes (for `*.`) must still fit under the origin. */
function isValidOwner(name: string, origin: string, extra: number): boolean {
  return name.length + extra + origin.length + 1 <= MAX_NAME_LENGTH && OWNER.test(name);
}
