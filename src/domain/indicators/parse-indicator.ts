import { appFromUrl, canonicalizeApp, isAppStoreHost } from './app.ts';
import { canonicalizeBankAccount } from './bank-account.ts';
import { canonicalizeEmail } from './email.ts';
import { canonicalizeHost, registrableDomain, toDisplayHost } from './host.ts';
import { detectIndicatorKind } from './indicator.detect.ts';
import { type Indicator, IndicatorError, type IndicatorKind } from './indicator.ts';
import { canonicalizeIp } from './ip.ts';
import { canonicalizePhone, DEFAULT_PHONE_REGION } from './phone.ts';
import { Rejection } from './rejection.ts';
import {
  canonicalizeSocialProfile,
  socialPlatformHost,
  socialPlatformOf,
  socialProfileFromUrl,
  type SocialPlatform,
} from './social-profile.ts';
import { canonicalizeUrl, MAX_URL_LENGTH, splitCanonicalUrl } from './url.canonical.ts';
import { urlLookupKey } from './url.expressions.ts';

/** Options for parseIndicator. */
export interface ParseIndicatorOptions {
  /** Read the value as this kind; without it, the kind is detected from the value's shape. */
  readonly kind?: IndicatorKind;
  /** The region for phone numbers without a country code, `VN` by default. */
  readonly defaultRegion?: string;
}

/** No indicator is longer than a URL may be. */
export const MAX_INDICATOR_LENGTH = MAX_URL_LENGTH;

/** A canonical host of four numeric parts is an IPv4 address: no top-level label is all digits. */
const IPV4 = /^\d+\.\d+\.\d+\.\d+$/;
const UNRECOGNIZED =
  'not a URL, domain, IP address, e-mail address, phone number, bank account, social profile or app';

/**
 * Parses a value into its canonical indicator. With `options.kind`, reads it as that kind, except
 * that a domain that is an IP address comes back as kind `ip`. Without a kind, detects it (see
 * detectIndicatorKind), and reads a URL of a social profile as `social_profile` and a Google
 * Play or App Store URL as `app`.
 *
 * URLs and domains carry `host` (ASCII) and `registrableDomain` (absent for IP addresses), and a
 * social profile carries its platform's host. A URL must have a real host name or IP address, so
 * the lenient hosts that canonicalizeUrl keeps for Safe Browsing (`%20host.com`, `a<b>.com`) are
 * rejected here. Returns an IndicatorError with the reason instead of throwing.
 */
export function parseIndicator(
  raw: string,
  options: ParseIndicatorOptions = {},
): Indicator | IndicatorError {
  if (raw.length > MAX_INDICATOR_LENGTH) {
    return new IndicatorError(raw, `longer than ${MAX_INDICATOR_LENGTH} characters`, options.kind);
  }
  const text = raw.trim();
  if (text === '') {
    return new IndicatorError(raw, 'empty value', options.kind);
  }

  if (options.kind !== undefined) {
    return parseAs(options.kind, raw, options.defaultRegion);
  }
  const kind = detectIndicatorKind(text);
  if (kind === undefined) {
    return new IndicatorError(raw, UNRECOGNIZED);
  }
  return kind === 'url' ? parseDetectedUrl(raw) : parseAs(kind, raw, options.defaultRegion);
}

/**
 * Returns the key under which a listing of the indicator is indexed. A URL's key is its exact
 * Safe Browsing expression (`host/path?query`). A domain's is `host/` and an IP address's is
 * `address/` (`[v6]/` for IPv6), so that the expressions of any URL on that host include it.
 * Other kinds have `kind:value`.
 */
export function lookupKey(indicator: Pick<Indicator, 'kind' | 'value'>): string {
  switch (indicator.kind) {
    case 'url':
      return urlLookupKey(indicator.value);
    case 'domain':
      return `${indicator.value}/`;
    case 'ip':
      return indicator.value.includes(':') ? `[${indicator.value}]/` : `${indicator.value}/`;
    default:
      return `${indicator.kind}:${indicator.value}`;
  }
}

