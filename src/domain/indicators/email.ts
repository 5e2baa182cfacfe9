import { Buffer } from 'node:buffer';

import { canonicalizeHost } from './host.ts';
import { IndicatorError } from './indicator.ts';

/** RFC 5321 limits: 64 octets for the local part, 254 for the whole address in a path. */
export const MAX_LOCAL_PART_LENGTH = 64;
export const MAX_EMAIL_LENGTH = 254;
const MAX_EMAIL_INPUT_LENGTH = 1024;

// A dot-atom local part (RFC 5322 atext, dots between atoms), with the non-ASCII letters,
// marks and digits that RFC 6531 (SMTPUTF8) adds. No character here can match a dot, so the
// repeated group cannot backtrack.
const DOT_ATOM =
  /^[\p{L}\p{M}\p{N}!#$%&'*+/=?^_`{|}~-]+(?:\.[\p{L}\p{M}\p{N}!#$%&'*+/=?^_`{|}~-]+)*$/u;
const MAILTO_PREFIX = /^mailto:/i;
const IPV4_HOST = /^\d+\.\d+\.\d+\.\d+$/;

/**
 * Canonicalizes an e-mail address: `local@domain` with the domain canonicalized as a host
 * (lowercase, IDN as punycode) and the local part lowercased and NFC-normalized. A `mailto:`
 * prefix and surrounding angle brackets are removed.
 *
 * The local part is lowercased although RFC 5321 lets it be case-sensitive: the large mail
 * providers treat it as case-insensitive, and one address spelled two ways should be one
 * indicator. Provider-specific aliases (`+tag`, dots in Gmail) are kept, because they are not
 * a standard. Rejects quoted local parts, domain literals (`user@[1.2.3.4]`), a domain without a
 * dot, and addresses over the RFC 5321 limits.
 */
export function canonicalizeEmail(raw: string): string | IndicatorError {
  const problem = (reason: string) => new IndicatorError(raw, reason, 'email');
  if (raw.length > MAX_EMAIL_INPUT_LENGTH) {
    return problem(`longer than ${MAX_EMAIL_INPUT_LENGTH} characters`);
  }

  const text = unwrap(raw.trim());
  const at = text.lastIndexOf('@');
  if (at === -1) {
    return problem('missing "@"');
  }
  const local = text.slice(0, at).normalize('NFC').toLowerCase();
  if (local === '') {
    return problem('missing local part before "@"');
  }
  if (local.startsWith('"')) {
    return problem('quoted local parts are not supported');
  }
  if (!DOT_ATOM.test(local)) {
    return problem('local part has a character or dot that an address may not contain');
  }
  if (Buffer.byteLength(local, 'utf8') > MAX_LOCAL_PART_LENGTH) {
    return problem(`local part is longer than ${MAX_LOCAL_PART_LENGTH} bytes`);
  }

  const domain = canonicalEmailDomain(text.slice(at + 1));
  if (domain instanceof IndicatorError) {
    return problem(`domain: ${domain.reason}`);
  }
  const address = `${local}@${domain}`;
  if (Buffer.byteLength(address, 'utf8') > MAX_EMAIL_LENGTH) {
    return problem(`longer than ${MAX_EMAIL_LENGTH} bytes`);
  }
  return address;
}

function canonicalEmailDomain(text: string): string | IndicatorError {
  if (text === '') {
    return new IndicatorError(text, 'missing domain after "@"', 'email');
  }
  if (text.startsWith('[')) {
    return new IndicatorError(text, 'IP address domains are not supported', 'email');
  }
  const domain = canonicalizeHost(text);
  if (domain instanceof IndicatorError) {
    return domain;
  }
  if (IPV4_HOST.test(domain) || domain.startsWith('[')) {
    return new IndicatorError(text, 'IP address domains are not supported', 'email');
  }
  if (!domain.includes('.')) {
    return new IndicatorError(text, 'domain has no dot', 'email');
  }
  return domain;
}

function unwrap(text: string): string {
  const bare = text.startsWith('<') && text.endsWith('>') ? text.slice(1, -1).trim() : text;
  return bare.replace(MAILTO_PREFIX, '');
}
