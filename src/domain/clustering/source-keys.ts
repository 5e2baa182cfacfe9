/** The fields of an indicator that its own source keys come from. */
export interface KeyedIndicator {
  readonly kind: string;
  readonly value: string;
  readonly host: string | null;
  readonly registrableDomain: string | null;
}

/** Key prefixes that name a source by the indicator's own value. */
const VALUE_KEY_PREFIX: Readonly<Record<string, string>> = {
  ip: 'address',
  email: 'email',
  phone: 'phone',
  bank_account: 'bank',
  social_profile: 'profile',
  app: 'app',
};

/**
 * Returns the source keys an indicator carries by its value alone. URLs and domains get
 * `domain:<registrable domain>` and, below it, `host:<host>`, so that sites on a free-hosting
 * domain still join by host. IP addresses and IP hosts get `address:`, and the other kinds get
 * `phone:`, `bank:`, `email:`, `profile:` or `app:`. Enrichment adds `address:`, `ns:` and
 * `fingerprint:` keys of its own.
 */
export function indicatorSourceKeys(indicator: KeyedIndicator): string[] {
  const prefix = VALUE_KEY_PREFIX[indicator.kind];
  if (prefix !== undefined) {
    return [`${prefix}:${indicator.value}`];
  }
  const keys: string[] = [];
  if (indicator.registrableDomain !== null) {
    keys.push(`domain:${indicator.registrableDomain}`);
    if (indicator.host !== null && indicator.host !== indicator.registrableDomain) {
      keys.push(`host:${indicator.host}`);
    }
  } else if (indicator.host !== null) {
    keys.push(
      isIpLiteral(indicator.host)
        ? `address:${unbracket(indicator.host)}`
        : `host:${indicator.host}`,
    );
  } else {
    keys.push(`${indicator.kind}:${indicator.value}`);
  }
  return keys;
}

function isIpLiteral(host: string): boolean {
  return host.startsWith('[') || /^\d{1,3}(\.\d{1,3}){3}$/.test(host);
}

function unbracket(host: string): string {
  return host.replace(/^\[|\]$/g, '');
}

/**
 * Returns the identity in which a source key's reach is counted. Two URLs on one registrable
 * domain are one identity, so a `domain:` key never passes the limit by its own reach.
 */
export function identityOf(indicator: {
  readonly value: string;
  readonly registrableDomain: string | null;
}): string {
  return indicator.registrableDomain ?? indicator.value;
}
