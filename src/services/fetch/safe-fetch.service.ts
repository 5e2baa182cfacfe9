import { createHash } from 'node:crypto';

import { type AddressVerdict, checkAddress } from '../../domain/net/address-policy.ts';
import {
  type FetchTarget,
  checkTargetUrl,
  isAllowedPort,
  isAllowedTarget,
} from '../../domain/net/target-url.ts';
import type { DnsService } from '../dns.service.ts';
import type { FetchHop, FetchRecord, TlsSummary } from './fetch-record.ts';
import { findFaviconUrl, readTitle } from './html-metadata.ts';
import { createPinnedClient } from './pinned-client.ts';

/** User agent of every request, which names the software and why it fetches. */
export const FETCH_USER_AGENT = 'Vigil-Enrichment/1.0 (checks reported fraud and phishing URLs)';

export interface SafeFetchOptions {
  readonly dns: Pick<DnsService, 'resolveAddresses'>;
  readonly ports?: readonly number[];
  /** `address:port` pairs allowed whatever their range. Only tests set this. */
  readonly allowedTargets?: readonly string[];
  readonly maxRedirects?: number;
  readonly maxBodyBytes?: number;
  readonly maxHeaderBytes?: number;
  /** Milliseconds for the whole fetch, redirects and favicon included. */
  readonly timeoutMs?: number;
  /** Whether to fetch the favicon too and record its hash (default true). */
  readonly favicon?: boolean;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const MAX_FAVICON_BYTES = 100 * 1024;

interface Resolved {
  readonly target: FetchTarget;
  readonly address: string;
}

interface PageResponse {
  readonly hop: FetchHop;
  readonly body: Buffer;
  readonly truncated: boolean;
  readonly contentType?: string;
  readonly tls?: TlsSummary;
}

/**
 * Fetches reported URLs without letting them reach inside our network, as
 * `fetch` describes.
 */
export class SafeFetchService {
  readonly #options: SafeFetchOptions;

  constructor(options: SafeFetchOptions) {
    this.#options = options;
  }

  /**
   * Fetches `url` with GET, following at most `maxRedirects` redirects. Every hop's URL and
   * every address its name resolves to are checked before connecting, and the connection
   * goes to the checked address. Returns a rejection or failure as the record's outcome
   * instead of throwing.
   */
  async fetch(url: string): Promise<FetchRecord> {
    const started = Date.now();
    const signal = AbortSignal.timeout(this.#options.timeoutMs ?? 15_000);
    const hops: FetchHop[] = [];
    const done = (record: Omit<FetchRecord, 'requestedUrl' | 'hops' | 'durationMs'>) => ({
      ...record,
      requestedUrl: url,
      hops,
      durationMs: Date.now() - started,
    });

    let current = url;
    const maxRedirects = this.#options.maxRedirects ?? 5;
    for (let redirects = 0; ; redirects += 1) {
      const resolved = await this.#resolve(current);
      if ('reason' in resolved) {
        return done({ outcome: resolved.refused ? 'refused' : 'failed', reason: resolved.reason });
      }

      let page: PageResponse;
      try {
        page = await this.#request(resolved, this.#options.maxBodyBytes ?? 2 * 1024 * 1024, signal);
      } catch (error) {
        return done({ outcome: 'failed', reason: describeError(error, current) });
      }
      hops.push(page.hop);

      const location = page.hop.location;
      if (!REDIRECT_STATUSES.has(page.hop.status) || location === undefined) {
        return done(await this.#describePage(page, signal));
      }
      if (redirects >= maxRedirects) {
        return done({ outcome: 'refused', reason: `more than ${maxRedirects} redirects` });
      }
      current = location;
    }
  }

  async #describePage(page: PageResponse, signal: AbortSignal) {
    const isHtml = page.contentType?.includes('html') ?? false;
    const html = isHtml ? page.body.toString('utf8') : '';
    const favicon =
      this.#options.favicon === false
        ? undefined
        : await this.#fetchFavicon(html, page.hop.url, signal);
    return {
      outcome: 'fetched' as const,
      finalUrl: page.hop.url,
      status: page.hop.status,
      ...(page.contentType === undefined ? {} : { contentType: page.contentType }),
      ...(isHtml && readTitle(html) !== undefined ? { title: readTitle(html) } : {}),
      bytes: page.body.length,
      truncated: page.truncated,
      sha256: sha256(page.body),
      ...(favicon ?? {}),
      ...(page.tls === undefined ? {} : { tls: page.tls }),
    };
  }

  async #fetchFavicon(html: string, pageUrl: string, signal: AbortSignal) {
    const faviconUrl = findFaviconUrl(html, pageUrl);
    const resolved = await this.#resolve(faviconUrl);
    if ('reason' in resolved) {
      return { faviconUrl };
    }
    try {
      const icon = await this.#request(resolved, MAX_FAVICON_BYTES, signal);
      const found = icon.hop.status === 200 && icon.body.length > 0;
      return found ? { faviconUrl, faviconSha256: sha256(icon.body) } : { faviconUrl };
    } catch {
      return { faviconUrl };
    }
  }

