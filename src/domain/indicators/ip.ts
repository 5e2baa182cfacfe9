import ipaddr from 'ipaddr.js';

import { IndicatorError } from './indicator.ts';
import { Rejection } from './rejection.ts';

/** The maximum length of an IPv6 address in text, as in `ffff:…:ffff:255.255.255.255`. */
const MAX_IPV6_LENGTH = 45;
const MAX_IP_INPUT_LENGTH = 64;
const TWO_POW_32 = 2 ** 32;

const IPV6_CHARACTERS = /^[0-9a-fA-F:.]+$/;
const IPV4_COMPATIBLE = /^::\d+\.\d+\.\d+\.\d+$/;
const FOUR_DECIMAL_PARTS = /^\d+\.\d+\.\d+\.\d+$/;
const WINDOWS_TRAILING_TEXT = /^(\d+\.\d+\.\d+\.\d+) /;

const INVALID_IPV6 = new Rejection('invalid IPv6 address');
const ZONE_NOT_ALLOWED = new Rejection('IPv6 zone identifiers are not allowed');

/**
 * Reads a URL host as an IPv4 address in the legacy forms that `inet_aton` and browsers accept.
 * It has one to four parts, each decimal, octal (leading `0`) or hex (`0x`), and the last part
 * fills the remaining bytes (`3279880203` is `195.127.0.11`, `1.2.3` is `1.2.0.3`). Returns the
 * dotted-quad text, or undefined when the host is not an address.
 *
 * Two rules follow the Safe Browsing clients of Google (its Go library) and Firefox rather than
 * the WHATWG URL standard, so that the published test vectors pass. A part above its byte range
 * keeps its low bytes (`276.2.3` is `20.2.0.3`) where a browser would reject the host. A host of
 * at most 15 characters that is four decimal parts, a space and anything else reads as those
 * four parts (`10.192.95.89 xy`), as the Windows resolver does. A part of 2^32 or more is not a
 * number, as in the Go library.
 */
export function parseIpv4Host(host: string): string | undefined {
  const text = host.length <= 15 ? (WINDOWS_TRAILING_TEXT.exec(host)?.[1] ?? host) : host;
  const first = text.charCodeAt(0);
  if (!(first >= 0x30 && first <= 0x39)) {
    return undefined;
  }

  const values: number[] = [];
  let start = 0;
  while (start <= text.length) {
    const dot = text.indexOf('.', start);
    const end = dot === -1 ? text.length : dot;
    const value = parseIpv4Number(text, start, end);
    if (value < 0 || values.length === 4) {
      return undefined;
    }
    values.push(value);
    start = end + 1;
  }
  return formatIpv4Parts(values);
}

/**
 * Canonicalizes an IP address as written in lists and reports: IPv4 as a dotted quad, IPv6 in
 * the RFC 5952 text form, with or without brackets. An IPv4-mapped address (`::ffff:1.2.3.4`) or
 * an address under the NAT64 prefix `64:ff9b::/96` becomes the IPv4 address it carries, as the
 * Safe Browsing host rules do, so that a listing of the IPv4 address matches it.
 *
 * Only the standard text forms are read: an IPv4 part with a leading zero is rejected as
 * ambiguous (octal in URLs, often decimal in logs), and the legacy forms `0x7f.1` or
 * `2130706433` are URL host forms (see parseIpv4Host). Zone identifiers are rejected.
 */
export function canonicalizeIp(raw: string): string | IndicatorError {
  const text = raw.trim();
  if (text === '') {
    return new IndicatorError(raw, 'empty value', 'ip');
  }
  if (text.length > MAX_IP_INPUT_LENGTH) {
    return new IndicatorError(raw, `longer than ${MAX_IP_INPUT_LENGTH} characters`, 'ip');
  }

  const bracketed = text.startsWith('[') && text.endsWith(']');
  const address = bracketed ? text.slice(1, -1) : text;
  if (address.includes(':')) {
    const ipv6 = canonicalizeIpv6(address);
    return ipv6 instanceof Rejection ? new IndicatorError(raw, ipv6.reason, 'ip') : ipv6;
  }
  if (bracketed || !FOUR_DECIMAL_PARTS.test(address)) {
    return new IndicatorError(raw, 'not an IP address', 'ip');
  }

  const problem = dottedQuadProblem(address);
  return problem === undefined ? address : new IndicatorError(raw, problem, 'ip');
}

/**
 * Canonicalizes the text of an IPv6 address, without brackets, as canonicalizeIp describes.
 * RFC 5952 recommends dotted notation for the last 32 bits under a well-known prefix, so the
 * deprecated IPv4-compatible form (`::192.9.5.5`, when the seventh group is not zero) and the
 * IPv4-translated form (`::ffff:0:1.2.3.4`) keep it.
 */
