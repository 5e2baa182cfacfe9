import { type TlpLabel, parseTlpLabel, tlpRank } from '../tlp.ts';

/** An active listing as exports read it: the indicator, its listing and the decision's action. */
export interface ExportListing {
  readonly indicatorId: number;
  readonly kind: string;
  readonly value: string;
  readonly host: string | null;
  readonly registrableDomain: string | null;
  readonly category: string;
  readonly tlp: string;
  readonly legalBasis: string;
  readonly reasons: string;
  readonly listedAt: string;
  readonly updatedAt: string;
  readonly expiresAt: string;
  /** The decision that made the listing; null for a listing from a trusted feed. */
  readonly decisionId: number | null;
  /** The action of that decision (`listed`, `changed`, `warning_label`), or null. */
  readonly decisionAction: string | null;
}

/** The export formats Vigil writes. */
export const EXPORT_FORMATS = ['rpz', 'stix', 'misp', 'csv', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export function isExportFormat(value: string): value is ExportFormat {
  return (EXPORT_FORMATS as readonly string[]).includes(value);
}

/**
 * Tells whether a reader cleared up to `clearance` may receive a listing in a
 * feed. TLP:RED never goes into a feed, whatever the clearance, and neither do
 * warning labels (false information, or a `warning_label` decision), because
 * feeds are read by systems that block.
 */
export function isExportable(listing: ExportListing, clearance: TlpLabel): boolean {
  if (listing.category === 'false_information' || listing.decisionAction === 'warning_label') {
    return false;
  }
  const tlp = parseTlpLabel(listing.tlp);
  if (tlp === undefined || tlp === 'TLP:RED') {
    return false;
  }
  return tlpRank(tlp) <= tlpRank(clearance);
}

/** Lowers a clearance to the most a feed may carry: TLP:RED becomes TLP:AMBER+STRICT. */
export function feedClearance(clearance: TlpLabel): TlpLabel {
  return clearance === 'TLP:RED' ? 'TLP:AMBER+STRICT' : clearance;
}
