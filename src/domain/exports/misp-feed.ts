import { createHash } from 'node:crypto';

import { displayValue } from '../indicators/parse-indicator.ts';
import type { IndicatorKind } from '../indicators/indicator.ts';
import { CATEGORY_LABELS, isCategory } from '../taxonomy.ts';
import type { ExportListing } from './export-listing.ts';
import { nameUuid } from './name-uuid.ts';

export interface MispFeedOptions {
  readonly operatorName: string;
}

/** A MISP feed: the manifest, one event per file name, and `hashes.csv`. */
export interface MispFeed {
  readonly manifest: Record<string, unknown>;
  /** Event documents by file name, `<uuid>.json`. */
  readonly events: Map<string, { Event: Record<string, unknown> }>;
  readonly hashesCsv: string;
  readonly attributes: number;
}

/** MISP attribute type and category of each indicator kind. */
const ATTRIBUTE_TYPES: Readonly<Record<IndicatorKind, { type: string; category: string }>> = {
  url: { type: 'url', category: 'Network activity' },
  domain: { type: 'domain', category: 'Network activity' },
  ip: { type: 'ip-dst', category: 'Network activity' },
  email: { type: 'email-src', category: 'Payload delivery' },
  phone: { type: 'phone-number', category: 'Financial fraud' },
  bank_account: { type: 'bank-account-nr', category: 'Financial fraud' },
  social_profile: { type: 'text', category: 'Social network' },
  app: { type: 'mobile-application-id', category: 'Payload delivery' },
};

const TLP_TAG_COLOURS: Readonly<Record<string, string>> = {
  'tlp:clear': '#ffffff',
  'tlp:green': '#339900',
  'tlp:amber': '#ffc000',
  'tlp:amber+strict': '#ffc000',
};

/**
 * Writes a MISP feed of the listings. Listings of one decision form one
 * event, and feed listings one event per category and marking, so an event
 * carries one TLP tag. Event and attribute UUIDs are derived from what they
 * describe, so they stay the same from one export to the next, and an
 * event's timestamp is its newest listing change.
 */
export function writeMispFeed(
  listings: Iterable<ExportListing>,
  options: MispFeedOptions,
): MispFeed {
  const orgc = { name: options.operatorName, uuid: nameUuid(`misp-org:${options.operatorName}`) };
  const groups = new Map<string, ExportListing[]>();
  for (const listing of listings) {
    const key = eventKey(listing);
    const group = groups.get(key);
    if (group === undefined) {
      groups.set(key, [listing]);
    } else {
      group.push(listing);
    }
  }

  const manifest: Record<string, unknown> = {};
  const events = new Map<string, { Event: Record<string, unknown> }>();
  const hashLines: string[] = [];
  let attributes = 0;
  for (const [key, group] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
    const uuid = nameUuid(`misp-event:${key}`);
    const first = group[0]!;
    const newest = group.reduce(
      (at, listing) => (listing.updatedAt > at ? listing.updatedAt : at),
      '',
    );
    const timestamp = String(Math.floor(Date.parse(newest) / 1000));
    const tags = eventTags(first);
    const info = eventInfo(first, options.operatorName);
    const date = first.listedAt.slice(0, 10);
    const attributeList = group.map((listing) => {
      const { type, category } = ATTRIBUTE_TYPES[listing.kind as IndicatorKind] ?? {
        type: 'text',
        category: 'Other',
      };
      const value =
        listing.kind === 'url' || listing.kind === 'social_profile'
          ? displayValue({ kind: listing.kind, value: listing.value })
          : listing.value;
      hashLines.push(`${createHash('md5').update(value).digest('hex')},${uuid}`);
      return {
        uuid: nameUuid(`misp-attribute:${listing.kind}:${listing.value}`),
        type,
        category,
        value,
        to_ids: true,
        timestamp: String(Math.floor(Date.parse(listing.updatedAt) / 1000)),
        comment: listing.reasons.slice(0, 1000),
        Tag: [{ name: `vigil:category="${listing.category}"`, colour: '#0b5394' }],
      };
    });
    attributes += attributeList.length;
    manifest[uuid] = {
      Orgc: orgc,
      Tag: tags,
      info,
      date,
      analysis: '2',
      threat_level_id: '2',
      timestamp,
    };
    events.set(`${uuid}.json`, {
      Event: {
        uuid,
        info,
        date,
        analysis: '2',
        threat_level_id: '2',
        published: true,
        timestamp,
        publish_timestamp: timestamp,
        Orgc: orgc,
        Tag: tags,
        Attribute: attributeList,
      },
    });
  }
  hashLines.push('');
  return { manifest, events, hashesCsv: hashLines.join('\n'), attributes };
}

function eventKey(listing: ExportListing): string {
  return listing.decisionId !== null
    ? `decision:${listing.decisionId}`
    : `feed:${listing.category}:${listing.tlp}`;
}

function eventInfo(listing: ExportListing, operatorName: string): string {
  const label = isCategory(listing.category)
    ? CATEGORY_LABELS[listing.category].en
    : listing.category;
  return listing.decisionId !== null
    ? `${operatorName} decision ${listing.decisionId}: ${label}`
    : `${operatorName} feed listings: ${label}`;
}

function eventTags(listing: ExportListing): { name: string; colour: string }[] {
  const tlp = listing.tlp.toLowerCase();
  return [
    { name: tlp, colour: TLP_TAG_COLOURS[tlp] ?? '#cc0033' },
    { name: `vigil:category="${listing.category}"`, colour: '#0b5394' },
  ];
}
