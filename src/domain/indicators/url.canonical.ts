import { Buffer } from 'node:buffer';

import { byteStringFrom, lowercaseAscii, utf8ByteString } from './byte-string.ts';
import { canonicalizeUrlHost } from './host.ts';
import { IndicatorError } from './indicator.ts';
import { percentDecodeFully, percentEscape } from './percent-encoding.ts';
import { Rejection } from './rejection.ts';
import { canonicalizePath } from './url-path.ts';

/**
 * Longer inputs are rejected before any other work. Most web servers refuse request lines
 * over about 8 KiB, so a longer URL cannot be a working link.
 */
export const MAX_URL_LENGTH = 8192;

/** Schemes read as URLs. Others (`mailto:`, `javascript:`, `file:`) are rejected. */
const WEB_SCHEMES: ReadonlySet<string> = new Set(['http', 'https', 'ftp', 'ws', 'wss']);

const TAB_OR_NEWLINE = /[\t\n\r]/;
const TAB_OR_NEWLINE_ALL = /[\t\n\r]/g;
const BACKSLASH_ALL = /\\/g;

const EMPTY_URL = new Rejection('empty URL');
const INVALID_PORT = new Rejection('invalid port');

/** The parts of a canonical URL; the query is undefined when the URL has no `?`. */
export interface CanonicalUrlParts {
  readonly scheme: string;
  readonly host: string;
  readonly path: string;
  readonly query: string | undefined;
}

/**
 * Canonicalizes a URL as Google Safe Browsing (v4 "URLs and Hashing") specifies, so that every
 * spelling of one URL gives one string. In order:
 *
 * 1. Trim leading and trailing whitespace and C0 controls, and remove every TAB, CR and LF.
 * 2. Cut the fragment at the first `#`.
 * 3. Take the scheme, lowercased. Without one, assume `http` (`www.google.com`, `host:8080/x`,
 *    `//host/x`). A scheme that is itself percent-escaped (`http%3A%2F%2Fhost/`) is decoded.
 *    Only http, https, ftp, ws and wss are accepted, and a scheme without `//` is rejected.
 * 4. Split the authority at the first `/`, `?` or `\` (browsers read `\` as `/` in web URLs).
 *    Drop the user info before the last literal `@`, and drop the port, as the spec's test
 *    vectors do. The spec decodes before it splits, but here the `@` must be literal, so that
 *    `evil.com%40bank.com` cannot turn into host `bank.com`. When the scheme itself was escaped,
 *    no `@` is literal, so such a URL with user info is rejected.
 * 5. Percent-decode host, path and query repeatedly until no escape remains.
 * 6. Host (see canonicalizeUrlHost): trim and collapse dots, write IPv4 given in decimal, octal,
 *    hex or fewer parts as a dotted quad, lowercase, and turn a Unicode (UTF-8) host into
 *    punycode through UTS #46 as browsers map it. An IPv6 literal is normalized as RFC 5952
 *    specifies. An IPv4-mapped or NAT64 literal becomes its IPv4 address, as the current Safe
 *    Browsing reference specifies. A decoded `/` or `?` ends the host, as when the whole URL is
 *    decoded first.
 * 7. Path: resolve `.` and `..`, and collapse repeated slashes. An empty path becomes `/`. The
 *    query keeps its bytes, and an empty query keeps its `?`.
 * 8. Percent-escape bytes up to 0x20, 0x7f and above, `#` and `%`, with uppercase hex.
 *
 * The input is text: characters outside ASCII are encoded as UTF-8 before step 5, as a browser
 * sends them, and an unpaired surrogate becomes U+FFFD. For raw bytes that are not UTF-8, use
 * canonicalizeUrlBytes. The result is ASCII.
 *
 * Returns an IndicatorError for an empty input, an input over MAX_URL_LENGTH, an unsupported
 * scheme, a missing or invalid host (see canonicalizeUrlHost), or an invalid port.
 *
 * @example canonicalizeUrl('HTTP://www.Example.com.:80/a/../b?q#top') // 'http://www.example.com/b?q'
 */
export function canonicalizeUrl(raw: string): string | IndicatorError {
  if (raw.length > MAX_URL_LENGTH) {
    return new IndicatorError(raw, `longer than ${MAX_URL_LENGTH} characters`, 'url');
  }
  const canonical = canonicalizeByteString(utf8ByteString(raw.trim()));
  return canonical instanceof Rejection
    ? new IndicatorError(raw, canonical.reason, 'url')
    : canonical;
}

