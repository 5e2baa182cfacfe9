import type { Migration, MigrationProvider } from 'kysely';

import type { Dialect } from '../dialect.ts';
import { createCoreMigration } from './0001-core.ts';
import { createCasesAndDecisionsMigration } from './0002-cases-and-decisions.ts';
import { createPortalMigration } from './0003-portal.ts';
import { createConsoleMigration } from './0004-console.ts';
import { createEnrichmentMigration } from './0005-enrichment.ts';
import { createSharingMigration } from './0006-sharing.ts';
import { createAccountabilityMigration } from './0007-accountability.ts';

/** Lists the migrations in order. Names sort in the order they must run. */
export function createMigrationProvider(dialect: Dialect): MigrationProvider {
  return {
    getMigrations(): Promise<Record<string, Migration>> {
      return Promise.resolve({
        '0001-core': createCoreMigration(dialect),
        '0002-cases-and-decisions': createCasesAndDecisionsMigration(dialect),
        '0003-portal': createPortalMigration(dialect),
        '0004-console': createConsoleMigration(dialect),
        '0005-enrichment': createEnrichmentMigration(dialect),
        '0006-sharing': createSharingMigration(dialect),
        '0007-accountability': createAccountabilityMigration(dialect),
      });
    },
  };
}
