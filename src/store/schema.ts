import type { Generated } from 'kysely';

/** Timestamps are ISO-8601 strings in UTC on both dialects (see `database.ts`). */
type Timestamp = string;

export interface IndicatorTable {
  id: Generated<number>;
  kind: string;
  value: string;
  host: string | null;
  registrable_domain: string | null;
  first_seen: Timestamp;
  last_seen: Timestamp;
}

export interface ProvenanceTable {
  indicator_id: number;
  name: string;
  category: string | null;
  /** The TLP marking of what this source shared, which limits who may see that it did. */
  tlp: string;
  first_seen: Timestamp;
  last_seen: Timestamp;
}

export interface ListingTable {
  indicator_id: number;
  category: string;
  status: string;
  decided_by: string;
  origin: string;
  legal_basis: string;
  reasons: string;
  tlp: string;
  listed_at: Timestamp;
  expires_at: Timestamp;
  updated_at: Timestamp;
  delisted_at: Timestamp | null;
}

export interface ImportTable {
  id: Generated<number>;
  source: string;
  format: string;
  file_name: string;
  status: string;
  started_at: Timestamp;
  finished_at: Timestamp | null;
  read_count: Generated<number>;
  valid_count: Generated<number>;
  invalid_count: Generated<number>;
  new_count: Generated<number>;
  duplicate_count: Generated<number>;
}

export interface JobTable {
  id: Generated<number>;
  name: string;
  payload: string;
  status: string;
  attempts: Generated<number>;
  max_attempts: number;
  run_at: Timestamp;
  locked_by: string | null;
  locked_until: Timestamp | null;
  last_error: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  finished_at: Timestamp | null;
}

export interface Schema {
  indicators: IndicatorTable;
  provenance: ProvenanceTable;
  listings: ListingTable;
  imports: ImportTable;
  jobs: JobTable;
}
