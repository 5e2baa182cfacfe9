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
  /** The decision that made or last changed this listing; null for feed listings. */
  decision_id: number | null;
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

/** A member of staff or a provider focal point. Roles are in `domain/roles.ts`. */
export interface UserTable {
  id: Generated<number>;
  email: string;
  display_name: string | null;
  role: string;
  organisation_id: number | null;
  password_hash: string | null;
  created_at: Timestamp;
  disabled_at: Timestamp | null;
}

/** Reports and indicators joined by a shared source, handled as one. */
export interface CaseTable {
  id: Generated<number>;
  /** open, confirmed, rejected, needs_info, closed, or merged (see `merged_into`). */
  status: string;
  category: string;
  title: string;
  score: Generated<number>;
  /** JSON: each named feature's share of the score. */
  score_features: string | null;
  assignee_id: number | null;
  merged_into: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** The case an indicator belongs to; an indicator is in at most one case. */
export interface CaseIndicatorTable {
  indicator_id: number;
  case_id: number;
  added_at: Timestamp;
}

/**
 * A key naming the source behind an indicator, such as `domain:example.vn`,
 * `phone:+84901234567`, `address:203.0.113.7`, `ns:ns1.example.net` or
 * `fingerprint:<sha256>`. Indicators that share a key join one case.
 */
export interface SourceKeyTable {
  indicator_id: number;
  key: string;
  /** What recorded the key: `indicator` (from the value itself), `dns`, `rdap`, `fetch`. */
  origin: string;
  created_at: Timestamp;
}

/** What one reporter sent at one time. */
export interface ReportTable {
  id: Generated<number>;
  /** The code the reporter follows the report by, as shown to them. */
  receipt: string;
  /** received, in_review, confirmed, rejected, needs_info or closed. */
  status: string;
  category: string;
  /** Where it was seen: sms, zalo, facebook, phone_call, website, email or other. */
  channel: string;
  seen_at: Timestamp | null;
  description: string;
  /** The text of a scam message, when that is what was reported. */
  message_text: string | null;
  money_lost: number;
  amount_lost: number | null;
  /** The language the reporter used: `vi` or `en`. */
  language: string;
  /** Contact details, encrypted with the configured key; never exported. */
  contact_encrypted: string | null;
  /** Keyed hash of the client address, kept only until `reporter_hash_expires_at`. */
  reporter_hash: string | null;
  reporter_hash_expires_at: Timestamp | null;
  case_id: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ReportIndicatorTable {
  report_id: number;
  indicator_id: number;
  /** The value as the reporter typed it. */
  entered: string;
}

/** One step of a report's public status history. */
export interface ReportEventTable {
  id: Generated<number>;
  report_id: number;
  status: string;
  public_note: string | null;
  created_at: Timestamp;
}

/** An uploaded image, re-encoded without metadata, for a report or an appeal. */
export interface EvidenceTable {
  id: Generated<number>;
  /** `report` or `appeal`. */
  owner_type: string;
  owner_id: number;
  /** Where the file is kept, relative to the evidence folder. */
  storage_key: string;
  media_type: string;
  bytes: number;
  sha256: string;
  width: number | null;
  height: number | null;
  created_at: Timestamp;
}

/** A verdict on a case or on indicators, with its reasons and what it did. */
export interface DecisionTable {
  id: Generated<number>;
  case_id: number | null;
  /** confirmed, rejected or needs_info. */
  verdict: string;
  /** listed, delisted, changed, warning_label or none. */
  action: string;
  /** pending_approval, effective or refused. */
  status: string;
  category: string;
  legal_basis: string;
  /** The statement of reasons, published; free of personal data. */
  reasons: string;
  tlp: string;
  expires_at: Timestamp | null;
  /** 1 when a trusted feed decided, 0 when a person did. */
  automated: number;
  decided_by: number | null;
  approved_by: number | null;
  approval_reason: string | null;
  /** The earlier decision this one replaces, as after an appeal. */
  supersedes: number | null;
  created_at: Timestamp;
  effective_at: Timestamp | null;
}

export interface DecisionIndicatorTable {
  decision_id: number;
  indicator_id: number;
}

/** One append-only, hash-chained entry; see `domain/audit/audit-chain.ts`. */
export interface AuditLogTable {
  id: Generated<number>;
  at: Timestamp;
  /** `user:<id>`, `system` or a job name such as `job:purge`. */
  actor: string;
  action: string;
  target_type: string;
  target_id: string;
  /** JSON of the state before and after, or null. */
  before: string | null;
  after: string | null;
  prev_hash: string;
  hash: string;
}

export interface Schema {
  indicators: IndicatorTable;
  provenance: ProvenanceTable;
  listings: ListingTable;
  imports: ImportTable;
  jobs: JobTable;
  users: UserTable;
  cases: CaseTable;
  case_indicators: CaseIndicatorTable;
  source_keys: SourceKeyTable;
  reports: ReportTable;
  report_indicators: ReportIndicatorTable;
  report_events: ReportEventTable;
  evidence: EvidenceTable;
  decisions: DecisionTable;
  decision_indicators: DecisionIndicatorTable;
  audit_log: AuditLogTable;
}
