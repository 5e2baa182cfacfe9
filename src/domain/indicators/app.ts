import { IndicatorError } from './indicator.ts';
import { Rejection } from './rejection.ts';
import { canonicalizeUrl, splitCanonicalUrl } from './url.canonical.ts';
import { queryParameter } from './url-query.ts';

const MAX_APP_INPUT_LENGTH = 2048;
/** Android limits an application id to 255 characters. */
const MAX_PACKAGE_NAME_LENGTH = 255;

// Segments start with a letter and are separated by dots, so the group cannot backtrack.
const ANDROID_PACKAGE = /^[A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z][A-Za-z0-9_]*)+$/;
const IOS_ID = /^(?:id)?(\d{1,12})$/;
const APP_PREFIX = /^(android|ios):/i;
const PLAY_DETAILS_PATH = /^\/store\/apps\/details\/?$/;
const APPLE_ID_SEGMENT = /\/id(\d{1,12})(?:\/|$)/;

const NOT_A_STORE_URL = new Rejection('not an app page on Google Play or the App Store');
const INVALID_PACKAGE = new Rejection('invalid Android package name');
const INVALID_IOS_ID = new Rejection('invalid App Store id');

const PLAY_HOSTS: ReadonlySet<string> = new Set(['play.google.com', 'market.android.com']);
const APPLE_HOSTS: ReadonlySet<string> = new Set(['apps.apple.com', 'itunes.apple.com']);

/**
 * Canonicalizes an app id: `android:<package>` for an Android package name, from the name itself
 * (`com.example.app`) or a Google Play URL (`play.google.com/store/apps/details?id=…`), and
 * `ios:<digits>` for an App Store id, from an `apps.apple.com` or `itunes.apple.com` URL
 * (`…/app/name/id123456789`) or `id123456789`. The canonical forms are read too.
 *
 * Package names keep their case, because Android compares application ids case-sensitively.
 */
export function canonicalizeApp(raw: string): string | IndicatorError {
  if (raw.length > MAX_APP_INPUT_LENGTH) {
    return new IndicatorError(raw, `longer than ${MAX_APP_INPUT_LENGTH} characters`, 'app');
  }
  const app = canonicalAppText(raw.trim());
  return app instanceof Rejection ? new IndicatorError(raw, app.reason, 'app') : app;
}

/** Reads the app a canonical Google Play or App Store URL names, or returns why it does not. */
export function appFromUrl(canonicalUrl: string): string | Rejection {
  const { host, path, query } = splitCanonicalUrl(canonicalUrl);
  if (PLAY_HOSTS.has(host) && PLAY_DETAILS_PATH.test(path)) {
    return androidApp(queryParameter(query, 'id') ?? '');
  }
  if (APPLE_HOSTS.has(host)) {
    const id = APPLE_ID_SEGMENT.exec(path)?.[1];
    return id === undefined ? INVALID_IOS_ID : `ios:${id}`;
  }
  return NOT_A_STORE_URL;
}

/** Tests whether a canonical host is an app store whose URLs appFromUrl reads. */
export function isAppStoreHost(host: string): boolean {
  return PLAY_HOSTS.has(host) || APPLE_HOSTS.has(host);
}

function canonicalAppText(text: string): string | Rejection {
  const prefix = APP_PREFIX.exec(text)?.[1]?.toLowerCase();
  if (prefix === 'android') {
    return androidApp(text.slice('android:'.length));
  }
  if (prefix === 'ios') {
    return iosApp(text.slice('ios:'.length));
  }
  if (text.includes('/')) {
    const url = canonicalizeUrl(text);
    return url instanceof IndicatorError ? new Rejection(url.reason) : appFromUrl(url);
  }
  return IOS_ID.test(text) ? iosApp(text) : androidApp(text);
}

function androidApp(name: string): string | Rejection {
  const valid = name.length <= MAX_PACKAGE_NAME_LENGTH && ANDROID_PACKAGE.test(name);
  return valid ? `android:${name}` : INVALID_PACKAGE;
}

function iosApp(text: string): string | Rejection {
  const id = IOS_ID.exec(text)?.[1];
  return id === undefined ? INVALID_IOS_ID : `ios:${id}`;
}
