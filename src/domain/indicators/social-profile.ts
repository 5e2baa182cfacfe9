import { IndicatorError } from './indicator.ts';
import { Rejection } from './rejection.ts';
import { canonicalizeUrl, splitCanonicalUrl } from './url.canonical.ts';
import { queryParameter } from './url-query.ts';

export const SOCIAL_PLATFORMS = [
  'facebook',
  'instagram',
  'telegram',
  'tiktok',
  'x',
  'youtube',
  'zalo',
] as const;

export type SocialPlatform = (typeof SOCIAL_PLATFORMS)[number];

interface PlatformRule {
  /** The host a profile URL of the platform is shown with. */
  readonly host: string;
  /** Reads the handle from the path segments and query of a canonical profile URL. */
  readonly handleFromUrl: (segments: readonly string[], query: string | undefined) => string;
  /** Tests a handle in canonical form. */
  readonly isHandle: (handle: string) => boolean;
}

const NOT_A_PROFILE = new Rejection('not a profile URL of a known platform');
const INVALID_HANDLE = new Rejection('invalid profile name for the platform');

/** Subdomains that serve the same profiles as the bare host. */
const PROFILE_SUBDOMAINS = /^(?:www|m|mobile|mbasic|web|touch|oa)\./;

// First path segments that name a page of the platform rather than a profile.
const FACEBOOK_RESERVED = wordSet(`
  groups pages events watch marketplace gaming share sharer sharer.php login login.php help
  policies privacy photo photo.php photos permalink.php story.php hashtag search notifications
  messages settings home.php reel reels stories ads business friends l.php dialog plugins video
  videos live fundraisers media
`);
const INSTAGRAM_RESERVED = wordSet(`
  p reel reels tv explore accounts direct about developer legal
`);
const TELEGRAM_RESERVED = wordSet(`
  c share addstickers addemoji addtheme proxy socks iv login setlanguage joinchat
`);
const X_RESERVED = wordSet(`
  home i intent search explore hashtag share settings login signup messages notifications
  compose tos privacy
`);

const FACEBOOK_NAME = /^[a-z0-9.]{1,50}$/;
/** An old page URL: a display-name slug, a hyphen, then the numeric page id. */
const FACEBOOK_PAGE_SLUG = /-(\d{8,20})$/;
const DIGITS = /^\d{1,20}$/;
const ZALO_ID = /^\d{6,20}$/;
const TIKTOK_NAME = /^[a-z0-9._]{1,30}$/;
const TELEGRAM_NAME = /^[a-z][a-z0-9_]{3,31}$/;
const INSTAGRAM_NAME = /^[a-z0-9._]{1,30}$/;
const X_NAME = /^[a-z0-9_]{1,15}$/;
const YOUTUBE_HANDLE = /^@[a-z0-9._-]{3,30}$/;
const YOUTUBE_CHANNEL_ID = /^UC[A-Za-z0-9_-]{22}$/;
const YOUTUBE_LEGACY_NAME = /^(?:c|user)\/(?:[a-z0-9._-]|%[0-9A-F]{2}){1,100}$/;
const PERCENT_ESCAPE = /%[0-9a-f]{2}/g;

const RULES: Readonly<Record<SocialPlatform, PlatformRule>> = {
  facebook: {
    host: 'facebook.com',
    handleFromUrl: facebookHandle,
    isHandle: matches(FACEBOOK_NAME),
  },
  instagram: {
    host: 'instagram.com',
    handleFromUrl: (segments) => namedHandle(segments, INSTAGRAM_RESERVED, 'stories'),
    isHandle: matches(INSTAGRAM_NAME),
  },
  telegram: {
    host: 't.me',
    handleFromUrl: (segments) => namedHandle(segments, TELEGRAM_RESERVED, 's'),
    isHandle: matches(TELEGRAM_NAME),
  },
  tiktok: {
    host: 'tiktok.com',
    handleFromUrl: (segments) => atHandle(segments[0]).slice(1),
    isHandle: matches(TIKTOK_NAME),
  },
  x: {
    host: 'x.com',
    handleFromUrl: (segments) => namedHandle(segments, X_RESERVED, ''),
    isHandle: matches(X_NAME),
  },
  youtube: { host: 'youtube.com', handleFromUrl: youtubeHandle, isHandle: isYoutubeHandle },
  zalo: {
    host: 'zalo.me',
    handleFromUrl: (segments) => segments[0] ?? '',
    isHandle: matches(ZALO_ID),
  },
};

const PLATFORM_BY_HOST: ReadonlyMap<string, SocialPlatform> = new Map([
  ['facebook.com', 'facebook'],
  ['fb.com', 'facebook'],
  ['instagram.com', 'instagram'],
  ['t.me', 'telegram'],
  ['telegram.me', 'telegram'],
  ['telegram.dog', 'telegram'],
  ['tiktok.com', 'tiktok'],
  ['x.com', 'x'],
  ['twitter.com', 'x'],
  ['youtube.com', 'youtube'],
  ['zalo.me', 'zalo'],
]);