  /** Checks a URL and the addresses of its host, and returns the address to connect to. */
  async #resolve(url: string): Promise<Resolved | { reason: string; refused: boolean }> {
    const check = checkTargetUrl(url, this.#options);
    if (!check.ok) {
      return { reason: check.reason, refused: true };
    }
    const { target } = check;
    let addresses: string[];
    try {
      addresses = target.isAddress
        ? [target.host]
        : await this.#options.dns.resolveAddresses(target.host);
    } catch (error) {
      return {
        reason: `resolving ${target.host} failed: ${describeError(error, url)}`,
        refused: false,
      };
    }
    if (addresses.length === 0) {
      return { reason: `${target.host} has no A or AAAA records`, refused: false };
    }

    const verdicts = addresses.map((address) => this.#checkResolved(address, target.port));
    const refused = verdicts.find((verdict) => !verdict.allowed);
    if (refused !== undefined && !refused.allowed) {
      const via = target.isAddress ? '' : `${target.host} resolves to ${refused.address}, and `;
      return { reason: `${via}${refused.reason}`, refused: true };
    }
    return { target, address: verdicts[0]!.address };
  }

  #checkResolved(address: string, port: number): AddressVerdict {
    if (isAllowedTarget({ host: address, port }, this.#options.allowedTargets)) {
      return { allowed: true, address, family: address.includes(':') ? 6 : 4 };
    }
    if (!isAllowedPort(port, this.#options)) {
      return { allowed: false, address, reason: `port ${port} is not allowed for ${address}` };
    }
    return checkAddress(address);
  }

  async #request(resolved: Resolved, maxBytes: number, signal: AbortSignal): Promise<PageResponse> {
    const { target, address } = resolved;
    let tls: TlsSummary | undefined;
    const client = createPinnedClient({
      origin: target.url.origin,
      address,
      serverName: target.isAddress ? undefined : target.host,
      maxHeaderBytes: this.#options.maxHeaderBytes ?? 16 * 1024,
      timeoutMs: this.#options.timeoutMs ?? 15_000,
      onTls: (summary) => {
        tls = summary;
      },
    });
    try {
      const response = await client.request({
        method: 'GET',
        path: `${target.url.pathname}${target.url.search}`,
        headers: { 'user-agent': FETCH_USER_AGENT, accept: 'text/html,*/*;q=0.8' },
        signal,
      });
      const { body, truncated } = await readCapped(response.body, maxBytes);
      const location = headerValue(response.headers.location);
      const contentType = headerValue(response.headers['content-type']);
      const hop: FetchHop = {
        url: target.url.toString(),
        address,
        status: response.statusCode,
        ...(location === undefined ? {} : { location: resolveLocation(location, target.url) }),
      };
      return {
        hop,
        body,
        truncated,
        ...(contentType === undefined ? {} : { contentType }),
        ...(tls ? { tls } : {}),
      };
    } finally {
      await client.destroy().catch(() => undefined);
    }
  }
}

async function readCapped(
  body: AsyncIterable<Buffer> & { destroy(): unknown },
  maxBytes: number,
): Promise<{ body: Buffer; truncated: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const room = maxBytes - size;
    if (chunk.length > room) {
      chunks.push(chunk.subarray(0, room));
      body.destroy();
      return { body: Buffer.concat(chunks), truncated: true };
    }
    chunks.push(chunk);
    size += chunk.length;
  }
  return { body: Buffer.concat(chunks), truncated: false };
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function resolveLocation(location: string, base: URL): string {
  try {
    return new URL(location, base).toString();
  } catch {
    return location;
  }
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function describeError(error: unknown, url: string): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (error.name === 'TimeoutError' || error.name === 'AbortError') {
      return `fetching ${url} timed out`;
    }
    return code === undefined ? error.message : `${code}: ${error.message}`;
  }
  return String(error);
}
