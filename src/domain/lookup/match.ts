import type { Indicator } from '../indicators/indicator.ts';
import { lookupKey } from '../indicators/parse-indicator.ts';
import { urlExpressions } from '../indicators/url.expressions.ts';

/** How a listed indicator can match the value that was looked up, best first. */
export const MATCH_TYPES = [
  'exact',
  'host',
  'expression',
  'host_suffix',
  'registrable_domain',
] as const;

export type MatchType = (typeof MATCH_TYPES)[number];

/**
 * Returns the index keys to probe for an indicator: the Safe Browsing
 * expressions for URLs and domains (so a listed host or path prefix matches),
 * the address itself and its domain's host keys for e-mail addresses, and the
 * indicator's own key for every other kind.
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
  return listed.value === query.registrableDomain ? 'registrable_domain' : 'host_suffix';
}
