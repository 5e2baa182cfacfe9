import type { Kysely } from 'kysely';

import type { Dialect } from '../dialect.ts';

/** Creates the tables of enrichment: fetch, DNS and RDAP results, lookalike hits, liveness. */
export function createEnrichmentMigration(_dialect: Dialect) {
  return {
    async up(_db: Kysely<unknown>): Promise<void> {},
  };
}
