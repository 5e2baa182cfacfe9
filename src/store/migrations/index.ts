import type { Migration, MigrationProvider } from 'kysely';

import type { Dialect } from '../dialect.ts';
import { createCoreMigration } from './0001-core.ts';

/** Lists the migrations in order. Names sort in the order they must run. */
export function createMigrationProvider(dialect: Dialect): MigrationProvider {
  return {
    getMigrations(): Promise<Record<string, Migration>> {
      return Promise.resolve({
        '0001-core': createCoreMigration(dialect),
      });
    },
  };
}