/**
 * Canonicalizes a URL given as raw bytes, such as a line of a file read into a Buffer, as
 * canonicalizeUrl does. Each byte stays one byte, so bytes that are not valid UTF-8 survive
 * (`http://\x01\x80.com/` becomes `http://%01%80.com/`, as the spec's vectors require). A host
 * whose bytes are not UTF-8 is kept as bytes, escaped, and a host that is UTF-8 becomes punycode.
 * An IndicatorError contains the first KiB of the input decoded as UTF-8, for display.
 */
export function canonicalizeUrlBytes(bytes: Uint8Array): string | IndicatorError {
  if (bytes.length > MAX_URL_LENGTH) {
    return new IndicatorError(displayText(bytes), `longer than ${MAX_URL_LENGTH} bytes`, 'url');
  }
  const canonical = canonicalizeByteString(byteStringFrom(bytes));
  return canonical instanceof Rejection
    ? new IndicatorError(displayText(bytes), canonical.reason, 'url')
    : canonical;
}

/**
 * Splits a URL that canonicalizeUrl returned into its parts, each as it appears in the URL
 * (the host percent-escaped, an IPv6 host in brackets). Other input gives meaningless parts.
 */
export function splitCanonicalUrl(canonicalUrl: string): CanonicalUrlParts {
  const separator = canonicalUrl.indexOf('://');
  const hostStart = separator + 3;
  const slash = canonicalUrl.indexOf('/', hostStart);
  const pathStart = slash === -1 ? canonicalUrl.length : slash;
  const question = canonicalUrl.indexOf('?', pathStart);
  const pathEnd = question === -1 ? canonicalUrl.length : question;
  return {
    scheme: canonicalUrl.slice(0, Math.max(separator, 0)),
    host: canonicalUrl.slice(hostStart, pathStart),
    path: canonicalUrl.slice(pathStart, pathEnd) || '/',
    query: question === -1 ? undefined : canonicalUrl.slice(question + 1),
  };
}

function canonicalizeByteString(input: string): string | Rejection {
  const url = prepare(input);
  if (url === '') {
    return EMPTY_URL;
  }

  const colon = schemeColon(url);
  if (colon > 0 && hasTwoSlashes(url, colon + 1)) {
    return canonicalizeParts(url.slice(0, colon), url, colon + 3, true);
  }
  if (url.includes('%')) {
    const decoded = percentDecodeFully(url);
    const decodedColon = schemeColon(decoded);
    if (decodedColon > 0 && hasTwoSlashes(decoded, decodedColon + 1)) {
      // Every `@` here may have been escaped, so none counts as the end of user info.
      return canonicalizeParts(decoded.slice(0, decodedColon), decoded, decodedColon + 3, false);
    }
  }
  if (colon > 0 && !isHostWithPort(url, colon)) {
    return rejectScheme(lowercaseAscii(url.slice(0, colon)));
  }
  return canonicalizeParts('http', url, hasTwoSlashes(url, 0) ? 2 : 0, true);
}

/**
 * Canonicalizes a URL from the authority at `start` on. With `literalUserInfo`, the user info
 * before the last `@` of the authority is dropped; without it, an `@` stays in the host, which
 * canonicalizeUrlHost rejects.
 */
function canonicalizeParts(
  schemeText: string,
  url: string,
  start: number,
  literalUserInfo: boolean,
): string | Rejection {
  const scheme = lowercaseAscii(schemeText);
  if (!WEB_SCHEMES.has(scheme)) {
    return rejectScheme(scheme);
  }

  const end = authorityEnd(url, start);
  const authority = url.slice(start, end);
  const at = literalUserInfo ? authority.lastIndexOf('@') : -1;
  let hostAndPort = percentDecodeFully(at === -1 ? authority : authority.slice(at + 1));
  let rest = percentDecodeFully(url.slice(end));

  const delimiter = firstPathDelimiter(hostAndPort);
  if (delimiter !== -1) {
    rest = hostAndPort.slice(delimiter) + rest;
    hostAndPort = hostAndPort.slice(0, delimiter);
  }

  const hostBytes = withoutPort(hostAndPort);
  if (hostBytes instanceof Rejection) {
    return hostBytes;
  }
  const host = canonicalizeUrlHost(hostBytes);
  if (host instanceof Rejection) {
    return host;
  }

  const question = rest.indexOf('?');
  const path = canonicalizePath(withSlashes(question === -1 ? rest : rest.slice(0, question)));
  const query = question === -1 ? '' : `?${percentEscape(rest.slice(question + 1))}`;
  return `${scheme}://${host}${percentEscape(path)}${query}`;
}

/** Decodes the first KiB of raw input as UTF-8, with U+FFFD for invalid bytes, for an error. */
function displayText(bytes: Uint8Array): string {
  const head = bytes.subarray(0, 1024);
  return Buffer.from(head.buffer, head.byteOffset, head.byteLength).toString('utf8');
}

