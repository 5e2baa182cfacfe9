import { randomUUID } from 'node:crypto';

import { displayValue } from '../indicators/parse-indicator.ts';
import type { IndicatorKind } from '../indicators/indicator.ts';
import { CATEGORY_LABELS, isCategory } from '../taxonomy.ts';
import type { TlpLabel } from '../tlp.ts';
import type { ExportListing } from './export-listing.ts';
import { nameUuid } from './name-uuid.ts';

/** The extension that defines TLP 2.0 markings in STIX 2.1, as OASIS published it. */
const TLP2_EXTENSION = 'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d';

/** The marking-definition ids that OASIS fixed for the TLP 2.0 labels. */
export const TLP_MARKING_IDS: Readonly<Record<TlpLabel, string>> = {
  'TLP:CLEAR': 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487',
  'TLP:GREEN': 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb',
  'TLP:AMBER': 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421',
  'TLP:AMBER+STRICT': 'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003',
  'TLP:RED': 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1',
};

export interface StixOptions {
  /** The operator, as the identity that created every object. */
  readonly operatorName: string;
  /** The public address of the instance, for each indicator's external reference. */
  readonly publicUrl: string;
}

export type StixObject = Readonly<Record<string, unknown>> & {
  readonly type: string;
  readonly id: string;
};

/** Returns the identity object of the operator; its id depends only on the name. */
export function stixIdentity(options: StixOptions): StixObject {
  return {
    type: 'identity',
    spec_version: '2.1',
    id: `identity--${nameUuid(`identity:${options.operatorName}`)}`,
    created: '2026-01-01T00:00:00.000Z',
    modified: '2026-01-01T00:00:00.000Z',
    name: options.operatorName,
    identity_class: 'organization',
  };
}

/** Returns the TLP 2.0 marking-definition object of `label`. */
export function stixTlpMarking(label: TlpLabel): StixObject {
  return {
    type: 'marking-definition',
    spec_version: '2.1',
    id: TLP_MARKING_IDS[label],
    created: '2022-10-01T00:00:00.000Z',
    name: label,
    extensions: {
      [TLP2_EXTENSION]: {
        extension_type: 'property-extension',
        tlp_2_0: label.slice(4).toLowerCase(),
      },
    },
  };
}

/**
 * Returns the STIX pattern of an indicator, or undefined for kinds that STIX
 * 2.1 has no cyber-observable for (phone numbers, bank accounts, social
 * profiles, apps). Quotes and backslashes in the value are escaped.
 */
export function stixPattern(kind: string, value: string): string | undefined {
  const quoted = `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
  switch (kind) {
    case 'url':
      return `[url:value = ${quoted}]`;
    case 'domain':
      return `[domain-name:value = ${quoted}]`;
    case 'ip':
      return value.includes(':')
        ? `[ipv6-addr:value = ${quoted}]`
        : `[ipv4-addr:value = ${quoted}]`;
    case 'email':
      return `[email-addr:value = ${quoted}]`;
    default:
      return undefined;
  }
}

/** Returns the STIX id of the indicator object for a listed indicator, the same in every export. */
export function stixIndicatorId(listing: Pick<ExportListing, 'kind' | 'value'>): string {
  return `indicator--${nameUuid(`indicator:${listing.kind}:${listing.value}`)}`;
}

/**
 * Returns the STIX 2.1 indicator object of a listing, marked with its TLP and
 * linked to its decision, or undefined when its kind has no STIX pattern.
 * `modified` is the listing's last change, so a TAXII client sees a new
 * version whenever the listing changes.
 */
export function stixIndicator(
  listing: ExportListing,
  options: StixOptions,
): StixObject | undefined {
  const pattern = stixPattern(listing.kind, listing.value);
  if (pattern === undefined) {
    return undefined;
  }
  const label = isCategory(listing.category)
    ? CATEGORY_LABELS[listing.category].en
    : listing.category;
  const base = options.publicUrl.replace(/\/$/, '');
  const created = stixTime(listing.listedAt);
  const modified = stixTime(listing.updatedAt);
  return {
    type: 'indicator',
    spec_version: '2.1',
    id: stixIndicatorId(listing),
    created_by_ref: stixIdentity(options).id,
    created,
    modified: modified < created ? created : modified,
    name: `${label}: ${displayValue({ kind: listing.kind as IndicatorKind, value: listing.value })}`,
    description: listing.reasons,
    indicator_types: ['malicious-activity'],
    pattern,
    pattern_type: 'stix',
    valid_from: created,
    valid_until: stixTime(listing.expiresAt),
    labels: [listing.category],
    object_marking_refs: [TLP_MARKING_IDS[listing.tlp as TlpLabel] ?? TLP_MARKING_IDS['TLP:RED']],
    external_references: [
      {
        source_name: 'vigil',
        url: `${base}/api/v1/lookup?value=${encodeURIComponent(listing.value)}`,
        ...(listing.decisionId !== null && { external_id: `decision-${listing.decisionId}` }),
        description: `legal basis: ${listing.legalBasis}`,
      },
    ],
  };
}

/**
 * Writes a STIX 2.1 bundle of the listings: the operator's identity, the TLP
 * marking definitions in use, and one indicator per listing that has a STIX
 * pattern. Returns how many listings had none.
 */
export function writeStixBundle(
  listings: Iterable<ExportListing>,
  options: StixOptions,
): { bundle: StixObject; indicators: number; skipped: number } {
  const indicators: StixObject[] = [];
  const labels = new Set<TlpLabel>();
  let skipped = 0;
  for (const listing of listings) {
    const indicator = stixIndicator(listing, options);
    if (indicator === undefined) {
      skipped++;
      continue;
    }
    labels.add(listing.tlp as TlpLabel);
    indicators.push(indicator);
  }
  const markings = [...labels].sort().map(stixTlpMarking);
  const bundle: StixObject = {
    type: 'bundle',
    id: `bundle--${randomUUID()}`,
    objects: [stixIdentity(options), ...markings, ...indicators],
  };
  return { bundle, indicators: indicators.length, skipped };
}

/** Formats an ISO time with milliseconds, as STIX timestamps are usually written. */
function stixTime(iso: string): string {
  return new Date(iso).toISOString();
}
