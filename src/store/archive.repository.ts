import { type Kysely, type RawBuilder, sql } from 'kysely';

import type { SourceBound } from '../domain/archive/archive-page.ts';
import type {
  AppealOutcomeFacts,
  DecisionFacts,
  FeedListingFacts,
  IndicatorFacts,
  NoticeFacts,
} from '../domain/archive/statement.ts';
import type { Schema } from './schema.ts';

/**
 * The marking whose statements a search by indicator may return. A statement
 * under another marking hides its value, and a search must not reveal that the
 * value has one.
 */
const PUBLIC_TLP = 'TLP:CLEAR';

/** The decision actions that change a listing, and so have a public statement. */
export const PUBLIC_DECISION_ACTIONS = ['listed', 'delisted', 'changed', 'warning_label'] as const;

/** The appeal statuses that carry an outcome. */
const DECIDED_APPEALS = ['upheld', 'delisted', 'changed'] as const;

/** Filters common to every source of the archive. Each one is optional. */
export interface ArchiveFilter {
  /** Only statements about these indicators. An empty list matches nothing. */
  readonly indicatorIds?: readonly number[];
  readonly category?: string;
  /** Inclusive lower bound of the statement time. */
  readonly from?: string;
  /** Exclusive upper bound of the statement time. */
  readonly to?: string;
  /** For decisions: only this action. */
  readonly decisionAction?: string;
  /** Only the row with this id in the source's own numbering. */
  readonly id?: number;
}

export interface ArchiveQuery {
  readonly filter: ArchiveFilter;
  readonly bound?: SourceBound;
  readonly limit: number;
}

/** Keyset condition: rows after the bound in (time, id) descending order. */
function keyset(bound: SourceBound, at: string, id: string): RawBuilder<boolean> {
  const time = sql.ref(at);
  if (bound.sameAt === 'none') {
    return sql<boolean>`${time} < ${bound.at}`;
  }
  if (bound.sameAt === 'all') {
    return sql<boolean>`${time} <= ${bound.at}`;
  }
  return sql<boolean>`(${time} < ${bound.at} or (${time} = ${bound.at} and ${sql.ref(id)} < ${bound.idBelow}))`;
}

function timeRange(filter: ArchiveFilter, at: string): RawBuilder<boolean>[] {
  const conditions: RawBuilder<boolean>[] = [];
  if (filter.from !== undefined) {
    conditions.push(sql<boolean>`${sql.ref(at)} >= ${filter.from}`);
  }
  if (filter.to !== undefined) {
    conditions.push(sql<boolean>`${sql.ref(at)} < ${filter.to}`);
  }
  return conditions;
}

/** Selects effective decisions that changed listings, newest first, with their indicators. */
export async function selectArchiveDecisions(
  db: Kysely<Schema>,
  query: ArchiveQuery,
): Promise<DecisionFacts[]> {
  const { filter, bound } = query;
  const rows = await db
    .selectFrom('decisions')
    .select([
      'id',
      'action',
      'effective_at',
      'automated',
      'category',
      'legal_basis',
      'reasons',
      'expires_at',
      'supersedes',
      'tlp',
    ])
    .where('status', '=', 'effective')
    .where('effective_at', 'is not', null)
    .$if(filter.id !== undefined, (qb) => qb.where('id', '=', filter.id!))
    .where(
      'action',
      'in',
      filter.decisionAction ? [filter.decisionAction] : PUBLIC_DECISION_ACTIONS,
    )
    .$if(filter.category !== undefined, (qb) => qb.where('category', '=', filter.category!))
    .$if(filter.indicatorIds !== undefined, (qb) =>
      qb
        .where('tlp', '=', PUBLIC_TLP)
        .where('id', 'in', (sub) =>
          sub
            .selectFrom('decision_indicators')
            .select('decision_id')
            .where('indicator_id', 'in', idsOrNone(filter.indicatorIds!)),
        ),
    )
    .$call((qb) => timeRange(filter, 'decisions.effective_at').reduce((q, c) => q.where(c), qb))
    .$if(bound !== undefined, (qb) =>
      qb.where(keyset(bound!, 'decisions.effective_at', 'decisions.id')),
    )
    .orderBy('effective_at', 'desc')
    .orderBy('id', 'desc')
    .limit(query.limit)
    .execute();
  const ids = rows.map((row) => Number(row.id));
  const indicators = await selectDecisionIndicators(db, ids);
  const successors = await selectSuccessors(db, ids);
  const appealOutcomes = await selectAppealsDecidedBy(db, [...ids, ...[...successors.values()]]);
  return rows.map((row) => {
    const id = Number(row.id);
    const successor = successors.get(id) ?? null;
    return {
      id,
      action: row.action,
      effectiveAt: row.effective_at!,
      automated: row.automated === 1,
      category: row.category,
      legalBasis: row.legal_basis,
      reasons: row.reasons,
      expiresAt: row.expires_at,
      supersedes: row.supersedes === null ? null : Number(row.supersedes),
      supersededBy: successor,
      supersededByAppeal: successor === null ? null : (appealOutcomes.get(successor) ?? null),
      fromAppeal: appealOutcomes.get(id) ?? null,
      tlp: row.tlp,
      indicators: indicators.get(id) ?? [],
    };
  });
}

