import { isIP } from 'node:net';

/** A URL that may be fetched once its host's addresses pass `checkAddress`. */
export interface FetchTarget {
  readonly url: URL;
  /** The host name, or the IP address without brackets. */
  readonly host: string;
  readonly port: number;
  readonly isAddress: boolean;
}

export type TargetCheck =
  | { readonly ok: true; readonly target: FetchTarget }
  | { readonly ok: false; readonly reason: string };

/** Ports the safe fetch uses unless the operator configures others. */
export const DEFAULT_FETCH_PORTS: readonly number[] = [80, 443, 8080, 8443];

/** Names that always point at the local machine or network, whatever DNS returns. */
const LOCAL_NAME = /(^|\.)(localhost|local|localdomain|internal|intranet|lan|home\.arpa|corp)$/;

const MAX_URL_LENGTH = 8192;

export interface TargetOptions {
  readonly ports?: readonly number[];
  /** `address:port` pairs allowed whatever their range and port, for tests against 127.0.0.1. */
  readonly allowedTargets?: readonly string[];
}

/**
 * Parses a URL to fetch and rejects what no fetch should follow: schemes other than http and
 * https, user info, ports outside the allowed list, single-label and local names. The WHATWG
 * parser turns decimal, octal, hexadecimal and short IPv4 forms into dotted quads, so the
 * address check receives the real address.
 */
export function checkTargetUrl(raw: string, options: TargetOptions = {}): TargetCheck {
  if (raw.length > MAX_URL_LENGTH) {
    return { ok: false, reason: `URL is longer than ${MAX_URL_LENGTH} characters` };
  }
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return { ok: false, reason: `${JSON.stringify(raw.slice(0, 200))} is not a valid URL` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, reason: `scheme ${url.protocol} is not allowed; use http or https` };
  }
  if (url.username !== '' || url.password !== '') {
    return { ok: false, reason: 'URL carries user info (user:password@), which is never sent' };
  }

  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  const defaultPort = url.protocol === 'https:' ? 443 : 80;
  const port = url.port === '' ? defaultPort : Number(url.port);
  const isAddress = isIP(host) !== 0;
  const target = { url, host, port, isAddress };
  if (isAllowedTarget(target, options.allowedTargets)) {
    return { ok: true, target };
  }

  const ports = options.ports ?? DEFAULT_FETCH_PORTS;
  const testPort = options.allowedTargets?.some((entry) => entry.endsWith(`:${port}`)) ?? false;
  if (!ports.includes(port) && !testPort) {
    return { ok: false, reason: `port ${port} is not allowed; allowed ports: ${ports.join(', ')}` };
  }
  const name = host.replace(/\.$/, '');
  if (!isAddress && (!name.includes('.') || LOCAL_NAME.test(name))) {
    return { ok: false, reason: `host ${host} is a local or single-label name` };
  }
  return { ok: true, target };
}

/** Returns whether `port` may be used by a target that is not on the test-only allow-list. */
export function isAllowedPort(port: number, options: TargetOptions): boolean {
  return (options.ports ?? DEFAULT_FETCH_PORTS).includes(port);
}

/** Returns whether a target is on the test-only allow-list, by its literal address and port. */
export function isAllowedTarget(
  target: Pick<FetchTarget, 'host' | 'port'>,
  allowedTargets: readonly string[] | undefined,
): boolean {
  return allowedTargets?.includes(`${target.host}:${target.port}`) ?? false;
}
