/** The SQL databases Vigil runs on: embedded SQLite, or PostgreSQL at scale. */
export type Dialect = 'sqlite' | 'postgres';
