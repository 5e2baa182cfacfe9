import { startsWithKnownBank } from './bank-account.ts';
import type { IndicatorKind } from './indicator.ts';
import { SOCIAL_PLATFORMS } from './social-profile.ts';

const PREFIX = /^([a-z]+):/i;
const SCHEME_AND_SLASHES = /^[a-z][a-z0-9+.-]*:[/\\]{2}/i;
const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;
const IPV4_WITH_REST = /^\d{1,3}(?:\.\d{1,3}){3}[:/?#\\]/;
const BRACKETED_IPV6 = /^\[[0-9a-f:.]*\]$/i;
const BARE_IPV6 = /^[0-9a-f:.]+$/i;
const PHONE = /^\+?[0-9 ().\-/]+$/;
/** Fewer digits are more likely a count or a code; this only routes the guess. */
const MIN_PHONE_DIGITS = 7;
/** A calendar date or time of day, which the phone pattern would otherwise accept. */
const DATE_OR_TIME =
  /^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}$|^\d{1,2}[-/.]\d{1,2}[-/.]\d{4}$|^\d{1,2}:\d{2}/;
/** The host of a URL written without a scheme, up to the port, path, query or fragment. */
const SCHEMELESS_HOST =
  /^(?:[\p{L}\p{M}\p{N}\p{Cf}_.\u3002\uff0e\uff61-]+|\[[0-9a-f:.]+\])(?=[/?#:\\]|$)/iu;
const SCHEMELESS_REST = /^(?::\d{0,5})?(?:[/?#\\]|$)/;
const HOST_DOTS = /[.\u3002\uff0e\uff61]/;

const PREFIX_KINDS: ReadonlyMap<string, IndicatorKind> = new Map<string, IndicatorKind>([
  ['bank', 'bank_account'],
  ['android', 'app'],
  ['ios', 'app'],
  ['mailto', 'email'],
  ['tel', 'phone'],
  ...SOCIAL_PLATFORMS.map((platform) => [platform, 'social_profile'] as const),
]);

/**
 * Guesses the kind of a trimmed, non-empty value by its shape alone. The first match wins:
 *
 * 1. a known prefix: `bank:`, `android:`, `ios:`, `mailto:`, `tel:`, `facebook:` and the other
 *    social platforms;
 * 2. a URL with a scheme;
 * 3. an IP address, or a URL when a port or path follows it;
 * 4. a bank and account number (see startsWithKnownBank);
 * 5. an e-mail address, then a phone number;
 * 6. a URL without a scheme: a host followed by `/`, `?`, `#` or `:port`;
 * 7. a bare host with a dot, as a domain.
 *
 * Returns undefined when nothing fits. A URL may turn out to be a social profile or an app,
 * which parseIndicator decides after canonicalizing it.
 */
export function detectIndicatorKind(text: string): IndicatorKind | undefined {
  const prefix = PREFIX.exec(text)?.[1]?.toLowerCase();
  const prefixKind = prefix === undefined ? undefined : PREFIX_KINDS.get(prefix);
  if (prefixKind !== undefined) {
    return prefixKind;
  }
  if (SCHEME_AND_SLASHES.test(text)) {
    return 'url';
  }
  if (isIpAddress(text)) {
    return 'ip';
  }
  if (IPV4_WITH_REST.test(text)) {
    return 'url';
  }
  if (startsWithKnownBank(text)) {
    return 'bank_account';
  }
  if (text.includes('@') && !text.includes('/') && !text.includes(':')) {
    return 'email';
  }
  if (isPhoneLike(text)) {
    return 'phone';
  }
  return detectHostKind(text);
}

function isIpAddress(text: string): boolean {
  if (IPV4.test(text) || BRACKETED_IPV6.test(text)) {
    return true;
  }
  return BARE_IPV6.test(text) && text.indexOf(':') !== text.lastIndexOf(':');
}

function isPhoneLike(text: string): boolean {
  if (!PHONE.test(text) || DATE_OR_TIME.test(text)) {
    return false;
  }
  let digits = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    digits += code >= 0x30 && code <= 0x39 ? 1 : 0;
  }
  return digits >= MIN_PHONE_DIGITS;
}

function detectHostKind(text: string): IndicatorKind | undefined {
  const host = SCHEMELESS_HOST.exec(text)?.[0];
  if (host === undefined) {
    return undefined;
  }
  // Without a scheme, a host needs a dot (or brackets), so `01/04/2021` is no URL.
  if (!HOST_DOTS.test(host) && !host.startsWith('[')) {
    return undefined;
  }
  const rest = text.slice(host.length);
  if (rest !== '') {
    return SCHEMELESS_REST.test(rest) ? 'url' : undefined;
  }
  return 'domain';
}