/**
 * Returns the indicator as people should read it: hosts of URLs, domains and e-mail addresses
 * in Unicode (see toDisplayHost), every other value as it is.
 */
export function displayValue(indicator: Pick<Indicator, 'kind' | 'value'>): string {
  switch (indicator.kind) {
    case 'url': {
      const { scheme, host, path, query } = splitCanonicalUrl(indicator.value);
      return `${scheme}://${toDisplayHost(host)}${path}${query === undefined ? '' : `?${query}`}`;
    }
    case 'domain':
      return toDisplayHost(indicator.value);
    case 'email': {
      const at = indicator.value.lastIndexOf('@');
      return indicator.value.slice(0, at + 1) + toDisplayHost(indicator.value.slice(at + 1));
    }
    default:
      return indicator.value;
  }
}

// Each canonicalizer trims its input and returns an IndicatorError that names the raw input.
function parseAs(
  kind: IndicatorKind,
  raw: string,
  defaultRegion: string = DEFAULT_PHONE_REGION,
): Indicator | IndicatorError {
  switch (kind) {
    case 'url':
      return parseUrl(raw);
    case 'domain':
      return parseDomain(raw);
    case 'ip':
      return simple('ip', canonicalizeIp(raw));
    case 'email':
      return simple('email', canonicalizeEmail(raw));
    case 'phone':
      return simple('phone', canonicalizePhone(raw, defaultRegion));
    case 'bank_account':
      return simple('bank_account', canonicalizeBankAccount(raw));
    case 'social_profile':
      return socialIndicator(canonicalizeSocialProfile(raw));
    case 'app':
      return simple('app', canonicalizeApp(raw));
  }
}

function parseDetectedUrl(raw: string): Indicator | IndicatorError {
  const url = canonicalUrlWithRealHost(raw);
  if (url instanceof IndicatorError) {
    return url;
  }
  const { host } = splitCanonicalUrl(url);
  if (socialPlatformOf(host) !== undefined) {
    const profile = socialProfileFromUrl(url);
    if (!(profile instanceof Rejection)) {
      return socialIndicator(profile);
    }
  }
  if (isAppStoreHost(host)) {
    const app = appFromUrl(url);
    if (!(app instanceof Rejection)) {
      return { kind: 'app', value: app };
    }
  }
  return hostIndicator('url', url, host);
}

function parseUrl(raw: string): Indicator | IndicatorError {
  const url = canonicalUrlWithRealHost(raw);
  return url instanceof IndicatorError
    ? url
    : hostIndicator('url', url, splitCanonicalUrl(url).host);
}

function canonicalUrlWithRealHost(raw: string): string | IndicatorError {
  const url = canonicalizeUrl(raw);
  if (url instanceof IndicatorError) {
    return url;
  }
  const host = canonicalizeHost(splitCanonicalUrl(url).host);
  return host instanceof IndicatorError
    ? new IndicatorError(raw, `host: ${host.reason}`, 'url')
    : url;
}

function parseDomain(raw: string): Indicator | IndicatorError {
  const host = canonicalizeHost(raw);
  if (host instanceof IndicatorError) {
    return host;
  }
  if (host.startsWith('[')) {
    return { kind: 'ip', value: host.slice(1, -1) };
  }
  return IPV4.test(host) ? { kind: 'ip', value: host } : hostIndicator('domain', host, host);
}

function socialIndicator(profile: string | IndicatorError): Indicator | IndicatorError {
  if (profile instanceof IndicatorError) {
    return profile;
  }
  const platform = profile.slice(0, profile.indexOf(':')) as SocialPlatform;
  return hostIndicator('social_profile', profile, socialPlatformHost(platform));
}

function simple(kind: IndicatorKind, value: string | IndicatorError): Indicator | IndicatorError {
  return value instanceof IndicatorError ? value : { kind, value };
}

function hostIndicator(kind: IndicatorKind, value: string, host: string): Indicator {
  const domain = registrableDomain(host);
  return domain === undefined
    ? { kind, value, host }
    : { kind, value, host, registrableDomain: domain };
}
