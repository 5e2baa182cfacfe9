import type { Database } from './database.ts';

/** The part of an active listing that the lookup index needs. */
export interface ListingKeyRow {
  readonly indicatorId: number;
  readonly kind: string;
  readonly value: string;
}

/** A listing whose state changed, for followers of the listing set. */
export interface ListingChangeRow extends ListingKeyRow {
  readonly status: string;
  readonly expiresAt: string;
  readonly updatedAt: string;
}

/** A listed indicator with what the lookup shows about it. */
export interface ListedIndicatorRow {
  readonly indicatorId: number;
  readonly kind: string;
  readonly value: string;
  readonly firstSeen: string;
  readonly lastSeen: string;
  readonly category: string;
  readonly status: string;
  readonly decidedBy: string;
  readonly tlp: string;
  readonly listedAt: string;
  readonly expiresAt: string;
}

/** A provenance entry: one source that named an indicator. */
export interface ProvenanceRow {
  readonly indicatorId: number;
  readonly name: string;
  readonly category: string | null;
  readonly tlp: string;
  readonly firstSeen: string;
  readonly lastSeen: string;
}

/**
 * Yields the active, unexpired listings in pages ordered by indicator id, so
 * that a million rows load without holding one huge result.
 */
export async function* selectActiveListingKeys(
  database: Database,
  now: string,
  pageSize = 10_000,
): AsyncGenerator<ListingKeyRow[]> {
  let afterId = 0;
  for (;;) {
    const page = await database.db
      .selectFrom('listings')
      .innerJoin('indicators', 'indicators.id', 'listings.indicator_id')
      .select(['indicators.id as indicatorId', 'indicators.kind', 'indicators.value'])
      .where('listings.status', '=', 'active')
      .where('listings.expires_at', '>', now)
      .where('listings.indicator_id', '>', afterId)
      .orderBy('listings.indicator_id')
      .limit(pageSize)
      .execute();
    if (page.length === 0) {
      return;
    }
    yield page;
    afterId = page[page.length - 1]!.indicatorId;
  }
}

/** The position after the last change read: its time and indicator id. */
export interface ListingChangeCursor {
  readonly updatedAt: string;
  readonly indicatorId: number;
}

/**
 * Selects up to `limit` listing changes after `cursor`, in (updated_at,
 * indicator id) order, so that paging never skips rows that share a time.
 */
export async function selectListingChanges(
  database: Database,
  cursor: ListingChangeCursor,
  limit = 10_000,
): Promise<ListingChangeRow[]> {
  return database.db
    .selectFrom('listings')
    .innerJoin('indicators', 'indicators.id', 'listings.indicator_id')
    .select([
      'indicators.id as indicatorId',
      'indicators.kind',
      'indicators.value',
      'listings.status',
      'listings.expires_at as expiresAt',
      'listings.updated_at as updatedAt',
    ])
    .where((eb) =>
      eb.or([
        eb('listings.updated_at', '>', cursor.updatedAt),
        eb.and([
          eb('listings.updated_at', '=', cursor.updatedAt),
          eb('listings.indicator_id', '>', cursor.indicatorId),
        ]),
      ]),
    )
    .orderBy('listings.updated_at')
    .orderBy('listings.indicator_id')
    .limit(limit)
    .execute();
}

/** Selects indicators by id together with their listing, if they have one. */
export async function selectListedIndicators(
  database: Database,
  indicatorIds: readonly number[],
): Promise<ListedIndicatorRow[]> {
  if (indicatorIds.length === 0) {
    return [];
  }
  return database.db
    .selectFrom('indicators')
    .innerJoin('listings', 'listings.indicator_id', 'indicators.id')
    .select([
      'indicators.id as indicatorId',
      'indicators.kind',
      'indicators.value',
      'indicators.first_seen as firstSeen',
      'indicators.last_seen as lastSeen',
      'listings.category',
      'listings.status',
      'listings.decided_by as decidedBy',
      'listings.tlp',
      'listings.listed_at as listedAt',
      'listings.expires_at as expiresAt',
    ])
    .where('indicators.id', 'in', indicatorIds)
    .execute();
}

/** Selects the ids of the given (kind, value) pairs that have a listing, in any state. */
export async function selectListedIndicatorIds(
  database: Database,
  indicators: readonly { readonly kind: string; readonly value: string }[],
): Promise<{ indicatorId: number; kind: string; value: string }[]> {
  if (indicators.length === 0) {
    return [];
  }
  return database.db
    .selectFrom('indicators')
    .innerJoin('listings', 'listings.indicator_id', 'indicators.id')
    .select(['indicators.id as indicatorId', 'indicators.kind', 'indicators.value'])
    .where((eb) =>
      eb.or(
        indicators.map(({ kind, value }) =>
          eb.and([eb('indicators.kind', '=', kind), eb('indicators.value', '=', value)]),
        ),
      ),
    )
    .execute();
}

/** Selects the provenance of the given indicators, oldest first. */
export async function selectProvenance(
  database: Database,
  indicatorIds: readonly number[],
): Promise<ProvenanceRow[]> {
  if (indicatorIds.length === 0) {
    return [];
  }
  return database.db
    .selectFrom('provenance')
    .select([
      'indicator_id as indicatorId',
      'name',
      'category',
      'tlp',
      'first_seen as firstSeen',
      'last_seen as lastSeen',
    ])
    .where('indicator_id', 'in', indicatorIds)
    .orderBy('first_seen')
    .orderBy('name')
    .execute();
}

/** Marks active listings whose expiry has passed as expired; returns how many changed. */
export async function expireListings(database: Database, now: string): Promise<number> {
  const result = await database.db
    .updateTable('listings')
    .set({ status: 'expired', updated_at: now })
    .where('status', '=', 'active')
    .where('expires_at', '<=', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
