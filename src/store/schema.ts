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
  /** When liveness re-checks found it gone; cleared when a later check reaches it again. */
  taken_down_at: Timestamp | null;
  last_checked_at: Timestamp | null;
  /** Failed liveness checks in a row. */
  check_failures: Generated<number>;
  next_check_at: Timestamp | null;
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

// Staff console: sessions, login state, case history, common infrastructure.

/** A server-side login session; `id` is the SHA-256 of the cookie's token, never the token. */
export interface SessionTable {
  id: string;
  user_id: number;
  /** `password` while a second factor is still due, `complete` once the login is done. */
  stage: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
}

/** The login state of one user: failed attempts, lockout, one-time password, TOTP. */
export interface UserAccountTable {
  user_id: number;
  failed_logins: Generated<number>;
  locked_until: Timestamp | null;
  /** 1 while the password is a one-time password that must be changed at the next login. */
  password_temporary: Generated<number>;
  /**
   * Base32 TOTP secret; null until the user enrols.
   * TODO: stored in clear; encrypt it under the secret key as contact details are.
   */
  totp_secret: string | null;
  /** When the user proved the secret works; null while enrolment is unfinished. */
  totp_confirmed_at: Timestamp | null;
  /** The last TOTP time step accepted, so a code is never accepted twice. */
  totp_last_step: number | null;
  last_login_at: Timestamp | null;
}

/** One step in the history of a case: created, joined, merged, split, assigned, decided. */
export interface CaseEventTable {
  id: Generated<number>;
  case_id: number;
  at: Timestamp;
  actor: string;
  kind: string;
  /** JSON with what changed, or null. */
  detail: string | null;
}

/** A source key that no longer joins cases because too many unrelated cases share it. */
export interface CommonKeyTable {
  key: string;
  /** `seed` for the built-in shortener and free-hosting list, `limit` when the case limit was passed. */
  reason: string;
  case_count: number;
  created_at: Timestamp;
}

// Sharing: organisations, API keys, routing rules, notices, deliveries, partner feeds.

/** A provider or partner that receives notices and feeds. */
export interface OrganisationTable {
  id: Generated<number>;
  name: string;
  /** isp, hosting, registrar, platform, bank, telco, cert or partner. */
  kind: string;
  /** The language of notices to it: `vi` or `en`. */
  language: string;
  /** The most restricted TLP marking it may receive in feeds; never TLP:RED. */
  tlp_clearance: string;
  /** The focal point's mailbox for e-mailed notices, or null. */
  contact_email: string | null;
  /** The HTTPS endpoint that receives signed notices, or null. */
  webhook_url: string | null;
  /** The HMAC-SHA256 key of webhook signatures, kept because every delivery needs it. */
  webhook_secret: string | null;
  created_at: Timestamp;
  disabled_at: Timestamp | null;
}

/** An API key of an organisation; only the SHA-256 of its secret is stored. */
export interface ApiKeyTable {
  id: Generated<number>;
  organisation_id: number;
  /** The public part of the key, unique, that finds the row. */
  prefix: string;
  secret_hash: string;
  /** Space-separated scopes such as `notices exports taxii`. */
  scopes: string;
  label: string;
  created_at: Timestamp;
  last_used_at: Timestamp | null;
  /** When the key stops working: revoked, or rotated with a grace period. */
  expires_at: Timestamp | null;
  /** The key this one replaced by rotation. */
  replaces: number | null;
}

/** Who receives notices for what: a registrar, network, bank, platform, telco or the default. */
export interface RoutingRuleTable {
  id: Generated<number>;
  organisation_id: number;
  /** registrar, domain, network, bank, platform, telco or default. */
  key_type: string;
  /** The value matched, in canonical form; empty for default. */
  key_value: string;
  created_at: Timestamp;
}

