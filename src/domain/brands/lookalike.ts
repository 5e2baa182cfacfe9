import { domainToASCII, domainToUnicode } from 'node:url';

import { distance } from 'fastest-levenshtein';
import { getDomain, getPublicSuffix } from 'tldts';

import { type Brand, type BrandCategory, brandKeywords } from './brand.ts';
import { DEFAULT_BRANDS } from './default-brands.ts';
import { isScamWordSequence } from './scam-words.ts';
import { confusableSkeleton, hasNonAscii } from './skeleton.ts';

/** The detection rules, named in each hit. */
export const LOOKALIKE_RULES = [
  'official-domain-embedded',
  'idn-homograph',
  'confusable-skeleton',
  'edit-distance',
  'combosquatting',
  'brand-token',
  'brand-in-path',
] as const;

export type LookalikeRule = (typeof LOOKALIKE_RULES)[number];

export interface LookalikeHit {
  readonly brand: string;
  readonly rule: LookalikeRule;
  /** Description of what matched, in words an analyst can check against the domain. */
  readonly evidence: string;
  readonly officialDomains: readonly string[];
}

export interface LookalikeResult {
  /** The domain as examined: the ASCII host, lowercase. */
  readonly domain: string;
  /** Brand whose official domain this domain is or is under, in which case `hits` is empty. */
  readonly official?: {
    readonly brand: string;
    readonly officialDomain: string;
    readonly category: BrandCategory;
  };
  readonly hits: readonly LookalikeHit[];
  /** Reason hits were dropped, set when the domain is on the popular-domain list. */
  readonly suppressed?: string;
}

export interface LookalikeOptions {
  readonly brands?: readonly Brand[];
  /** Returns whether a registrable domain is on the operator's popular-domain list. */
  readonly isPopular?: (registrableDomain: string) => boolean;
}

/**
 * Part of the host or URL where a hit was found. Hits in the registrable domain, and `host` hits
 * that reach into it, can be suppressed.
 */
type Location = 'domain' | 'subdomain' | 'path' | 'host';

interface LocatedHit extends LookalikeHit {
  readonly location: Location;
}

interface HostParts {
  readonly host: string;
  readonly path: string;
  readonly registrableDomain?: string;
  readonly subdomainLabels: readonly string[];
  /** The registrable domain without its public suffix, such as `vietcombank` or `momo-live`. */
  readonly domainLabel?: string;
}

const TLDTS_OPTIONS = { allowPrivateDomains: true } as const;
const MAX_INPUT_LENGTH = 2048;

/**
 * Checks a domain, host or URL against protected brands and returns each brand it imitates,
 * with the rule and the evidence. An official domain of a brand, or any subdomain of one (on
 * label boundaries), returns `official` and no hits. When the registrable domain is popular,
 * hits found in it are dropped and `suppressed` gives the reason. Hits in subdomains or the path
 * stay, because popular hosting sites serve other people's pages there.
 */
export function findLookalikes(domain: string, options: LookalikeOptions = {}): LookalikeResult {
  const brands = options.brands ?? DEFAULT_BRANDS;
  const parts = splitInput(domain);
  if (parts === undefined) {
    return { domain: domain.trim().toLowerCase().slice(0, MAX_INPUT_LENGTH), hits: [] };
  }

  const official = findOfficialDomain(parts.host, brands);
  if (official !== undefined) {
    return { domain: parts.host, official, hits: [] };
  }

  const hits = brands.flatMap((brand) => dedupeRules(checkBrand(parts, brand)));
  return applyPopularList(parts, hits, options.isPopular);
}

function applyPopularList(
  parts: HostParts,
  hits: readonly LocatedHit[],
  isPopular: LookalikeOptions['isPopular'],
): LookalikeResult {
  const registrable = parts.registrableDomain;
  const popular = registrable !== undefined && hits.length > 0 && isPopular?.(registrable);
  if (!popular) {
    return { domain: parts.host, hits: hits.map(withoutLocation) };
  }

  const remaining = hits.filter((hit) => hit.location === 'subdomain' || hit.location === 'path');
  const dropped = hits.length - remaining.length;
  if (dropped === 0) {
    return { domain: parts.host, hits: remaining.map(withoutLocation) };
  }
  return {
    domain: parts.host,
    hits: remaining.map(withoutLocation),
    suppressed: `${registrable} is on the popular-domain list, so ${dropped} hit(s) on it were dropped`,
  };
}

function withoutLocation(hit: LocatedHit): LookalikeHit {
  return {
    brand: hit.brand,
    rule: hit.rule,
    evidence: hit.evidence,
    officialDomains: hit.officialDomains,
  };
}

