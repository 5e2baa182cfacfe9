import type { Database } from '../../src/store/database.ts';

/** Inserts an active staff user directly and returns its id. */
export async function insertStaff(
  database: Database,
  email: string,
  role = 'analyst',
): Promise<number> {
  const row = await database.db
    .insertInto('users')
    .values({
      email,
      display_name: null,
      role,
      organisation_id: null,
      password_hash: null,
      created_at: new Date().toISOString(),
      disabled_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/** Returns the id of the indicator with `kind` and canonical `value`, or throws when absent. */
export async function indicatorId(database: Database, kind: string, value: string) {
  const row = await database.db
    .selectFrom('indicators')
    .select('id')
    .where('kind', '=', kind)
    .where('value', '=', value)
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/** Inserts an indicator row directly and returns its id. */
export async function insertIndicator(
  database: Database,
  kind: string,
  value: string,
  host: string | null = null,
): Promise<number> {
  const now = new Date().toISOString();
  const row = await database.db
    .insertInto('indicators')
    .values({
      kind,
      value,
      host,
      registrable_domain: host,
      first_seen: now,
      last_seen: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

const HOUR = 3_600_000;

/** Returns `base` plus `hours` as an ISO string. */
export function hoursAfter(base: string, hours: number): string {
  return new Date(Date.parse(base) + hours * HOUR).toISOString();
}

export interface SeedDecision {
  readonly at: string;
  readonly verdict?: string;
  readonly action?: string;
  readonly basis?: string;
  readonly automated?: boolean;
  readonly status?: string;
  readonly decidedBy?: number | null;
  readonly indicatorIds?: readonly number[];
  readonly category?: string;
  readonly tlp?: string;
}

/** Inserts a decision row directly, without its effects, and returns its id. */
export async function insertDecision(database: Database, seed: SeedDecision): Promise<number> {
  const row = await database.db
    .insertInto('decisions')
    .values({
      case_id: null,
      verdict: seed.verdict ?? 'confirmed',
      action: seed.action ?? 'listed',
      status: seed.status ?? 'effective',
      category: seed.category ?? 'phishing',
      legal_basis: seed.basis ?? 'law-on-cybersecurity-2018',
      reasons: 'Seeded decision',
      tlp: seed.tlp ?? 'TLP:CLEAR',
      expires_at: hoursAfter(seed.at, 24 * 30),
      automated: seed.automated ? 1 : 0,
      decided_by: seed.decidedBy ?? null,
      approved_by: null,
      approval_reason: null,
      supersedes: null,
      created_at: seed.at,
      effective_at: (seed.status ?? 'effective') === 'effective' ? seed.at : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const id = Number(row.id);
  for (const indicator of seed.indicatorIds ?? []) {
    await database.db
      .insertInto('decision_indicators')
      .values({ decision_id: id, indicator_id: indicator })
      .execute();
  }
  return id;
}

/** Inserts a report row directly and returns its id. */
export async function insertReport(
  database: Database,
  seed: {
    readonly at: string;
    readonly category: string;
    readonly channel: string;
    readonly status?: string;
    readonly contact?: string | null;
    readonly updatedAt?: string;
  },
): Promise<number> {
  const row = await database.db
    .insertInto('reports')
    .values({
      receipt: `VGL-${Math.random().toString(36).slice(2, 14)}`,
      status: seed.status ?? 'received',
      category: seed.category,
      channel: seed.channel,
      seen_at: null,
      description: 'Seeded report',
      message_text: null,
      money_lost: 0,
      amount_lost: null,
      language: 'vi',
      contact_encrypted: seed.contact ?? null,
      reporter_hash: null,
      reporter_hash_expires_at: null,
      case_id: null,
      created_at: seed.at,
      updated_at: seed.updatedAt ?? seed.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/** Inserts a listing row directly for an existing indicator. */
export async function insertListing(
  database: Database,
  seed: {
    readonly indicatorId: number;
    readonly listedAt: string;
    readonly expiresAt: string;
    readonly status?: string;
    readonly decidedBy?: string;
    readonly delistedAt?: string | null;
    readonly takenDownAt?: string | null;
    readonly decisionId?: number | null;
  },
): Promise<void> {
  await database.db
    .insertInto('listings')
    .values({
      indicator_id: seed.indicatorId,
      category: 'phishing',
      status: seed.status ?? 'active',
      decided_by: seed.decidedBy ?? 'feed',
      origin: 'seed-feed',
      legal_basis: 'trusted-feed',
      reasons: 'Seeded listing',
      tlp: 'TLP:CLEAR',
      listed_at: seed.listedAt,
      expires_at: seed.expiresAt,
      updated_at: seed.listedAt,
      delisted_at: seed.delistedAt ?? null,
      decision_id: seed.decisionId ?? null,
      taken_down_at: seed.takenDownAt ?? null,
    })
    .execute();
}

/** Inserts an organisation directly and returns its id. */
export async function insertOrganisation(
  database: Database,
  name: string,
  kind: string,
): Promise<number> {
  const row = await database.db
    .insertInto('organisations')
    .values({
      name,
      kind,
      language: 'vi',
      tlp_clearance: 'TLP:AMBER',
      contact_email: null,
      webhook_url: null,
      webhook_secret: null,
      created_at: new Date().toISOString(),
      disabled_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/** Inserts a notice directly. Times are hours after `sentAt`, or null. */
export async function insertNotice(
  database: Database,
  seed: {
    readonly decisionId: number;
    readonly organisationId: number;
    readonly sentAt: string | null;
    readonly acknowledgedAfter?: number;
    readonly actionedAfter?: number;
    readonly declinedAfter?: number;
    readonly indicatorIds?: readonly number[];
  },
): Promise<number> {
  const after = (hours: number | undefined) =>
    hours === undefined || seed.sentAt === null ? null : hoursAfter(seed.sentAt, hours);
  const status =
    seed.actionedAfter !== undefined
      ? 'actioned'
      : seed.declinedAfter !== undefined
        ? 'declined'
        : seed.acknowledgedAfter !== undefined
          ? 'acknowledged'
          : seed.sentAt === null
            ? 'queued'
            : 'sent';
  const now = seed.sentAt ?? new Date().toISOString();
  const row = await database.db
    .insertInto('notices')
    .values({
      uuid: crypto.randomUUID(),
      decision_id: seed.decisionId,
      organisation_id: seed.organisationId,
      status,
      action_requested: 'block',
      tlp: 'TLP:AMBER',
      due_at: hoursAfter(now, 48),
      sent_at: seed.sentAt,
      acknowledged_at: after(seed.acknowledgedAfter),
      actioned_at: after(seed.actionedAfter),
      declined_at: after(seed.declinedAfter),
      response_note: null,
      reminded_at: null,
      follow_up_of: null,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const id = Number(row.id);
  for (const indicator of seed.indicatorIds ?? []) {
    await database.db
      .insertInto('notice_indicators')
      .values({ notice_id: id, indicator_id: indicator })
      .execute();
  }
  return id;
}

/** Inserts an appeal directly and returns its id. */
export async function insertAppealRow(
  database: Database,
  seed: {
    readonly indicatorId: number;
    readonly decisionId: number | null;
    readonly at: string;
    readonly status?: string;
    readonly decidedAfterHours?: number;
    readonly contact?: string | null;
  },
): Promise<number> {
  const decidedAt =
    seed.decidedAfterHours === undefined ? null : hoursAfter(seed.at, seed.decidedAfterHours);
  const row = await database.db
    .insertInto('appeals')
    .values({
      receipt: `APL-${Math.random().toString(36).slice(2, 14)}`,
      indicator_id: seed.indicatorId,
      decision_id: seed.decisionId,
      status: seed.status ?? 'received',
      reasons: 'Seeded appeal',
      contact_encrypted: seed.contact ?? null,
      language: 'en',
      due_at: hoursAfter(seed.at, 24 * 14),
      reviewer_id: null,
      outcome_decision_id: null,
      outcome_reasons: decidedAt === null ? null : 'Seeded outcome',
      created_at: seed.at,
      decided_at: decidedAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}
