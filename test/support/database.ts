import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import pg from 'pg';

import { type Database, openDatabase } from '../../src/store/database.ts';

/** The dialect this test run uses, set by `scripts/test.js`. */
export const TEST_DIALECT = process.env.VIGIL_TEST_DB === 'postgres' ? 'postgres' : 'sqlite';

const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A migrated database of its own for one test file, plus the URL that child processes can open. */
export interface TestDatabase extends Database {
  readonly url: string;
}

/**
 * Creates an empty, migrated database for one test file: a new PostgreSQL
 * database when the run targets PostgreSQL, else a SQLite file in a temporary
 * folder. `close()` drops it.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  return TEST_DIALECT === 'postgres' ? createPostgresDatabase() : createSqliteDatabase();
}

async function createSqliteDatabase(): Promise<TestDatabase> {
  const folder = mkdtempSync(join(tmpdir(), 'vigil-test-'));
  const url = join(folder, 'vigil.db');
  const database = await openDatabase(url);
  return {
    ...database,
    url,
    async close() {
      await database.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

async function createPostgresDatabase(): Promise<TestDatabase> {
  const name = `vigil_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  await runAdminQuery(`CREATE DATABASE ${name}`);

  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const database = await openDatabase(url.toString(), { poolSize: 4 });
  return {
    ...database,
    url: url.toString(),
    async close() {
      await database.close();
      await runAdminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

async function runAdminQuery(query: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(query);
  } finally {
    await client.end();
  }
}
