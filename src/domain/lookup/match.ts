import { registrableDomain } from '../indicators/host.ts';
import type { Indicator } from '../indicators/indicator.ts';
import { lookupKey } from '../indicators/parse-indicator.ts';
import { urlExpressions } from '../indicators/url.expressions.ts';

/** The ways a listed indicator can match the value looked up, best first. */
export const MATCH_TYPES = [
  'exact',
  'host',
  'expression',
  'host_suffix',
  'registrable_domain',
] as const;

export type MatchType = (typeof MATCH_TYPES)[number];

/**
 * Returns the index keys to probe for an indicator. URLs and domains get their
 * Safe Browsing expressions, so a listed host or path prefix matches. An e-mail
 * address gets its own key and the host keys of its domain. Every other kind
 * gets its own key.
 */
export function probeKeys(indicator: Indicator): string[] {
  switch (indicator.kind) {
    case 'url':
      return urlExpressions(indicator.value);
    case 'domain':
      return urlExpressions(`http://${indicator.value}/`);
    case 'email':
      return [lookupKey(indicator), ...hostKeys(emailDomain(indicator.value))];
    default:
      return [lookupKey(indicator)];
  }
}

/** Returns the `host/` keys of a host and its parent domains. */
function hostKeys(host: string): string[] {
  return urlExpressions(`http://${host}/`).filter((expression) => expression.endsWith('/'));
}

function emailDomain(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1);
}

/**
 * Classifies how `listed`, found under index key `key`, matches `query`,
 * whose exact key (the first of its probe keys) is `exactKey`.
 */
export function classifyMatch(
  query: Indicator,
  exactKey: string,
  listed: { readonly kind: string; readonly value: string },
  key: string,
): MatchType {
  if (listed.kind === 'url') {
    return query.kind === 'url' && key === exactKey ? 'exact' : 'expression';
  }
  const host = query.kind === 'email' ? emailDomain(query.value) : query.host;
  if (listed.kind !== 'domain' || host === undefined) {
    return 'exact';
  }
  if (listed.value === host) {
    return query.kind === 'domain' ? 'exact' : 'host';
  }
  const registrable = query.kind === 'email' ? registrableDomain(host) : query.registrableDomain;
  return listed.value === registrable ? 'registrable_domain' : 'host_suffix';
}

/** The schemes a stored URL may carry; its lookup key drops the scheme. */
const URL_SCHEMES = ['http', 'https', 'ftp', 'ws', 'wss'] as const;

/**
 * Returns every stored (kind, value) whose lookup key could be `key`, so that
 * a store can be searched by its unique index instead of the in-memory
 * index. The caller confirms each row it finds against `key`.
 */
export function indicatorsForKey(key: string): { kind: string; value: string }[] {
  const colon = key.indexOf(':');
  const slash = key.indexOf('/');
  if (colon > 0 && (slash === -1 || colon < slash) && !key.startsWith('[')) {
    return [{ kind: key.slice(0, colon), value: key.slice(colon + 1) }];
  }
  const urls = URL_SCHEMES.map((scheme) => ({ kind: 'url', value: `${scheme}://${key}` }));
  if (slash !== key.length - 1) {
    return urls;
  }
  const host = key.slice(0, -1);
  const address = host.startsWith('[') ? host.slice(1, -1) : host;
  return [{ kind: 'domain', value: host }, { kind: 'ip', value: address }, ...urls];
}
