import ipaddr from 'ipaddr.js';

import { telcoOfPhone } from './telco.ts';

/** The kinds of key a routing rule matches. */
export const ROUTING_KEY_TYPES = [
  'registrar',
  'domain',
  'network',
  'bank',
  'platform',
  'telco',
  'default',
] as const;
export type RoutingKeyType = (typeof ROUTING_KEY_TYPES)[number];

export function isRoutingKeyType(value: string): value is RoutingKeyType {
  return (ROUTING_KEY_TYPES as readonly string[]).includes(value);
}

export interface RoutingRule {
  readonly organisationId: number;
  readonly keyType: RoutingKeyType;
  readonly keyValue: string;
}

/** An indicator as routing reads it. */
export interface RoutedIndicator {
  readonly kind: string;
  readonly value: string;
  readonly host: string | null;
  readonly registrableDomain: string | null;
}

/**
 * Facts about an indicator's infrastructure that enrichment found: the
 * registrar of its domain (from RDAP), and the addresses and networks (`AS`
 * numbers) it is hosted on.
 */
export interface RoutingFacts {
  readonly registrar?: string;
  readonly addresses?: readonly string[];
  readonly asns?: readonly number[];
}

/**
 * Normalizes a rule's key as it is stored and compared: lowercase without
 * surrounding dots for names, a CIDR range or `AS<number>` for networks, six
 * digits for a bank's BIN. Returns an error message for a key that cannot
 * match anything.
 */
export function normalizeRoutingKey(type: RoutingKeyType, raw: string): string | { error: string } {
  const value = raw
    .trim()
    .toLowerCase()
    .replace(/^\.+|\.+$/g, '');
  switch (type) {
    case 'default':
      return '';
    case 'bank':
      return /^\d{6}$/.test(value) ? value : { error: `bank "${raw}" is not a 6-digit BIN` };
    case 'network':
      return normalizeNetwork(value, raw);
    case 'domain':
    case 'platform':
      return /^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/.test(value)
        ? value
        : { error: `${type} "${raw}" is not a domain name or suffix such as vn or facebook.com` };
    default:
      return value === '' ? { error: `${type} must not be empty` } : value;
  }
}

function normalizeNetwork(value: string, raw: string): string | { error: string } {
  if (/^as\d{1,10}$/.test(value)) {
    return value.toUpperCase();
  }
  try {
    const [address, bits] = ipaddr.parseCIDR(
      value.includes('/') ? value : `${value}/${value.includes(':') ? 128 : 32}`,
    );
    return `${address.toString()}/${bits}`;
  } catch {
    return {
      error: `network "${raw}" is not a CIDR range such as 203.0.113.0/24 or an AS number such as AS7552`,
    };
  }
}

/**
 * Returns the organisations that receive a notice about one indicator. Every
 * rule that matches counts: a domain's registrar, a network hosting it, a
 * platform it is on, a bank account's bank (its BIN), a phone number's telco
 * (by Vietnamese mobile prefix). Default rules apply only when nothing else
 * matched.
 */
export function routeIndicator(
  indicator: RoutedIndicator,
  rules: readonly RoutingRule[],
  facts: RoutingFacts = {},
): Set<number> {
  const matched = new Set<number>();
  for (const rule of rules) {
    if (rule.keyType !== 'default' && matches(rule, indicator, facts)) {
      matched.add(rule.organisationId);
    }
  }
  if (matched.size === 0) {
    for (const rule of rules) {
      if (rule.keyType === 'default') {
        matched.add(rule.organisationId);
      }
    }
  }
  return matched;
}

function matches(rule: RoutingRule, indicator: RoutedIndicator, facts: RoutingFacts): boolean {
  switch (rule.keyType) {
    case 'registrar':
      return (
        facts.registrar !== undefined && facts.registrar.trim().toLowerCase() === rule.keyValue
      );
    case 'domain':
      return (
        indicator.registrableDomain !== null &&
        isSameOrUnder(indicator.registrableDomain, rule.keyValue)
      );
    case 'platform':
      return indicator.host !== null && isSameOrUnder(indicator.host, rule.keyValue);
    case 'bank':
      return indicator.kind === 'bank_account' && indicator.value.startsWith(`${rule.keyValue}:`);
    case 'telco':
      return indicator.kind === 'phone' && telcoOfPhone(indicator.value) === rule.keyValue;
    case 'network':
      return matchesNetwork(rule.keyValue, indicator, facts);
    default:
      return false;
  }
}

function isSameOrUnder(name: string, suffix: string): boolean {
  return name === suffix || name.endsWith(`.${suffix}`);
}

function matchesNetwork(key: string, indicator: RoutedIndicator, facts: RoutingFacts): boolean {
  if (key.startsWith('AS')) {
    return facts.asns?.includes(Number(key.slice(2))) ?? false;
  }
  const addresses = [...(facts.addresses ?? [])];
  if (indicator.kind === 'ip') {
    addresses.push(indicator.value);
  }
  const [range, bits] = ipaddr.parseCIDR(key);
  return addresses.some((text) => {
    if (!ipaddr.isValid(text)) {
      return false;
    }
    const address = ipaddr.process(text);
    return address.kind() === range.kind() && address.match(range, bits);
  });
}
