import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { loadConfig } from '../src/config.ts';
import { IndicatorError } from '../src/domain/indicators/indicator.ts';
import { parseIndicator } from '../src/domain/indicators/parse-indicator.ts';
import { importFile } from '../src/services/import.service.ts';
import { openDatabase } from '../src/store/database.ts';
import { writeSyntheticFeed } from './synthetic-feed.ts';

export interface ImportBenchResult {
  readonly count: number;
  readonly importSeconds: number;
  readonly importPerSecond: number;
  readonly rawSeconds: number;
  readonly rawPerSecond: number;
  /** Import rate divided by the raw insert rate. */
  readonly ratio: number;
  /** The SQLite file the import wrote, for the lookup benchmark to reuse. */
  readonly databasePath: string;
}

/**
 * Imports `count` synthetic URLs from a plain list into a new SQLite database,
 * then inserts the same canonical rows (indicator, provenance, listing) raw
 * with better-sqlite3 in one transaction into another, and compares the rates.
 */
export async function benchImport(folder: string, count: number): Promise<ImportBenchResult> {
  const feed = join(folder, 'feed.txt');
  await writeSyntheticFeed(feed, count);

  const databasePath = join(folder, 'import.db');
  const database = await openDatabase(databasePath);
  const started = performance.now();
  const summary = await importFile(database, feed, {
    format: 'plain',
    source: 'bench',
    listingPolicy: loadConfig({}).feedListing,
  });
  const importSeconds = (performance.now() - started) / 1000;
  await database.close();
  if (summary.new !== count) {
    throw new Error(`import stored ${summary.new} of ${count} synthetic URLs`);
  }

  const rawSeconds = await insertRaw(join(folder, 'raw.db'), feed);
  return {
    count,
    importSeconds,
    importPerSecond: count / importSeconds,
    rawSeconds,
    rawPerSecond: count / rawSeconds,
    ratio: rawSeconds / importSeconds,
    databasePath,
  };
}

async function insertRaw(path: string, feed: string): Promise<number> {
  const rows = readFileSync(feed, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const indicator = parseIndicator(line);
      if (indicator instanceof IndicatorError) {
        throw indicator;
      }
      return indicator;
    });
  const database = await openDatabase(path);
  const sqlite = database.sqlite!;
  const now = new Date().toISOString();
  const insertIndicator = sqlite.prepare(
    `insert into indicators (kind, value, host, registrable_domain, first_seen, last_seen)
     values (?, ?, ?, ?, ?, ?)`,
  );
  const insertProvenance = sqlite.prepare(
    `insert into provenance (indicator_id, name, category, tlp, first_seen, last_seen)
     values (?, ?, ?, ?, ?, ?)`,
  );
  const insertListing = sqlite.prepare(
    `insert into listings (indicator_id, category, status, decided_by, origin, legal_basis,
       reasons, tlp, listed_at, expires_at, updated_at)
     values (?, ?, 'active', 'feed', ?, ?, ?, ?, ?, ?, ?)`,
  );

  const started = performance.now();
  sqlite.transaction(() => {
    for (const row of rows) {
      const { lastInsertRowid: id } = insertIndicator.run(
        row.kind,
        row.value,
        row.host ?? null,
        row.registrableDomain ?? null,
        now,
        now,
      );
      insertProvenance.run(id, 'bench', 'unspecified', 'TLP:CLEAR', now, now);
      insertListing.run(
        id,
        'unspecified',
        'bench',
        'trusted-feed',
        'reasons',
        'TLP:CLEAR',
        now,
        now,
        now,
      );
    }
  })();
  const seconds = (performance.now() - started) / 1000;
  await database.close();
  return seconds;
}
