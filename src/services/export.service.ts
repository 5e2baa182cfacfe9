import type { Config } from '../config.ts';
import {
  type ExportFormat,
  type ExportListing,
  EXPORT_FORMATS,
  isExportable,
  isExportFormat,
} from '../domain/exports/export-listing.ts';
import { writeCsv, writeJson } from '../domain/exports/csv-json.ts';
import { writeMispFeed } from '../domain/exports/misp-feed.ts';
import { rpzContentHash, RpzRecordWriter, writeRpzZone } from '../domain/exports/rpz-zone.ts';
import { writeStixBundle } from '../domain/exports/stix-bundle.ts';
import { TLP_LABELS, type TlpLabel, tlpRank } from '../domain/tlp.ts';
import { VigilError } from '../errors.ts';
import type { Database } from '../store/database.ts';
import {
  type ChangeCursor,
  exportSerial,
  selectExportListings,
  selectListingChangesForExport,
  selectRpzCandidates,
} from '../store/export.repository.ts';

/** The reader of an export: the most restricted TLP marking they may receive. */
export interface ExportReader {
  readonly clearance: TlpLabel;
}

/** Anyone without a key: TLP:CLEAR only. */
export const PUBLIC_READER: ExportReader = { clearance: 'TLP:CLEAR' };

export interface ExportRequest {
  readonly format: string;
  /** An ISO time: only listings changed since then (CSV, JSON and STIX only). */
  readonly since?: string;
  readonly reader: ExportReader;
  readonly now?: Date;
}

/** One file of an export. */
export interface ExportFile {
  readonly contentType: string;
  readonly body: string;
}

export interface ExportResult {
  readonly format: ExportFormat;
  /** The files by name: one for most formats; `manifest.json`, `hashes.csv` and events for MISP. */
  readonly files: Map<string, ExportFile>;
  /** Listings, names or objects written. */
  readonly count: number;
  /** Listings or names left out because the format cannot carry them. */
  readonly skipped: number;
  /** The RPZ SOA serial, for RPZ only. */
  readonly serial?: number;
}

/** The file name of each single-file format. */
export const EXPORT_FILE_NAMES = {
  rpz: 'vigil.rpz',
  stix: 'vigil-stix.json',
  csv: 'vigil.csv',
  json: 'vigil.json',
} as const;

/**
 * Writes an export of the active listings the reader may receive: never
 * TLP:RED, never false information or other warning labels, and only
 * markings up to the reader's clearance. Throws INVALID_INPUT for an unknown
 * format, a `since` that is not a time, or `since` with RPZ or MISP, which are
 * always full.
 */
export async function runExport(
  database: Database,
  config: Config,
  request: ExportRequest,
): Promise<ExportResult> {
  if (!isExportFormat(request.format)) {
    throw new VigilError(
      'INVALID_INPUT',
      `format: "${request.format.slice(0, 20)}" is not one of ${EXPORT_FORMATS.join(', ')}`,
      'format',
    );
  }
  const format = request.format;
  const since = parseSince(request.since, format);
  const now = request.now ?? new Date();
  const query = {
    now: now.toISOString(),
    tlps: readableTlps(request.reader.clearance),
    ...(since && { since }),
  };
  const generatedAt = now.toISOString();
  const { sharing } = config;

  if (format === 'rpz') {
    return exportRpz(database, config, query, request.reader, now);
  }
  const listings: ExportListing[] = [];
  for await (const page of selectExportListings(database.db, database.dialect, query)) {
    for (const listing of page) {
      if (isExportable(listing, request.reader.clearance)) {
        listings.push(listing);
      }
    }
  }
  const options = { operatorName: sharing.operatorName, publicUrl: sharing.publicUrl };
  switch (format) {
    case 'stix': {
      const { bundle, indicators, skipped } = writeStixBundle(listings, options);
      const body = `${JSON.stringify(bundle)}\n`;
      return single(format, 'application/stix+json;version=2.1', body, indicators, skipped);
    }
    case 'csv':
      return single(format, 'text/csv; charset=utf-8', writeCsv(listings), listings.length, 0);
    case 'json': {
      const body = writeJson(listings, { generatedAt, since: since ?? null });
      return single(format, 'application/json; charset=utf-8', body, listings.length, 0);
    }
    case 'misp': {
      const feed = writeMispFeed(listings, options);
      const files = new Map<string, ExportFile>([
        ['manifest.json', { contentType: 'application/json', body: JSON.stringify(feed.manifest) }],
        ['hashes.csv', { contentType: 'text/csv; charset=utf-8', body: feed.hashesCsv }],
      ]);
      for (const [name, event] of feed.events) {
        files.set(name, { contentType: 'application/json', body: JSON.stringify(event) });
      }
      return { format, files, count: feed.attributes, skipped: 0 };
    }
  }
}