function splitInput(input: string): HostParts | undefined {
  const text = input.trim();
  if (text === '' || text.length > MAX_INPUT_LENGTH) {
    return undefined;
  }
  const { rawHost, path } = splitHostAndPath(text);
  const host = toAsciiHost(rawHost);
  if (host === undefined) {
    return undefined;
  }

  const registrableDomain = getDomain(host, TLDTS_OPTIONS) ?? undefined;
  if (registrableDomain === undefined) {
    return { host, path, subdomainLabels: [] };
  }
  const suffix = getPublicSuffix(host, TLDTS_OPTIONS) ?? '';
  const domainLabel = registrableDomain.slice(0, registrableDomain.length - suffix.length - 1);
  const subdomain = host.slice(0, Math.max(0, host.length - registrableDomain.length - 1));
  const subdomainLabels = subdomain === '' ? [] : subdomain.split('.');
  return { host, path, registrableDomain, subdomainLabels, domainLabel };
}

function splitHostAndPath(text: string): { rawHost: string; path: string } {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`;
  try {
    const url = new URL(withScheme);
    return { rawHost: url.hostname, path: decodePath(url.pathname + url.search) };
  } catch {
    return { rawHost: text.split('/')[0]!, path: '' };
  }
}

function decodePath(path: string): string {
  try {
    return decodeURIComponent(path).toLowerCase();
  } catch {
    return path.toLowerCase();
  }
}

function toAsciiHost(rawHost: string): string | undefined {
  const host = rawHost.toLowerCase().replace(/\.$/, '');
  if (host === '' || host.startsWith('[') || /^[\d.]+$/.test(host)) {
    return undefined;
  }
  const ascii = domainToASCII(host);
  return ascii === '' ? undefined : ascii;
}

function findOfficialDomain(
  host: string,
  brands: readonly Brand[],
): LookalikeResult['official'] | undefined {
  let best: LookalikeResult['official'] | undefined;
  for (const brand of brands) {
    for (const officialDomain of brand.officialDomains) {
      const isUnder = host === officialDomain || host.endsWith(`.${officialDomain}`);
      if (isUnder && officialDomain.length > (best?.officialDomain.length ?? 0)) {
        best = { brand: brand.brand, officialDomain, category: brand.category };
      }
    }
  }
  return best;
}

function dedupeRules(hits: readonly LocatedHit[]): LocatedHit[] {
  const seen = new Set<string>();
  return hits.filter((hit) => {
    if (seen.has(hit.rule)) {
      return false;
    }
    seen.add(hit.rule);
    return true;
  });
}

function checkBrand(parts: HostParts, brand: Brand): LocatedHit[] {
  const keywords = brandKeywords(brand);
  const hit = (rule: LookalikeRule, evidence: string, location: Location): LocatedHit => ({
    brand: brand.brand,
    rule,
    evidence,
    officialDomains: brand.officialDomains,
    location,
  });

  const hits: LocatedHit[] = [];
  const embedded = findEmbeddedOfficialDomain(parts, brand);
  if (embedded !== undefined) {
    hits.push(hit('official-domain-embedded', embedded.evidence, embedded.location));
  }

  const labels: { label: string; location: Location }[] = [
    ...parts.subdomainLabels.map((label) => ({ label, location: 'subdomain' as const })),
    ...(parts.domainLabel ? [{ label: parts.domainLabel, location: 'domain' as const }] : []),
  ];
  for (const { label, location } of labels) {
    for (const match of matchLabel(label, keywords)) {
      hits.push(hit(match.rule, match.evidence, location));
    }
  }

  const pathMatch = matchPath(parts.path, keywords);
  if (pathMatch !== undefined) {
    hits.push(hit('brand-in-path', pathMatch, 'path'));
  }
  return hits;
}

/**
 * Finds an official domain written inside the host but not as its suffix, as in
 * `vietcombank.com.vn-login.example` or `vietcombank.com.vn.secure.example`. The hit is located
 * in the subdomain when the official domain ends before the registrable domain starts.
 */
function findEmbeddedOfficialDomain(
  parts: HostParts,
  brand: Brand,
): { evidence: string; location: Location } | undefined {
  const host = parts.host;
  const subdomainLength =
    parts.registrableDomain === undefined ? 0 : host.length - parts.registrableDomain.length - 1;
  for (const officialDomain of brand.officialDomains) {
    const at = host.indexOf(officialDomain);
    if (at < 0 || !officialDomain.includes('.')) {
      continue;
    }
    const before = at === 0 ? '.' : host[at - 1]!;
    const after = host[at + officialDomain.length];
    if (after === undefined || !/[.\-]/.test(before)) {
      continue;
    }
    const evidence = `host ${host} contains ${officialDomain} but is not under it`;
    const inSubdomain = at + officialDomain.length <= subdomainLength;
    return { evidence, location: inSubdomain ? 'subdomain' : 'host' };
  }
  return undefined;
}

interface LabelMatch {
  readonly rule: LookalikeRule;
  readonly evidence: string;
}

function matchLabel(asciiLabel: string, keywords: readonly string[]): LabelMatch[] {
  const unicodeLabel = asciiLabel.startsWith('xn--')
    ? domainToUnicode(asciiLabel) || asciiLabel
    : asciiLabel;
  const plain = compact(asciiLabel);
  const plainMatch = matchKeywords(plain, asciiLabel, keywords);
  if (plainMatch !== undefined) {
    return [plainMatch];
  }

  const skeletonLabel = confusableSkeleton(unicodeLabel);
  const skeleton = compact(skeletonLabel);
  const skeletonMatch =
    skeleton === plain ? undefined : matchKeywords(skeleton, skeletonLabel, keywords);
  if (skeletonMatch !== undefined) {
    const rule: LookalikeRule = hasNonAscii(unicodeLabel) ? 'idn-homograph' : 'confusable-skeleton';
    const written =
      unicodeLabel === asciiLabel ? asciiLabel : `${asciiLabel} (shown as ${unicodeLabel})`;
    return [
      { rule, evidence: `label ${written} reads as ${skeletonLabel}; ${skeletonMatch.evidence}` },
    ];
  }

  const nearMatch = matchEditDistance(plain, keywords) ?? matchEditDistance(skeleton, keywords);
  return nearMatch === undefined ? [] : [nearMatch];
}

function compact(label: string): string {
  return label.replace(/[-_]/g, '');
}

/**
 * Matches a label, with its separators removed, against each keyword. The keyword with scam
 * words around it is combosquatting, and the keyword alone or inside a longer label is a brand
 * token. Keywords of three letters or fewer match only as combosquatting at an edge of the
 * label, as in `acb-login`.
 */
function matchKeywords(
  plain: string,
  label: string,
  keywords: readonly string[],
): LabelMatch | undefined {
  for (const keyword of keywords) {
    const at = plain.indexOf(keyword);
    if (at < 0) {
      continue;
    }
    const rest = plain.slice(0, at) + plain.slice(at + keyword.length);
    const tokens = label.split(/[-_]/);
    const isToken = tokens.includes(keyword) || label === keyword;
    const atEdge = at === 0 || at + keyword.length === plain.length;

    if (rest !== '' && isScamWordSequence(rest) && (keyword.length > 3 || atEdge)) {
      const short = keyword.length <= 3;
      if (!short || isToken || rest.length >= 4) {
        return {
          rule: 'combosquatting',
          evidence: `label ${label} joins ${keyword} with ${describeRest(plain, at, keyword)}`,
        };
      }
    }
    if (keyword.length <= 3) {
      continue;
    }
    if (rest === '' || isToken) {
      return { rule: 'brand-token', evidence: `label ${label} has the token ${keyword}` };
    }
    if (keyword.length >= 6) {
      return { rule: 'brand-token', evidence: `label ${label} contains ${keyword}` };
    }
  }
  return undefined;
}

function describeRest(plain: string, at: number, keyword: string): string {
  const parts = [plain.slice(0, at), plain.slice(at + keyword.length)].filter((part) => part);
  return parts.join(' and ');
}

/** Matches keywords of six letters or more one edit away, and of nine or more two edits away. */
function matchEditDistance(plain: string, keywords: readonly string[]): LabelMatch | undefined {
  for (const keyword of keywords) {
    if (keyword.length < 6 || plain === keyword) {
      continue;
    }
    const allowed = keyword.length >= 9 ? 2 : 1;
    if (Math.abs(plain.length - keyword.length) > allowed) {
      continue;
    }
    const edits = distance(plain, keyword);
    if (edits <= allowed) {
      return {
        rule: 'edit-distance',
        evidence: `label ${plain} is ${edits} edit(s) from ${keyword}`,
      };
    }
  }
  return undefined;
}

function matchPath(path: string, keywords: readonly string[]): string | undefined {
  if (path === '' || path === '/') {
    return undefined;
  }
  const tokens = new Set(path.split(/[^a-z0-9]+/).filter((token) => token !== ''));
  const keyword = keywords.find((word) => word.length >= 4 && tokens.has(word));
  return keyword === undefined ? undefined : `path ${path.slice(0, 120)} contains ${keyword}`;
}
