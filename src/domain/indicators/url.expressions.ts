import { createHash } from 'node:crypto';

/** Safe Browsing checks the exact host and at most four suffixes of it. */
export const MAX_HOST_SUFFIXES = 5;
/** Safe Browsing checks the path with and without the query and at most four prefixes. */
export const MAX_PATH_PREFIXES = 6;

const IPV4_HOST = /^\d+\.\d+\.\d+\.\d+$/;

/**
 * Returns the Safe Browsing host-suffix and path-prefix expressions of a canonical URL, in the
 * spec's order: for each host (exact first, then shorter suffixes), each path (with query, without
 * query, then prefixes from the root). Each is `host/path?query` without the scheme, so
 * `http://a.b.c/1/2.html?param=1` gives `a.b.c/1/2.html?param=1`, `a.b.c/1/2.html`, `a.b.c/`,
 * `a.b.c/1/`, then the same four for `b.c`.
 *
 * An empty query (`/q?`) adds no expression of its own, as in Chromium and Google's Go client,
 * so `a.b/?` is looked up as `a.b/`. Expects the output of canonicalizeUrl.
 */
export function urlExpressions(canonicalUrl: string): string[] {
  const separator = canonicalUrl.indexOf('://');
  if (separator === -1) {
    return [];
  }
  const hostStart = separator + 3;
  const slash = canonicalUrl.indexOf('/', hostStart);
  const pathStart = slash === -1 ? canonicalUrl.length : slash;

  const hosts = urlHostSuffixes(canonicalUrl.slice(hostStart, pathStart));
  const paths = urlPathPrefixes(canonicalUrl.slice(pathStart) || '/');
  const expressions = new Array<string>(hosts.length * paths.length);
  let index = 0;
  for (const host of hosts) {
    for (const path of paths) {
      expressions[index++] = host + path;
    }
  }
  return expressions;
}

/**
 * Returns the exact expression of a canonical URL (host, path and a non-empty query), the first
 * of urlExpressions: the key under which a listing of that URL is indexed.
 */
export function urlLookupKey(canonicalUrl: string): string {
  const hostStart = canonicalUrl.indexOf('://') + 3;
  const question = canonicalUrl.indexOf('?', hostStart);
  const end = question === canonicalUrl.length - 1 ? question : canonicalUrl.length;
  return canonicalUrl.slice(hostStart, end);
}

/**
 * Returns the hosts Safe Browsing checks for a canonical host: the host itself, then the suffixes
 * made of its last five labels down to its last two, longest first (`a.b.c.d.e.f.g` gives
 * `a.b.c.d.e.f.g`, `c.d.e.f.g`, `d.e.f.g`, `e.f.g`, `f.g`). An IP address gives only itself.
 */
export function urlHostSuffixes(host: string): string[] {
  const suffixes = [host];
  if (host.startsWith('[') || IPV4_HOST.test(host)) {
    return suffixes;
  }

  // dots[i] is the position of the (i + 1)-th dot from the right, so the suffix of m labels starts
  // after dots[m - 1].
  const dots: number[] = [];
  let dot = host.lastIndexOf('.');
  while (dot !== -1 && dots.length < MAX_HOST_SUFFIXES) {
    dots.push(dot);
    dot = dot === 0 ? -1 : host.lastIndexOf('.', dot - 1);
  }
  for (let labels = Math.min(dots.length, MAX_HOST_SUFFIXES); labels >= 2; labels--) {
    suffixes.push(host.slice(dots[labels - 1]! + 1));
  }
  return suffixes;
}

/**
 * Returns the paths Safe Browsing checks for a canonical path with its query. They are the path
 * with a non-empty query, the path without it, then up to four prefixes ending in `/`, from the
 * root down. Each path appears once.
 */
export function urlPathPrefixes(pathAndQuery: string): string[] {
  const question = pathAndQuery.indexOf('?');
  const path = question === -1 ? pathAndQuery : pathAndQuery.slice(0, question);
  const prefixes: string[] = [];
  if (question !== -1 && question < pathAndQuery.length - 1) {
    prefixes.push(pathAndQuery);
  }
  prefixes.push(path);

  let slash = path.indexOf('/');
  for (let count = 0; count < MAX_PATH_PREFIXES - 2 && slash !== -1; count++) {
    const prefix = path.slice(0, slash + 1);
    if (prefix !== path) {
      prefixes.push(prefix);
    }
    slash = path.indexOf('/', slash + 1);
  }
  return prefixes;
}

/**
 * Returns the SHA-256 of an expression as lowercase hex. Safe Browsing hash-prefix lists hold the
 * first 4 to 32 bytes of these hashes.
 */
export function expressionHash(expression: string): string {
  return createHash('sha256').update(expression, 'utf8').digest('hex');
}
