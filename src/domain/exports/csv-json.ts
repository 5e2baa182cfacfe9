import type { ExportListing } from './export-listing.ts';

/** The columns of the CSV export, in order. */
export const CSV_COLUMNS = [
  'kind',
  'value',
  'category',
  'tlp',
  'listed_at',
  'updated_at',
  'expires_at',
  'decision_id',
  'legal_basis',
  'reasons',
] as const;

/**
 * Writes listings as CSV with a header row (RFC 4180: CRLF line ends, fields
 * quoted when they contain a comma, quote or line break). The free-text
 * `reasons` column gets a leading `'` when it starts with `=`, `+`, `-` or `@`,
 * so a spreadsheet shows it as text instead of running it as a formula.
 * Indicator values stay exact, so a phone number keeps its `+`.
 */
export function writeCsv(listings: Iterable<ExportListing>): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const listing of listings) {
    lines.push(
      [
        listing.kind,
        listing.value,
        listing.category,
        listing.tlp,
        listing.listedAt,
        listing.updatedAt,
        listing.expiresAt,
        listing.decisionId === null ? '' : String(listing.decisionId),
        listing.legalBasis,
        neutralizeFormula(listing.reasons),
      ]
        .map(csvField)
        .join(','),
    );
  }
  lines.push('');
  return lines.join('\r\n');
}

/** A listing as the JSON export writes it. */
export interface JsonListing {
  readonly kind: string;
  readonly value: string;
  readonly category: string;
  readonly tlp: string;
  readonly listed_at: string;
  readonly updated_at: string;
  readonly expires_at: string;
  readonly decision_id: number | null;
  readonly legal_basis: string;
  readonly reasons: string;
}

/**
 * Writes listings as one JSON document: when it was generated, the `since`
 * bound of an incremental export (or null for a full one), and the listings.
 */
export function writeJson(
  listings: Iterable<ExportListing>,
  meta: { readonly generatedAt: string; readonly since: string | null },
): string {
  const rows: JsonListing[] = [];
  for (const listing of listings) {
    rows.push({
      kind: listing.kind,
      value: listing.value,
      category: listing.category,
      tlp: listing.tlp,
      listed_at: listing.listedAt,
      updated_at: listing.updatedAt,
      expires_at: listing.expiresAt,
      decision_id: listing.decisionId,
      legal_basis: listing.legalBasis,
      reasons: listing.reasons,
    });
  }
  return `${JSON.stringify({ generated_at: meta.generatedAt, since: meta.since, count: rows.length, listings: rows })}\n`;
}

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function neutralizeFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}