/**
 * Canonicalizes a social profile as `platform:handle`, from a profile URL or from that form
 * itself. Known platforms and the URLs read:
 *
 * - facebook: `facebook.com/<name>` (lowercased), `/profile.php?id=<id>`, `/people/<name>/<id>`,
 *   and old page URLs `/<Page-Name>-<id>`, which give the numeric id because the name can change.
 * - zalo: `zalo.me/<digits>` and `oa.zalo.me/<digits>` (a phone number or an official account).
 * - tiktok: `tiktok.com/@<name>`; telegram: `t.me/<name>`, `t.me/s/<name>`;
 *   instagram: `instagram.com/<name>`; x: `x.com/<name>` and `twitter.com/<name>`.
 * - youtube: `youtube.com/@<handle>` as `youtube:@handle`, `/channel/<UC…>` as `youtube:UC…`
 *   (case kept, channel ids are case-sensitive), `/c/<name>` and `/user/<name>` as `youtube:c/…`
 *   and `youtube:user/…`.
 *
 * Names are lowercased, because these platforms match them without case. Rejects group,
 * post, video and invite links, and other pages of the platforms, which are not profiles.
 */
export function canonicalizeSocialProfile(raw: string): string | IndicatorError {
  const text = raw.trim();
  const colon = text.indexOf(':');
  const platform = colon === -1 ? undefined : asPlatform(text.slice(0, colon).toLowerCase());
  if (platform !== undefined) {
    const handle = canonicalFormHandle(platform, text.slice(colon + 1));
    return RULES[platform].isHandle(handle)
      ? `${platform}:${handle}`
      : new IndicatorError(raw, INVALID_HANDLE.reason, 'social_profile');
  }

  const url = canonicalizeUrl(text);
  if (url instanceof IndicatorError) {
    return new IndicatorError(raw, url.reason, 'social_profile');
  }
  const profile = socialProfileFromUrl(url);
  return profile instanceof Rejection
    ? new IndicatorError(raw, profile.reason, 'social_profile')
    : profile;
}

/** Reads `platform:handle` from a canonical URL, or returns why it is not a profile URL. */
export function socialProfileFromUrl(canonicalUrl: string): string | Rejection {
  const { host, path, query } = splitCanonicalUrl(canonicalUrl);
  const platform = socialPlatformOf(host);
  if (platform === undefined) {
    return NOT_A_PROFILE;
  }

  const segments = path.split('/').filter((segment) => segment !== '');
  const rule = RULES[platform];
  const handle = rule.handleFromUrl(segments, query);
  if (handle === '') {
    return NOT_A_PROFILE;
  }
  return rule.isHandle(handle) ? `${platform}:${handle}` : INVALID_HANDLE;
}

/** Returns the platform whose profiles a canonical host serves, or undefined. */
export function socialPlatformOf(host: string): SocialPlatform | undefined {
  return PLATFORM_BY_HOST.get(host.replace(PROFILE_SUBDOMAINS, ''));
}

/** Returns the host that profile URLs of a platform are shown with (`facebook.com`). */
export function socialPlatformHost(platform: SocialPlatform): string {
  return RULES[platform].host;
}

function asPlatform(name: string): SocialPlatform | undefined {
  return (SOCIAL_PLATFORMS as readonly string[]).includes(name)
    ? (name as SocialPlatform)
    : undefined;
}

/** Lowercases a handle given in `platform:handle` form, except a YouTube channel id. */
function canonicalFormHandle(platform: SocialPlatform, handle: string): string {
  if (platform === 'youtube') {
    return YOUTUBE_CHANNEL_ID.test(handle) ? handle : handle.toLowerCase();
  }
  return (handle.startsWith('@') ? handle.slice(1) : handle).toLowerCase();
}

function facebookHandle(segments: readonly string[], query: string | undefined): string {
  const [first = '', second, third = ''] = segments;
  if (first === 'profile.php') {
    const id = queryParameter(query, 'id') ?? '';
    return DIGITS.test(id) ? id : '';
  }
  if (first === 'people' && second !== undefined) {
    return DIGITS.test(third) ? third : '';
  }
  const name = first.toLowerCase();
  if (FACEBOOK_RESERVED.has(name)) {
    return '';
  }
  return FACEBOOK_PAGE_SLUG.exec(first)?.[1] ?? name;
}

function youtubeHandle(segments: readonly string[]): string {
  const [first = '', second = ''] = segments;
  if (first.startsWith('@')) {
    return first.toLowerCase();
  }
  if (first === 'channel') {
    return second;
  }
  if ((first !== 'c' && first !== 'user') || second === '') {
    return '';
  }
  return `${first}/${second.toLowerCase().replace(PERCENT_ESCAPE, upperCase)}`;
}

function isYoutubeHandle(handle: string): boolean {
  return (
    YOUTUBE_HANDLE.test(handle) ||
    YOUTUBE_CHANNEL_ID.test(handle) ||
    YOUTUBE_LEGACY_NAME.test(handle)
  );
}

/**
 * Returns the first path segment, lowercased, as the name, or '' when it names a page of the
 * platform. When the first segment is `nested` (`stories`, `s`), the name is the second one.
 */
function namedHandle(
  segments: readonly string[],
  reserved: ReadonlySet<string>,
  nested: string,
): string {
  const first = (segments[0] ?? '').toLowerCase();
  if (nested !== '' && first === nested) {
    return (segments[1] ?? '').toLowerCase();
  }
  return reserved.has(first) || first.startsWith('+') ? '' : first;
}

function atHandle(segment: string | undefined): string {
  return segment?.startsWith('@') ? segment.toLowerCase() : '';
}

function wordSet(words: string): ReadonlySet<string> {
  return new Set(words.trim().split(/\s+/));
}

function upperCase(text: string): string {
  return text.toUpperCase();
}

function matches(pattern: RegExp): (handle: string) => boolean {
  return (handle) => pattern.test(handle);
}