/**
 * Maps each of `decisionIds` to the earliest effective public decision that
 * supersedes it. Decisions that nothing supersedes are absent.
 */
async function selectSuccessors(
  db: Kysely<Schema>,
  decisionIds: readonly number[],
): Promise<Map<number, number>> {
  if (decisionIds.length === 0) {
    return new Map();
  }
  const rows = await db
    .selectFrom('decisions')
    .select(['id', 'supersedes'])
    .where('supersedes', 'in', decisionIds)
    .where('status', '=', 'effective')
    .where('effective_at', 'is not', null)
    .where('action', 'in', PUBLIC_DECISION_ACTIONS)
    .orderBy('effective_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  // Rows come newest first, so the last one written for a decision is the earliest.
  const successors = new Map<number, number>();
  for (const row of rows) {
    successors.set(Number(row.supersedes), Number(row.id));
  }
  return successors;
}

/** Maps each of `decisionIds` made as a decided appeal's outcome to that appeal. */
async function selectAppealsDecidedBy(
  db: Kysely<Schema>,
  decisionIds: readonly number[],
): Promise<Map<number, number>> {
  if (decisionIds.length === 0) {
    return new Map();
  }
  const rows = await db
    .selectFrom('appeals')
    .select(['id', 'outcome_decision_id'])
    .where('outcome_decision_id', 'in', decisionIds)
    .where('status', 'in', DECIDED_APPEALS)
    .where('decided_at', 'is not', null)
    .execute();
  return new Map(rows.map((row) => [Number(row.outcome_decision_id), Number(row.id)]));
}

/** Selects listings made by trusted feeds, which have no decision row, newest first. */
export async function selectArchiveFeedListings(
  db: Kysely<Schema>,
  query: ArchiveQuery,
): Promise<FeedListingFacts[]> {
  const { filter, bound } = query;
  const rows = await db
    .selectFrom('listings')
    .innerJoin('indicators', 'indicators.id', 'listings.indicator_id')
    .select([
      'listings.indicator_id',
      'indicators.kind',
      'indicators.value',
      'listings.category',
      'listings.origin',
      'listings.legal_basis',
      'listings.reasons',
      'listings.listed_at',
      'listings.expires_at',
      'listings.tlp',
    ])
    .where('listings.decided_by', '=', 'feed')
    .$if(filter.id !== undefined, (qb) => qb.where('listings.indicator_id', '=', filter.id!))
    .$if(filter.category !== undefined, (qb) =>
      qb.where('listings.category', '=', filter.category!),
    )
    .$if(filter.indicatorIds !== undefined, (qb) =>
      qb
        .where('listings.tlp', '=', PUBLIC_TLP)
        .where('listings.indicator_id', 'in', idsOrNone(filter.indicatorIds!)),
    )
    .$call((qb) => timeRange(filter, 'listings.listed_at').reduce((q, c) => q.where(c), qb))
    .$if(bound !== undefined, (qb) =>
      qb.where(keyset(bound!, 'listings.listed_at', 'listings.indicator_id')),
    )
    .orderBy('listings.decided_by')
    .orderBy('listings.listed_at', 'desc')
    .orderBy('listings.indicator_id', 'desc')
    .limit(query.limit)
    .execute();
  return rows.map((row) => ({
    indicatorId: Number(row.indicator_id),
    indicator: { kind: row.kind, value: row.value },
    category: row.category,
    origin: row.origin,
    legalBasis: row.legal_basis,
    reasons: row.reasons,
    listedAt: row.listed_at,
    expiresAt: row.expires_at,
    tlp: row.tlp,
  }));
}

/** Selects notices that were sent, newest first, with the decision they carried out. */
export async function selectArchiveNotices(
  db: Kysely<Schema>,
  query: ArchiveQuery,
): Promise<NoticeFacts[]> {
  const { filter, bound } = query;
  const rows = await db
    .selectFrom('notices')
    .innerJoin('decisions', 'decisions.id', 'notices.decision_id')
    .innerJoin('organisations', 'organisations.id', 'notices.organisation_id')
    .select([
      'notices.id',
      'notices.sent_at',
      'notices.status',
      'organisations.kind as organisation_kind',
      'decisions.id as decision_id',
      'decisions.action',
      'decisions.effective_at',
      'decisions.automated',
      'decisions.category',
      'decisions.legal_basis',
      'decisions.reasons',
      'decisions.expires_at',
      'decisions.supersedes',
      'decisions.tlp',
    ])
    .where('notices.sent_at', 'is not', null)
    .$if(filter.id !== undefined, (qb) => qb.where('notices.id', '=', filter.id!))
    .where('decisions.status', '=', 'effective')
    .$if(filter.category !== undefined, (qb) =>
      qb.where('decisions.category', '=', filter.category!),
    )
    .$if(filter.indicatorIds !== undefined, (qb) =>
      qb
        .where('decisions.tlp', '=', PUBLIC_TLP)
        .where('notices.id', 'in', (sub) =>
          sub
            .selectFrom('notice_indicators')
            .select('notice_id')
            .where('indicator_id', 'in', idsOrNone(filter.indicatorIds!)),
        ),
    )
    .$call((qb) => timeRange(filter, 'notices.sent_at').reduce((q, c) => q.where(c), qb))
    .$if(bound !== undefined, (qb) => qb.where(keyset(bound!, 'notices.sent_at', 'notices.id')))
    .orderBy('notices.sent_at', 'desc')
    .orderBy('notices.id', 'desc')
    .limit(query.limit)
    .execute();
  const indicators = await selectNoticeIndicators(
    db,
    rows.map((row) => Number(row.id)),
  );
  return rows.map((row) => ({
    id: Number(row.id),
    sentAt: row.sent_at!,
    status: row.status,
    organisationKind: row.organisation_kind,
    decision: {
      id: Number(row.decision_id),
      action: row.action,
      effectiveAt: row.effective_at ?? row.sent_at!,
      automated: row.automated === 1,
      category: row.category,
      legalBasis: row.legal_basis,
      reasons: row.reasons,
      expiresAt: row.expires_at,
      supersedes: row.supersedes === null ? null : Number(row.supersedes),
      // The statement of a notice describes what was sent, not what happened later.
      supersededBy: null,
      supersededByAppeal: null,
      fromAppeal: null,
      tlp: row.tlp,
      indicators: indicators.get(Number(row.id)) ?? [],
    },
  }));
}

/** Selects decided appeals, newest decision first, with the listing they contested. */
export async function selectArchiveAppeals(
  db: Kysely<Schema>,
  query: ArchiveQuery,
): Promise<AppealOutcomeFacts[]> {
  const { filter, bound } = query;
  const rows = await db
    .selectFrom('appeals')
    .innerJoin('indicators', 'indicators.id', 'appeals.indicator_id')
    .leftJoin('decisions', 'decisions.id', 'appeals.decision_id')
    .leftJoin('listings', 'listings.indicator_id', 'appeals.indicator_id')
    .select([
      'appeals.id',
      'appeals.decided_at',
      'appeals.status',
      'appeals.outcome_reasons',
      'appeals.decision_id',
      'appeals.indicator_id',
      'indicators.kind',
      'indicators.value',
      'decisions.category as decision_category',
      'decisions.legal_basis as decision_basis',
      'listings.category as listing_category',
      'listings.legal_basis as listing_basis',
      'decisions.tlp as decision_tlp',
      'listings.tlp as listing_tlp',
    ])
    .where('appeals.status', 'in', DECIDED_APPEALS)
    .where('appeals.decided_at', 'is not', null)
    .$if(filter.id !== undefined, (qb) => qb.where('appeals.id', '=', filter.id!))
    .$if(filter.category !== undefined, (qb) =>
      qb.where((eb) =>
        eb.or([
          eb('decisions.category', '=', filter.category!),
          eb.and([
            eb('appeals.decision_id', 'is', null),
            eb('listings.category', '=', filter.category!),
          ]),
        ]),
      ),
    )
    .$if(filter.indicatorIds !== undefined, (qb) =>
      qb
        .where((eb) =>
          eb.or([
            eb('decisions.tlp', '=', PUBLIC_TLP),
            eb.and([eb('decisions.tlp', 'is', null), eb('listings.tlp', '=', PUBLIC_TLP)]),
          ]),
        )
        .where('appeals.indicator_id', 'in', idsOrNone(filter.indicatorIds!)),
    )
    .$call((qb) => timeRange(filter, 'appeals.decided_at').reduce((q, c) => q.where(c), qb))
    .$if(bound !== undefined, (qb) => qb.where(keyset(bound!, 'appeals.decided_at', 'appeals.id')))
    .orderBy('appeals.decided_at', 'desc')
    .orderBy('appeals.id', 'desc')
    .limit(query.limit)
    .execute();
  return rows.map((row) => ({
    id: Number(row.id),
    decidedAt: row.decided_at!,
    outcome: row.status,
    outcomeReasons: row.outcome_reasons ?? '',
    decisionId: row.decision_id === null ? null : Number(row.decision_id),
    indicatorId: Number(row.indicator_id),
    indicator: { kind: row.kind, value: row.value },
    category: row.decision_category ?? row.listing_category ?? 'unspecified',
    legalBasis: row.decision_basis ?? row.listing_basis ?? '',
    tlp: row.decision_tlp ?? row.listing_tlp ?? 'TLP:AMBER',
  }));
}

/**
 * Selects the ids of indicators with this canonical value and, for a domain,
 * every indicator under it as registrable domain (its URLs and subdomains).
 */
export async function selectIndicatorIdsMatching(
  db: Kysely<Schema>,
  kind: string,
  value: string,
): Promise<number[]> {
  const rows = await db
    .selectFrom('indicators')
    .select('id')
    .where((eb) =>
      kind === 'domain'
        ? eb.or([
            eb.and([eb('kind', '=', kind), eb('value', '=', value)]),
            eb('registrable_domain', '=', value),
          ])
        : eb.and([eb('kind', '=', kind), eb('value', '=', value)]),
    )
    .limit(1000)
    .execute();
  return rows.map((row) => Number(row.id));
}

async function selectDecisionIndicators(
  db: Kysely<Schema>,
  decisionIds: readonly number[],
): Promise<Map<number, IndicatorFacts[]>> {
  if (decisionIds.length === 0) {
    return new Map();
  }
  const rows = await db
    .selectFrom('decision_indicators')
    .innerJoin('indicators', 'indicators.id', 'decision_indicators.indicator_id')
    .select(['decision_indicators.decision_id as owner', 'indicators.kind', 'indicators.value'])
    .where('decision_indicators.decision_id', 'in', decisionIds)
    .orderBy('indicators.id')
    .execute();
  return groupIndicators(rows);
}

async function selectNoticeIndicators(
  db: Kysely<Schema>,
  noticeIds: readonly number[],
): Promise<Map<number, IndicatorFacts[]>> {
  if (noticeIds.length === 0) {
    return new Map();
  }
  const rows = await db
    .selectFrom('notice_indicators')
    .innerJoin('indicators', 'indicators.id', 'notice_indicators.indicator_id')
    .select(['notice_indicators.notice_id as owner', 'indicators.kind', 'indicators.value'])
    .where('notice_indicators.notice_id', 'in', noticeIds)
    .orderBy('indicators.id')
    .execute();
  return groupIndicators(rows);
}

function groupIndicators(
  rows: readonly { owner: number; kind: string; value: string }[],
): Map<number, IndicatorFacts[]> {
  const grouped = new Map<number, IndicatorFacts[]>();
  for (const row of rows) {
    const owner = Number(row.owner);
    grouped.set(owner, [...(grouped.get(owner) ?? []), { kind: row.kind, value: row.value }]);
  }
  return grouped;
}

/** `in ()` is invalid SQL, so an empty list becomes an id no row has. */
function idsOrNone(ids: readonly number[]): readonly number[] {
  return ids.length === 0 ? [-1] : ids;
}
