import type { Kysely } from 'kysely';

import type { Schema } from './schema.ts';

/** The kinds of listings that liveness checks re-check. */
const CHECKED_KINDS = ['url', 'domain'];

/** A listing as one liveness check reads it. */
export interface LivenessListingRow {
  readonly indicatorId: number;
  readonly kind: string;
  readonly value: string;
  readonly host: string | null;
  readonly checkFailures: number;
  readonly takenDownAt: string | null;
}

export interface LivenessStateUpdate {
  readonly checkFailures: number;
  readonly takenDownAt: string | null;
  readonly lastCheckedAt: string;
  readonly nextCheckAt: string;
}

/** Reads the ids of active URL and domain listings never checked or due by `now`, oldest first. */
export async function selectDueLivenessListings(
  db: Kysely<Schema>,
  now: string,
  limit: number,
): Promise<number[]> {
  const rows = await db
    .selectFrom('listings')
    .innerJoin('indicators', 'indicators.id', 'listings.indicator_id')
    .select('listings.indicator_id')
    .where('listings.status', '=', 'active')
    .where('indicators.kind', 'in', CHECKED_KINDS)
    .where((eb) =>
      eb.or([eb('listings.next_check_at', 'is', null), eb('listings.next_check_at', '<=', now)]),
    )
    .orderBy('listings.indicator_id')
    .limit(limit)
    .execute();
  return rows.map((row) => Number(row.indicator_id));
}

/** Reads the indicator ids named by queued or running jobs of `jobName` (`{ indicatorId }`). */
export async function selectQueuedLivenessChecks(
  db: Kysely<Schema>,
  jobName: string,
): Promise<Set<number>> {
  const rows = await db
    .selectFrom('jobs')
    .select('payload')
    .where('name', '=', jobName)
    .where('status', 'in', ['queued', 'running'])
    .execute();
  const ids = new Set<number>();
  for (const row of rows) {
    try {
      const id = (JSON.parse(row.payload) as { indicatorId?: unknown } | null)?.indicatorId;
      if (typeof id === 'number') {
        ids.add(id);
      }
    } catch {
      // A payload that is not JSON names no listing; its job goes dead when it runs.
    }
  }
  return ids;
}

/**
 * Moves a due listing's `next_check_at` to `claimUntil`. Returns false when another sweep
 * claimed it first or it is no longer due or active, so only one caller enqueues its check.
 */
export async function claimDueLivenessCheck(
  db: Kysely<Schema>,
  indicatorId: number,
  now: string,
  claimUntil: string,
): Promise<boolean> {
  const result = await db
    .updateTable('listings')
    .set({ next_check_at: claimUntil })
    .where('indicator_id', '=', indicatorId)
    .where('status', '=', 'active')
    .where((eb) => eb.or([eb('next_check_at', 'is', null), eb('next_check_at', '<=', now)]))
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Reads an active URL or domain listing, or undefined when there is none. */
export async function selectLivenessListing(
  db: Kysely<Schema>,
  indicatorId: number,
): Promise<LivenessListingRow | undefined> {
  const row = await db
    .selectFrom('listings')
    .innerJoin('indicators', 'indicators.id', 'listings.indicator_id')
    .select(['indicators.kind', 'indicators.value', 'indicators.host'])
    .select(['listings.check_failures', 'listings.taken_down_at'])
    .where('listings.indicator_id', '=', indicatorId)
    .where('listings.status', '=', 'active')
    .where('indicators.kind', 'in', CHECKED_KINDS)
    .executeTakeFirst();
  return (
    row && {
      indicatorId,
      kind: row.kind,
      value: row.value,
      host: row.host,
      checkFailures: row.check_failures,
      takenDownAt: row.taken_down_at,
    }
  );
}

export async function updateLivenessState(
  db: Kysely<Schema>,
  indicatorId: number,
  state: LivenessStateUpdate,
): Promise<void> {
  await db
    .updateTable('listings')
    .set({
      check_failures: state.checkFailures,
      taken_down_at: state.takenDownAt,
      last_checked_at: state.lastCheckedAt,
      next_check_at: state.nextCheckAt,
    })
    .where('indicator_id', '=', indicatorId)
    .execute();
}

/** The listing state and liveness columns of one indicator, whatever its status. */
export interface ListingLivenessRow {
  readonly status: string;
  readonly listedAt: string;
  readonly lastCheckedAt: string | null;
  readonly nextCheckAt: string | null;
  readonly checkFailures: number;
  readonly takenDownAt: string | null;
}

/** Reads the liveness columns of an indicator's listing, or undefined when it was never listed. */
export async function selectListingLiveness(
  db: Kysely<Schema>,
  indicatorId: number,
): Promise<ListingLivenessRow | undefined> {
  const row = await db
    .selectFrom('listings')
    .select(['status', 'listed_at', 'last_checked_at', 'next_check_at'])
    .select(['check_failures', 'taken_down_at'])
    .where('indicator_id', '=', indicatorId)
    .executeTakeFirst();
  return (
    row && {
      status: row.status,
      listedAt: row.listed_at,
      lastCheckedAt: row.last_checked_at,
      nextCheckAt: row.next_check_at,
      checkFailures: row.check_failures,
      takenDownAt: row.taken_down_at,
    }
  );
}