export function canonicalizeIpv6(text: string): string | Rejection {
  if (text.includes('%')) {
    return ZONE_NOT_ALLOWED;
  }
  if (text.length > MAX_IPV6_LENGTH || !IPV6_CHARACTERS.test(text)) {
    return INVALID_IPV6;
  }

  // ipaddr.js 2.5 reads `::a.b.c.d` as the IPv4-mapped `::ffff:a.b.c.d`, a different address,
  // so spell out the zero group that keeps it IPv4-compatible.
  const address = IPV4_COMPATIBLE.test(text) ? `::0:${text.slice(2)}` : text;
  if (!ipaddr.IPv6.isValid(address)) {
    return INVALID_IPV6;
  }
  return formatIpv6Parts(ipaddr.IPv6.parse(address).parts);
}

/** Formats eight 16-bit groups as canonicalizeIpv6 describes. */
export function formatIpv6Parts(parts: readonly number[]): string {
  const [p0, p1, p2, p3, p4, p5, p6 = 0, p7 = 0] = parts;
  const embedded = `${p6 >> 8}.${p6 & 0xff}.${p7 >> 8}.${p7 & 0xff}`;
  const zeroPrefix = p0 === 0 && p1 === 0 && p2 === 0 && p3 === 0;
  if (zeroPrefix && p4 === 0 && p5 === 0xffff) {
    return embedded;
  }
  if (p0 === 0x64 && p1 === 0xff9b && p2 === 0 && p3 === 0 && p4 === 0 && p5 === 0) {
    return embedded;
  }

  const compatible = zeroPrefix && p4 === 0 && p5 === 0 && p6 !== 0;
  const translated = zeroPrefix && p4 === 0xffff && p5 === 0;
  if (compatible || translated) {
    return compressGroups(parts.slice(0, 6), embedded);
  }
  return compressGroups(parts, '');
}

function compressGroups(groups: readonly number[], tail: string): string {
  let bestStart = -1;
  let bestLength = 1;
  for (let start = 0; start < groups.length; start++) {
    let end = start;
    while (end < groups.length && groups[end] === 0) {
      end++;
    }
    if (end - start > bestLength) {
      bestStart = start;
      bestLength = end - start;
    }
    start = end;
  }

  const hex = groups.map((group) => group.toString(16));
  if (tail !== '') {
    hex.push(tail);
  }
  if (bestStart === -1) {
    return hex.join(':');
  }
  const head = hex.slice(0, bestStart).join(':');
  const rest = hex.slice(bestStart + bestLength).join(':');
  return `${head}::${rest}`;
}

function dottedQuadProblem(address: string): string | undefined {
  for (const part of address.split('.')) {
    if (part.length > 1 && part.startsWith('0')) {
      return 'IPv4 part with a leading zero is ambiguous (octal or decimal)';
    }
    if (part.length > 3 || Number(part) > 255) {
      return 'IPv4 part above 255';
    }
  }
  return undefined;
}

/** Parses one part of a legacy IPv4 host: its value, or -1 when it is not a number below 2^32. */
function parseIpv4Number(text: string, start: number, end: number): number {
  if (start >= end) {
    return -1;
  }
  let base = 10;
  let index = start;
  if (text.charCodeAt(index) === 0x30 && end - start > 1) {
    const next = text.charCodeAt(index + 1) | 0x20;
    base = next === 0x78 ? 16 : 8;
    index += base === 16 ? 2 : 1;
    if (index === end) {
      return -1;
    }
  }

  let value = 0;
  for (; index < end; index++) {
    const digit = digitValue(text.charCodeAt(index), base);
    value = value * base + digit;
    if (digit < 0 || value >= TWO_POW_32) {
      return -1;
    }
  }
  return value;
}

function digitValue(code: number, base: number): number {
  const value =
    code >= 0x30 && code <= 0x39
      ? code - 0x30
      : (code | 0x20) >= 0x61 && (code | 0x20) <= 0x66
        ? (code | 0x20) - 0x57
        : -1;
  return value < base ? value : -1;
}

/** Spreads one to four part values over four bytes: the last part fills the remaining bytes. */
function formatIpv4Parts(values: readonly number[]): string {
  const bytes = [0, 0, 0, 0];
  const last = values.length - 1;
  for (let index = 0; index < last; index++) {
    bytes[index] = values[index]! % 256;
  }
  let remaining = values[last]!;
  for (let index = 3; index >= last; index--) {
    bytes[index] = remaining % 256;
    remaining = Math.floor(remaining / 256);
  }
  return bytes.join('.');
}
