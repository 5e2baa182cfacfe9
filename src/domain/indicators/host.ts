import { domainToASCII, domainToUnicode } from 'node:url';

import punycode from 'punycode/punycode.js';
import { getDomain } from 'tldts';

import { decodeUtf8, hasNonAscii, lowercaseAscii } from './byte-string.ts';
import { IndicatorError } from './indicator.ts';
import { canonicalizeIpv6, parseIpv4Host } from './ip.ts';
import { percentEscape } from './percent-encoding.ts';
import { Rejection } from './rejection.ts';

/** DNS limits (RFC 1035): 255 octets for a name on the wire, which is 253 characters of text. */
export const MAX_HOST_LENGTH = 253;
/** DNS limits a label to 63 octets (RFC 1035). */
export const MAX_LABEL_LENGTH = 63;
/** Inputs longer than this are rejected before any work, whatever they would shorten to. */
const MAX_HOST_INPUT_LENGTH = 1024;

const MISSING_HOST = new Rejection('missing host');
const HOST_TOO_LONG = new Rejection(`host is longer than ${MAX_HOST_LENGTH} characters`);
const LABEL_TOO_LONG = new Rejection(`host label is longer than ${MAX_LABEL_LENGTH} characters`);
const INVALID_IDN = new Rejection('invalid internationalized domain name');
const INVALID_IPV6_LITERAL = new Rejection('invalid IPv6 literal');
const URL_HOST_DELIMITER = new Rejection('host contains "@", ":", "\\", "[" or "]"');
const INVALID_HOST_CHARACTER = new Rejection(
  'host may contain only letters, digits, "-", "_" and "."',
);
const INVALID_TOP_LEVEL_LABEL = new Rejection(
  'top-level label must be letters, digits and inner "-", not all digits',
);
const INVALID_PUNYCODE = new Rejection('invalid punycode label');

const REPEATED_DOTS = /\.{2,}/g;
const URL_HOST_DELIMITERS = /[@:\\[\]]/;
const STRICT_HOST_CHARACTERS = /^[a-z0-9_.-]+$/;
const ALL_DIGITS = /^[0-9]+$/;

// tldts skips hostname validation when extractHostname is false (tldts 7.6), so keep it on.
const TLDTS_OPTIONS = {
  allowPrivateDomains: true,
  detectIp: true,
  validateHostname: true,
} as const;

/**
 * Canonicalizes the host of a URL, given as a byte string that is already percent-decoded and
 * has no port or user info. Follows the Safe Browsing host rules and their test vectors, which are
 * lenient: any byte may stay, escaped, because the host is an identity and not something to
 * resolve. See canonicalizeUrl for the steps.
 *
 * Returns the host percent-escaped as in a canonical URL, or `[ipv6]` for an IPv6 literal. The
 * host is rejected when it is empty, longer than DNS allows, an invalid IPv6 literal, valid UTF-8
 * but not a valid IDN, or has a character that would change how the URL reads back.
 */
export function canonicalizeUrlHost(bytes: string): string | Rejection {
  if (bytes.charCodeAt(0) === 0x5b) {
    return canonicalizeIpLiteral(bytes);
  }

  let host = lowercaseAscii(bytes);
  if (hasNonAscii(host)) {
    const unicode = decodeUtf8(host);
    // Bytes that are not UTF-8 cannot be an IDN; the spec keeps them, escaped.
    if (unicode !== undefined) {
      host = domainToASCII(unicode);
      if (host === '') {
        return INVALID_IDN;
      }
    }
  }

  host = normalizeDots(host);
  if (host === '') {
    return MISSING_HOST;
  }
  if (URL_HOST_DELIMITERS.test(host)) {
    return URL_HOST_DELIMITER;
  }
  const ipv4 = parseIpv4Host(host);
  if (ipv4 !== undefined) {
    return ipv4;
  }
  return checkLength(host) ?? percentEscape(host);
}

/**
 * Canonicalizes a host name or IP literal given alone, as a domain indicator. It applies the
 * host rules of canonicalizeUrl: dots trimmed and collapsed, legacy IPv4 forms decoded,
 * lowercase, and IDN to punycode A-labels through UTS #46 as browsers map them. Then it checks
 * that the result is a host name that DNS can hold.
 *
 * Accepts Unicode (`vietcombánk.vn`, ideographic full stops as dots) and punycode, but rejects
 * an invalid `xn--` label. Labels are letters, digits, `-` and `_`. The underscore is allowed
 * below the top-level label because DNS permits it and real phishing hosts use it
 * (`lacie_killin.gitlab.io`). The top-level label must not be all digits. Returns the host,
 * a dotted quad for an IPv4 host, or `[ipv6]` for a bracketed IPv6 literal.
 */