async function exportRpz(
  database: Database,
  config: Config,
  query: { now: string; tlps: string[] },
  reader: ExportReader,
  now: Date,
): Promise<ExportResult> {
  const { rpzZone, rpzTarget } = config.sharing;
  const writer = new RpzRecordWriter(rpzZone, rpzTarget);
  for await (const page of selectRpzCandidates(database, query.now, query.tlps)) {
    for (const [, name, wildcard] of page) {
      writer.addName(name, wildcard === 1);
    }
  }
  const records = writer.records();
  const hash = rpzContentHash(records);
  const serial = await database.db
    .transaction()
    .execute((trx) => exportSerial(trx, database.dialect, `rpz:${reader.clearance}`, hash, now));
  const zone = writeRpzZone(records, writer.count, {
    origin: rpzZone,
    serial,
    target: rpzTarget,
    generatedAt: now.toISOString(),
  });
  const result = single('rpz', 'text/dns; charset=utf-8', zone, writer.count, writer.skipped);
  return { ...result, serial };
}

/** A page of listing changes for TAXII, and the cursor of the next page when there is one. */
export interface ListingChangePage {
  readonly listings: readonly ExportListing[];
  readonly next: ChangeCursor | undefined;
}

/**
 * Pages through the exportable listings in the order they changed, for the
 * TAXII objects and manifest endpoints. `addedAfter` keeps listings changed
 * after that time; `after` continues from a previous page.
 */
export async function pageListingChanges(
  database: Database,
  request: {
    readonly reader: ExportReader;
    readonly addedAfter?: string;
    readonly after?: ChangeCursor;
    readonly limit: number;
    readonly now?: Date;
  },
): Promise<ListingChangePage> {
  const now = request.now ?? new Date();
  const rows = await selectListingChangesForExport(
    database.db,
    database.dialect,
    {
      now: now.toISOString(),
      tlps: readableTlps(request.reader.clearance),
      kinds: ['url', 'domain', 'ip', 'email'],
      ...(request.addedAfter !== undefined && { addedAfter: request.addedAfter }),
      ...(request.after !== undefined && { after: request.after }),
    },
    request.limit + 1,
  );
  const more = rows.length > request.limit;
  const listings = more ? rows.slice(0, request.limit) : rows;
  const last = listings[listings.length - 1];
  return {
    listings,
    next: more && last ? { updatedAt: last.updatedAt, indicatorId: last.indicatorId } : undefined,
  };
}

/** Lists the TLP labels a reader cleared up to `clearance` may receive in a feed. */
export function readableTlps(clearance: TlpLabel): string[] {
  return TLP_LABELS.filter((label) => label !== 'TLP:RED' && tlpRank(label) <= tlpRank(clearance));
}

function parseSince(since: string | undefined, format: ExportFormat): string | undefined {
  if (since === undefined || since === '') {
    return undefined;
  }
  if (format === 'rpz' || format === 'misp') {
    throw new VigilError(
      'INVALID_INPUT',
      `since: a ${format === 'rpz' ? 'RPZ zone' : 'MISP feed'} is always complete; leave out since`,
      'since',
    );
  }
  const time = Date.parse(since);
  if (Number.isNaN(time) || !/^\d{4}-\d{2}-\d{2}/.test(since)) {
    throw new VigilError(
      'INVALID_INPUT',
      `since: "${since.slice(0, 40)}" is not an ISO-8601 time such as 2026-01-31T00:00:00Z`,
      'since',
    );
  }
  return new Date(time).toISOString();
}

function single(
  format: ExportFormat,
  contentType: string,
  body: string,
  count: number,
  skipped: number,
): ExportResult {
  const name = EXPORT_FILE_NAMES[format as keyof typeof EXPORT_FILE_NAMES];
  return { format, files: new Map([[name, { contentType, body }]]), count, skipped };
}
