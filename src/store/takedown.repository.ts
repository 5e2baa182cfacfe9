import type { Kysely } from 'kysely';

import type { Schema } from './schema.ts';

/** A listing taken down in the period, with the case of its indicator. */
export interface TakenDownListingRow {
  readonly indicatorId: number;
  readonly kind: string;
  readonly value: string;
  readonly category: string;
  readonly listedAt: string;
  readonly takenDownAt: string;
  readonly decisionId: number | null;
  readonly caseId: number | null;
}

/** A sent notice that named an indicator, directly or through its decision. */
export interface IndicatorNoticeRow {
  readonly indicatorId: number;
  readonly noticeId: number;
  readonly organisationId: number;
  readonly organisationName: string;
  readonly organisationKind: string;
  readonly sentAt: string;
}

interface NoticeColumns {
  readonly id: number;
  readonly sent_at: string | null;
  readonly organisation_id: number;
  readonly name: string;
  readonly kind: string;
}

/** Reads listings whose `taken_down_at` is in [from, to), oldest takedown first. */
export async function selectTakenDownListings(
  db: Kysely<Schema>,
  from: string,
  to: string,
): Promise<TakenDownListingRow[]> {
  const rows = await db
    .selectFrom('listings')
    .innerJoin('indicators', 'indicators.id', 'listings.indicator_id')
    .leftJoin('case_indicators', 'case_indicators.indicator_id', 'listings.indicator_id')
    .select(['listings.indicator_id', 'indicators.kind', 'indicators.value', 'listings.category'])
    .select(['listings.listed_at', 'listings.taken_down_at', 'listings.decision_id'])
    .select('case_indicators.case_id')
    .where('listings.taken_down_at', '>=', from)
    .where('listings.taken_down_at', '<', to)
    .orderBy('listings.taken_down_at')
    .orderBy('listings.indicator_id')
    .execute();
  return rows.map((row) => ({
    indicatorId: Number(row.indicator_id),
    kind: row.kind,
    value: row.value,
    category: row.category,
    listedAt: row.listed_at,
    takenDownAt: row.taken_down_at!,
    decisionId: row.decision_id === null ? null : Number(row.decision_id),
    caseId: row.case_id === null ? null : Number(row.case_id),
  }));
}

/**
 * Reads the sent notices about the listings: those naming the indicator in `notice_indicators`
 * and those about the decision that listed it. A notice found both ways appears once.
 */
export async function selectNoticesForListings(
  db: Kysely<Schema>,
  listings: readonly Pick<TakenDownListingRow, 'indicatorId' | 'decisionId'>[],
): Promise<IndicatorNoticeRow[]> {
  if (listings.length === 0) {
    return [];
  }
  const indicatorIds = listings.map((listing) => listing.indicatorId);
  const decisionIds = [...new Set(listings.flatMap((listing) => listing.decisionId ?? []))];

  const byIndicator = await db
    .selectFrom('notice_indicators')
    .innerJoin('notices', 'notices.id', 'notice_indicators.notice_id')
    .innerJoin('organisations', 'organisations.id', 'notices.organisation_id')
    .select(['notice_indicators.indicator_id', 'notices.id', 'notices.sent_at'])
    .select(['organisations.id as organisation_id', 'organisations.name', 'organisations.kind'])
    .where('notice_indicators.indicator_id', 'in', indicatorIds)
    .where('notices.sent_at', 'is not', null)
    .execute();
  const byDecision =
    decisionIds.length === 0
      ? []
      : await db
          .selectFrom('notices')
          .innerJoin('organisations', 'organisations.id', 'notices.organisation_id')
          .select(['notices.decision_id', 'notices.id', 'notices.sent_at'])
          .select([
            'organisations.id as organisation_id',
            'organisations.name',
            'organisations.kind',
          ])
          .where('notices.decision_id', 'in', decisionIds)
          .where('notices.sent_at', 'is not', null)
          .execute();

  const seen = new Set<string>();
  const notices: IndicatorNoticeRow[] = [];
  const add = (indicatorId: number, row: NoticeColumns) => {
    const key = `${indicatorId}:${row.id}`;
    if (seen.has(key)) {
      return;
    }
    seen.add(key);
    notices.push({
      indicatorId,
      noticeId: Number(row.id),
      organisationId: Number(row.organisation_id),
      organisationName: row.name,
      organisationKind: row.kind,
      sentAt: row.sent_at!,
    });
  };
  for (const row of byIndicator) {
    add(Number(row.indicator_id), row);
  }
  for (const listing of listings) {
    for (const row of byDecision) {
      if (listing.decisionId !== null && Number(row.decision_id) === listing.decisionId) {
        add(listing.indicatorId, row);
      }
    }
  }
  return notices;
}
