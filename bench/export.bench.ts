import { join } from 'node:path';

import { loadConfig } from '../src/config.ts';
import type { ExportListing } from '../src/domain/exports/export-listing.ts';
import { RpzRecordWriter, writeRpzZone } from '../src/domain/exports/rpz-zone.ts';
import { runExport } from '../src/services/export.service.ts';
import { openDatabase } from '../src/store/database.ts';

export interface ExportBenchResult {
  readonly domains: number;
  /** `runExport` of the RPZ zone: reading the listings from SQLite, filtering, writing. */
  readonly exportSeconds: number;
  /** The zone writer alone on listings already in memory. */
  readonly writerSeconds: number;
  readonly zoneBytes: number;
}

const SUFFIXES = ['vn', 'com.vn', 'com', 'net', 'xyz', 'top', 'online', 'shop'];

function syntheticDomain(i: number): string {
  return `scam-${i.toString(36)}-shop.${SUFFIXES[i % SUFFIXES.length]}`;
}

/**
 * Lists `count` synthetic domains in a new SQLite database (inserted raw, as
 * the setup is not what is measured), then times the RPZ export of all of
 * them through `runExport`, and the zone writer alone on the same names.
 */
export async function benchExport(folder: string, count: number): Promise<ExportBenchResult> {
  const database = await openDatabase(join(folder, 'export.db'));
  try {
    const sqlite = database.sqlite!;
    const now = new Date().toISOString();
    const expires = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const insertIndicator = sqlite.prepare(
      `insert into indicators (id, kind, value, host, registrable_domain, first_seen, last_seen)
       values (?, 'domain', ?, ?, ?, ?, ?)`,
    );
    const insertListing = sqlite.prepare(
      `insert into listings (indicator_id, category, status, decided_by, origin, legal_basis, reasons,
         tlp, listed_at, expires_at, updated_at, delisted_at, decision_id)
       values (?, 'phishing', 'active', 'feed', 'bench', 'trusted-feed', 'Listed by the benchmark',
         'TLP:CLEAR', ?, ?, ?, null, null)`,
    );
    sqlite.transaction(() => {
      for (let i = 1; i <= count; i++) {
        const domain = syntheticDomain(i);
        insertIndicator.run(i, domain, domain, domain, now, now);
        insertListing.run(i, now, expires, now);
      }
    })();

    const config = loadConfig({});
    const started = performance.now();
    const result = await runExport(database, config, {
      format: 'rpz',
      reader: { clearance: 'TLP:CLEAR' },
    });
    const exportSeconds = (performance.now() - started) / 1000;
    const zone = [...result.files.values()][0]!.body;
    if (result.count !== count * 2) {
      throw new Error(`the zone has ${result.count} names, expected ${count * 2}`);
    }

    const listings: Pick<ExportListing, 'kind' | 'value' | 'host'>[] = [];
    for (let i = 1; i <= count; i++) {
      const domain = syntheticDomain(i);
      listings.push({ kind: 'domain', value: domain, host: domain });
    }
    const writerStarted = performance.now();
    const writer = new RpzRecordWriter(config.sharing.rpzZone, '');
    for (const listing of listings) {
      writer.add(listing);
    }
    const records = writer.records();
    writeRpzZone(records, writer.count, {
      origin: config.sharing.rpzZone,
      serial: 1,
      target: '',
      generatedAt: now,
    });
    const writerSeconds = (performance.now() - writerStarted) / 1000;

    return { domains: count, exportSeconds, writerSeconds, zoneBytes: Buffer.byteLength(zone) };
  } finally {
    await database.close();
  }
}

// `node --import tsx bench/export.bench.ts` runs this benchmark alone.
if (import.meta.url === `file://${process.argv[1]}`) {
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const folder = mkdtempSync(join(tmpdir(), 'vigil-bench-export-'));
  try {
    console.log(await benchExport(folder, Number(process.env.BENCH_DOMAINS ?? 1_000_000)));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