export function canonicalizeHost(raw: string): string | IndicatorError {
  const host = canonicalHostText(raw);
  return host instanceof Rejection ? new IndicatorError(raw, host.reason, 'domain') : host;
}

/**
 * Converts an ASCII host to Unicode for display, punycode labels decoded (`xn--mlat-zra.com`
 * to `ümlat.com`). Returns the input when it has no punycode label or does not decode.
 *
 * NOTE: applies no IDN spoofing policy as browsers do; a person comparing a lookalike with the
 * real domain needs the ASCII form beside this one.
 */
export function toDisplayHost(ascii: string): string {
  if (!ascii.includes('xn--')) {
    return ascii;
  }
  return domainToUnicode(ascii) || ascii;
}

/**
 * Returns the registrable domain of a canonical host under the Public Suffix List, private
 * suffixes included (`x.github.io`, `b.com.vn` for `a.b.com.vn`), or undefined for an IP
 * address, a public suffix itself, or a host that is not a valid host name.
 */
export function registrableDomain(host: string): string | undefined {
  if (host.startsWith('[')) {
    return undefined;
  }
  return getDomain(host, TLDTS_OPTIONS) ?? undefined;
}

function canonicalHostText(raw: string): string | Rejection {
  if (raw.length > MAX_HOST_INPUT_LENGTH) {
    return HOST_TOO_LONG;
  }
  const text = raw.trim();
  if (text.startsWith('[')) {
    return canonicalizeIpLiteral(text);
  }

  const ascii = hasNonAscii(text) ? domainToASCII(text) : text.toLowerCase();
  if (ascii === '' && text !== '') {
    return INVALID_IDN;
  }
  const host = normalizeDots(ascii);
  if (host === '') {
    return MISSING_HOST;
  }
  if (!STRICT_HOST_CHARACTERS.test(host)) {
    return INVALID_HOST_CHARACTER;
  }
  const ipv4 = parseIpv4Host(host);
  if (ipv4 !== undefined) {
    return ipv4;
  }
  return checkLength(host) ?? checkLabels(host) ?? host;
}

function checkLabels(host: string): Rejection | undefined {
  const topLevel = host.slice(host.lastIndexOf('.') + 1);
  const edgeHyphen = topLevel.startsWith('-') || topLevel.endsWith('-');
  if (edgeHyphen || topLevel.includes('_') || ALL_DIGITS.test(topLevel)) {
    return INVALID_TOP_LEVEL_LABEL;
  }
  // A valid A-label decodes to Unicode that encodes back to the same label.
  // Labels that are sound punycode but break IDNA rules, such as a mix of
  // Cyrillic and Latin letters, still resolve in DNS and are typical of
  // homograph phishing, so they are kept as written.
  if (host.includes('xn--') && domainToASCII(domainToUnicode(host)) !== host) {
    return host.split('.').every(isSoundLabel) ? undefined : INVALID_PUNYCODE;
  }
  return undefined;
}

/** Tells whether a label is plain ASCII, or punycode that decodes to non-ASCII and back. */
function isSoundLabel(label: string): boolean {
  if (!label.startsWith('xn--')) {
    return true;
  }
  try {
    const decoded = punycode.decode(label.slice(4));
    return hasNonAscii(decoded) && punycode.encode(decoded) === label.slice(4);
  } catch {
    return false;
  }
}

function canonicalizeIpLiteral(text: string): string | Rejection {
  if (!text.endsWith(']')) {
    return INVALID_IPV6_LITERAL;
  }
  const address = canonicalizeIpv6(text.slice(1, -1));
  if (address instanceof Rejection) {
    return address;
  }
  return address.includes(':') ? `[${address}]` : address;
}

function normalizeDots(host: string): string {
  let normalized = host;
  if (normalized.includes('..')) {
    normalized = normalized.replace(REPEATED_DOTS, '.');
  }
  const start = normalized.startsWith('.') ? 1 : 0;
  const end = normalized.endsWith('.') ? normalized.length - 1 : normalized.length;
  return start === 0 && end === normalized.length ? normalized : normalized.slice(start, end);
}

function checkLength(host: string): Rejection | undefined {
  if (host.length > MAX_HOST_LENGTH) {
    return HOST_TOO_LONG;
  }
  if (host.length <= MAX_LABEL_LENGTH) {
    return undefined;
  }
  let start = 0;
  while (start < host.length) {
    const dot = host.indexOf('.', start);
    const end = dot === -1 ? host.length : dot;
    if (end - start > MAX_LABEL_LENGTH) {
      return LABEL_TOO_LONG;
    }
    start = end + 1;
  }
  return undefined;
}