/** A request for action sent to one organisation about one decision. */
export interface NoticeTable {
  id: Generated<number>;
  /** The public id of the notice: its X-ARF report id and idempotency key. */
  uuid: string;
  decision_id: number;
  organisation_id: number;
  /** queued, sent, acknowledged, actioned, declined or failed. */
  status: string;
  /** block, take_down, suspend, freeze, label, lift or inform. */
  action_requested: string;
  tlp: string;
  due_at: Timestamp;
  sent_at: Timestamp | null;
  acknowledged_at: Timestamp | null;
  actioned_at: Timestamp | null;
  declined_at: Timestamp | null;
  /** What the organisation did, or why it declined. */
  response_note: string | null;
  reminded_at: Timestamp | null;
  /** The notice of an earlier decision that this one follows up. */
  follow_up_of: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface NoticeIndicatorTable {
  notice_id: number;
  indicator_id: number;
}

/** One channel of one notice or reminder: its attempts and outcome. */
export interface NoticeDeliveryTable {
  id: Generated<number>;
  notice_id: number;
  /** webhook or email. */
  channel: string;
  /** notice or reminder. */
  purpose: string;
  /** pending, delivered or failed. */
  status: string;
  attempts: Generated<number>;
  last_error: string | null;
  delivered_at: Timestamp | null;
  created_at: Timestamp;
}

/** A partner's TAXII 2.1 collection or MISP feed that Vigil polls. */
export interface PartnerFeedTable {
  id: Generated<number>;
  organisation_id: number;
  /** taxii or misp. */
  protocol: string;
  /** The TAXII collection's objects URL, or the MISP feed's folder URL. */
  url: string;
  /** The Authorization header value sent with each poll, or null. */
  authorization: string | null;
  /** The marking recorded on what the partner shares. */
  tlp: string;
  interval_minutes: number;
  /** The time the next poll is due; a poll job for another time is stale. */
  next_poll_at: Timestamp;
  /** TAXII `added_after` of the next poll, or MISP event timestamps already read (JSON). */
  cursor: string | null;
  last_polled_at: Timestamp | null;
  last_error: string | null;
  created_at: Timestamp;
}

/** The last SOA serial of each exported zone, so serials only increase. */
export interface ExportSerialTable {
  name: string;
  serial: number;
  /** SHA-256 of the zone's records when the serial was taken; the serial changes with them. */
  content_hash: string;
  updated_at: Timestamp;
}

/** A request by the owner of a listed indicator to review the decision that listed it. */
export interface AppealTable {
  id: Generated<number>;
  receipt: string;
  indicator_id: number;
  /** The decision appealed; null when a trusted feed made the listing. */
  decision_id: number | null;
  /** received, in_review, upheld, delisted or changed. */
  status: string;
  /** Why the appellant says the listing is wrong; never published. */
  reasons: string;
  contact_encrypted: string | null;
  language: string;
  due_at: Timestamp;
  reviewer_id: number | null;
  /** The decision that delisted or changed the listing; null when upheld. */
  outcome_decision_id: number | null;
  /** The reviewer's statement of reasons, published in the archive. */
  outcome_reasons: string | null;
  created_at: Timestamp;
  decided_at: Timestamp | null;
}

/** One run of the retention purge, with what it removed by rule. */
export interface PurgeRunTable {
  id: Generated<number>;
  actor: string;
  /** JSON of `PurgeCounts`. */
  counts: string;
  started_at: Timestamp;
  finished_at: Timestamp;
}

// Enrichment: fetch, DNS, RDAP and lookalike results, lookalike hits, popular domains.

/** The latest result of one enrichment step (`fetch`, `dns`, `rdap`, `lookalike`) of an indicator. */
export interface EnrichmentResultTable {
  indicator_id: number;
  step: string;
  /** ok, refused (the safe fetch would not go there), failed, or skipped (outbound off). */
  status: string;
  /** JSON of what the step recorded, or null. */
  result: string | null;
  error: string | null;
  checked_at: Timestamp;
}

/** A protected brand that a domain indicator imitates, with the rule that found it. */
export interface LookalikeHitTable {
  indicator_id: number;
  brand: string;
  rule: string;
  evidence: string;
  created_at: Timestamp;
}

/** A registrable domain on the operator's popular-domain list, such as a Tranco top site. */
export interface PopularDomainTable {
  domain: string;
  rank: number | null;
  source: string;
  imported_at: Timestamp;
}

/** An official warning about a current scam, in both languages. */
export interface WarningTable {
  id: Generated<number>;
  /** The warning's address under /warnings. */
  slug: string;
  title_vi: string;
  title_en: string;
  /** Markdown; rendered with raw HTML disabled. */
  body_vi: string;
  body_en: string;
  category: string;
  published_at: Timestamp;
  /** `user:<id>` or `cli`. */
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** Set when the warning no longer applies; withdrawn warnings are not shown. */
  withdrawn_at: Timestamp | null;
}

export interface WarningIndicatorTable {
  warning_id: number;
  indicator_id: number;
}

/** A solved proof-of-work challenge, kept until it expires so it is accepted once. */
export interface SpentChallengeTable {
  signature: string;
  expires_at: Timestamp;
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
  warnings: WarningTable;
  warning_indicators: WarningIndicatorTable;
  spent_challenges: SpentChallengeTable;
  appeals: AppealTable;
  purge_runs: PurgeRunTable;
  sessions: SessionTable;
  user_accounts: UserAccountTable;
  case_events: CaseEventTable;
  common_keys: CommonKeyTable;
  organisations: OrganisationTable;
  api_keys: ApiKeyTable;
  routing_rules: RoutingRuleTable;
  notices: NoticeTable;
  notice_indicators: NoticeIndicatorTable;
  notice_deliveries: NoticeDeliveryTable;
  partner_feeds: PartnerFeedTable;
  export_serials: ExportSerialTable;
  enrichment_results: EnrichmentResultTable;
  lookalike_hits: LookalikeHitTable;
  popular_domains: PopularDomainTable;
}