/** Trims C0 controls and spaces, removes TAB, CR and LF, and cuts the fragment. */
function prepare(bytes: string): string {
  let start = 0;
  let end = bytes.length;
  while (start < end && bytes.charCodeAt(start) <= 0x20) {
    start++;
  }
  while (end > start && bytes.charCodeAt(end - 1) <= 0x20) {
    end--;
  }

  let url = start === 0 && end === bytes.length ? bytes : bytes.slice(start, end);
  if (TAB_OR_NEWLINE.test(url)) {
    url = url.replace(TAB_OR_NEWLINE_ALL, '');
  }
  const hash = url.indexOf('#');
  return hash === -1 ? url : url.slice(0, hash);
}

/** Returns the index of the `:` that ends a scheme (RFC 3986 syntax), or -1. */
function schemeColon(url: string): number {
  if (!isAsciiLetter(url.charCodeAt(0))) {
    return -1;
  }
  for (let index = 1; index < url.length; index++) {
    const code = url.charCodeAt(index);
    if (code === 0x3a) {
      return index;
    }
    const isSchemeCharacter =
      isAsciiLetter(code) || isDigit(code) || code === 0x2b || code === 0x2d || code === 0x2e;
    if (!isSchemeCharacter) {
      return -1;
    }
  }
  return -1;
}

/** Tests whether `url` has two slashes (or backslashes, as browsers read them) at `index`. */
function hasTwoSlashes(url: string, index: number): boolean {
  return isSlash(url.charCodeAt(index)) && isSlash(url.charCodeAt(index + 1));
}

/**
 * Tests whether the text before `colon` is a host rather than a scheme: it has a dot
 * (`example.com:abc`, whose port is then rejected), or digits follow the colon up to the end of
 * the authority (`localhost:8080/x`).
 */
function isHostWithPort(url: string, colon: number): boolean {
  if (url.lastIndexOf('.', colon) !== -1) {
    return true;
  }
  let index = colon + 1;
  while (isDigit(url.charCodeAt(index))) {
    index++;
  }
  if (index === colon + 1) {
    return false;
  }
  return index === url.length || isAuthorityEnd(url.charCodeAt(index));
}

function rejectScheme(scheme: string): Rejection {
  return WEB_SCHEMES.has(scheme)
    ? new Rejection(`missing "//" after "${scheme}:"`)
    : new Rejection(`unsupported scheme "${scheme.slice(0, 32)}"`);
}

function authorityEnd(url: string, start: number): number {
  for (let index = start; index < url.length; index++) {
    if (isAuthorityEnd(url.charCodeAt(index))) {
      return index;
    }
  }
  return url.length;
}

/**
 * Reads `\` as `/` in a decoded path, as browsers do in web URLs. Doing it after decoding makes
 * `%5C` a slash too, so that no canonical path contains a `\` that a second pass would change.
 */
function withSlashes(path: string): string {
  return path.includes('\\') ? path.replace(BACKSLASH_ALL, '/') : path;
}

function firstPathDelimiter(hostAndPort: string): number {
  const slash = hostAndPort.indexOf('/');
  const question = hostAndPort.indexOf('?');
  if (slash === -1) {
    return question;
  }
  return question === -1 ? slash : Math.min(slash, question);
}

/** Removes a valid port; an IPv6 literal keeps its brackets. */
function withoutPort(hostAndPort: string): string | Rejection {
  if (hostAndPort.charCodeAt(0) === 0x5b) {
    const close = hostAndPort.indexOf(']');
    const after = close === -1 ? '' : hostAndPort.slice(close + 1);
    if (after === '') {
      return hostAndPort;
    }
    const validPort = after.charCodeAt(0) === 0x3a && isPort(after.slice(1));
    return validPort ? hostAndPort.slice(0, close + 1) : INVALID_PORT;
  }

  const colon = hostAndPort.lastIndexOf(':');
  if (colon === -1) {
    return hostAndPort;
  }
  return isPort(hostAndPort.slice(colon + 1)) ? hostAndPort.slice(0, colon) : INVALID_PORT;
}

/** Tests for an empty port or digits up to 65535, as the WHATWG URL parser accepts them. */
function isPort(text: string): boolean {
  let value = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (!isDigit(code)) {
      return false;
    }
    value = value * 10 + (code - 0x30);
    if (value > 65535) {
      return false;
    }
  }
  return true;
}

function isAuthorityEnd(code: number): boolean {
  return code === 0x2f || code === 0x3f || code === 0x5c;
}

function isSlash(code: number): boolean {
  return code === 0x2f || code === 0x5c;
}

function isAsciiLetter(code: number): boolean {
  const lower = code | 0x20;
  return lower >= 0x61 && lower <= 0x7a;
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}
