import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';

import type { Dialect } from './dialect.ts';
import { createMigrationProvider } from './migrations/index.ts';
import type { Schema } from './schema.ts';

/** The default embedded database, relative to the working directory. */
export const DEFAULT_DATABASE_PATH = './data/vigil.db';

const PG_INT8_OID = 20;
const PG_TIMESTAMPTZ_OID = 1184;

/** An open database: the Kysely instance plus the driver handle for bulk paths. */
export interface Database {
  readonly db: Kysely<Schema>;
  readonly dialect: Dialect;
  /** The better-sqlite3 handle, present on SQLite only. */
  readonly sqlite?: SqliteDatabase.Database;
  /** The pg pool, present on PostgreSQL only. */
  readonly pool?: pg.Pool;
  /** A short description for logs, without credentials. */
  readonly description: string;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** Apply pending migrations after opening. Defaults to true. */
  readonly migrate?: boolean;
  /** Largest number of PostgreSQL connections in the pool. */
  readonly poolSize?: number;
  /** Receives errors of idle PostgreSQL connections, which the pool then replaces. */
  readonly onConnectionError?: (error: Error) => void;
}

/**
 * Opens the database named by `url`: a `postgres://` URL, or a SQLite file path
 * (optionally prefixed `sqlite:`), or `:memory:`. Creates the SQLite folder and
 * applies migrations unless `migrate` is false.
 */
export async function openDatabase(
  url: string = process.env.DATABASE_URL ?? DEFAULT_DATABASE_PATH,
  options: OpenDatabaseOptions = {},
): Promise<Database> {
  const database = isPostgresUrl(url)
    ? openPostgres(url, options.poolSize ?? 10, options.onConnectionError)
    : openSqlite(url.replace(/^sqlite:/, ''));

  if (options.migrate ?? true) {
    try {
      await migrateToLatest(database);
    } catch (error) {
      await database.close();
      throw error;
    }
  }
  return database;
}

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

/** Applies all pending migrations and throws the first failure. */
export async function migrateToLatest(database: Database): Promise<void> {
  const migrator = new Migrator({
    db: database.db,
    provider: createMigrationProvider(database.dialect),
  });
  const { error } = await migrator.migrateToLatest();
  if (error) {
    throw error instanceof Error ? error : new Error(`migration failed: ${JSON.stringify(error)}`);
  }
}

function openSqlite(path: string): Database {
  if (path !== ':memory:') {
    mkdirSync(dirname(resolve(path)), { recursive: true });
  }
  const sqlite = new SqliteDatabase(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('cache_size = -65536');

  const db = new Kysely<Schema>({ dialect: new SqliteDialect({ database: sqlite }) });
  return {
    db,
    dialect: 'sqlite',
    sqlite,
    description: `sqlite:${path}`,
    close: () => db.destroy(),
  };
}

function openPostgres(
  url: string,
  poolSize: number,
  onConnectionError: (error: Error) => void = () => undefined,
): Database {
  // Ids fit in 53 bits, and timestamps travel as ISO strings on both dialects.
  pg.types.setTypeParser(PG_INT8_OID, (value) => Number(value));
  pg.types.setTypeParser(PG_TIMESTAMPTZ_OID, (value) => new Date(value).toISOString());

  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // An idle client that loses its server (a restart, a dropped database) emits
  // 'error' on the pool, and without a listener that would end the process.
  // The pool discards that client and the next query opens a new one.
  pool.on('error', onConnectionError);
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    dialect: 'postgres',
    pool,
    description: describePostgresUrl(url),
    close: () => db.destroy(),
  };
}

function describePostgresUrl(url: string): string {
  const parsed = new URL(url);
  return `postgres://${parsed.host}${parsed.pathname}`;
}
