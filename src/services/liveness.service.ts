import type { Logger } from 'pino';

import type { Config } from '../config.ts';
import { type LivenessPolicy, nextLivenessState } from '../domain/scoring/liveness.ts';
import { appendAuditEntry } from '../store/audit.repository.ts';
import type { Database } from '../store/database.ts';
import {
  claimDueLivenessCheck,
  selectDueLivenessListings,
  selectLivenessListing,
  selectQueuedLivenessChecks,
  updateLivenessState,
} from '../store/liveness.repository.ts';
import type { EnrichmentTools } from './enrichment.service.ts';
import { enqueue, notifyWorkers } from './job-queue.service.ts';

/** `{ indicatorId: number }`: re-check one listed URL or domain; enrichment handles it. */
export const LIVENESS_CHECK_JOB = 'liveness.check';

/** Minutes between two sweeps that enqueue the liveness checks that are due. */
export const LIVENESS_SWEEP_MINUTES = 5;

/**
 * Minutes a sweep pushes `next_check_at` forward when it enqueues a check, so that the next
 * sweep skips the listing while its check waits. The check sets the real next time.
 */
const CLAIM_MINUTES = 60;

export interface LivenessSweepSummary {
  readonly enqueued: number;
  /** True when outbound access is off, so no check was enqueued. */
  readonly skipped: boolean;
}

export interface LivenessSweepOptions {
  /** False (VIGIL_OUTBOUND=off) enqueues nothing. */
  readonly outbound: boolean;
  readonly now?: Date;
  /** The maximum number of checks one sweep enqueues. */
  readonly limit?: number;
}

/**
 * Enqueues one `liveness.check` job for each active URL or domain listing whose next check is
 * due, at most `limit` of them. Each listing is claimed by moving its `next_check_at` forward in
 * the transaction that enqueues its job. Listings with a queued or running check are left out,
 * so sweeps running at once in several workers never queue a listing twice.
 * Makes no network call.
 */
export async function enqueueDueLivenessChecks(
  database: Database,
  options: LivenessSweepOptions,
): Promise<LivenessSweepSummary> {
  if (!options.outbound) {
    return { enqueued: 0, skipped: true };
  }
  const now = options.now ?? new Date();
  const nowText = now.toISOString();
  const claimUntil = new Date(now.getTime() + CLAIM_MINUTES * 60_000).toISOString();
  const due = await selectDueLivenessListings(database.db, nowText, options.limit ?? 500);
  const queued = await selectQueuedLivenessChecks(database.db, LIVENESS_CHECK_JOB);

  let enqueued = 0;
  for (const indicatorId of due) {
    if (queued.has(indicatorId)) {
      continue;
    }
    const claimed = await database.db.transaction().execute(async (trx) => {
      if (!(await claimDueLivenessCheck(trx, indicatorId, nowText, claimUntil))) {
        return false;
      }
      await enqueue(trx, { name: LIVENESS_CHECK_JOB, payload: { indicatorId }, maxAttempts: 2 });
      return true;
    });
    enqueued += claimed ? 1 : 0;
  }
  if (enqueued > 0) {
    await notifyWorkers(database);
  }
  return { enqueued, skipped: false };
}

/** The outcome of one liveness check. */
export interface LivenessCheckResult {
  readonly indicatorId: number;
  /** `checked`, or why nothing was checked: the listing is gone, inactive, or outbound is off. */
  readonly outcome: 'checked' | 'not_listed' | 'skipped';
  readonly alive?: boolean;
  readonly checkFailures?: number;
  readonly takenDownAt?: string | null;
  /** `taken_down` or `back_up` when this check changed the listing's state. */
  readonly change?: 'taken_down' | 'back_up';
  readonly nextCheckAt?: string;
}

/**
 * Checks whether one listed URL or domain is still reachable and records the result. A URL is alive
 * when the safe fetch reaches it with a status below 400; a domain, when it has an address.
 * After `policy.failuresToTakedown` failures in a row the listing gets `taken_down_at`; a later
 * success clears it. Either change writes an audit entry in the same transaction.
 */
export async function checkListingLiveness(
  database: Database,
  tools: Pick<EnrichmentTools, 'outbound' | 'dns' | 'fetcher'>,
  policy: LivenessPolicy,
  indicatorId: number,
  now: () => Date = () => new Date(),
): Promise<LivenessCheckResult> {
  if (!tools.outbound) {
    return { indicatorId, outcome: 'skipped' };
  }
  const listing = await selectLivenessListing(database.db, indicatorId);
  if (listing === undefined) {
    return { indicatorId, outcome: 'not_listed' };
  }

  const alive = await isAlive(listing.kind, listing.value, listing.host, tools);
  const checkedAt = now();
  const state = nextLivenessState(
    { checkFailures: listing.checkFailures, takenDownAt: listing.takenDownAt },
    alive,
    checkedAt,
    policy,
  );
  let change: LivenessCheckResult['change'];
  if (state.changed) {
    change = state.takenDownAt === null ? 'back_up' : 'taken_down';
  }
  await database.db.transaction().execute(async (trx) => {
    await updateLivenessState(trx, indicatorId, {
      checkFailures: state.checkFailures,
      takenDownAt: state.takenDownAt,
      lastCheckedAt: checkedAt.toISOString(),
      nextCheckAt: state.nextCheckAt,
    });
    if (change !== undefined) {
      await appendAuditEntry(trx, database.dialect, {
        actor: 'job:liveness',
        action: change === 'back_up' ? 'listing.back_up' : 'listing.taken_down',
        targetType: 'listing',
        targetId: indicatorId,
        before: { takenDownAt: listing.takenDownAt, checkFailures: listing.checkFailures },
        after: { takenDownAt: state.takenDownAt, checkFailures: state.checkFailures },
        at: checkedAt.toISOString(),
      });
    }
  });
  return {
    indicatorId,
    outcome: 'checked',
    alive,
    checkFailures: state.checkFailures,
    takenDownAt: state.takenDownAt,
    nextCheckAt: state.nextCheckAt,
    ...(change === undefined ? {} : { change }),
  };
}

/**
 * Runs `enqueueDueLivenessChecks` once now and then every `LIVENESS_SWEEP_MINUTES` until the
 * returned function is called. `vigil start` and `vigil worker` run it beside the worker.
 */
export function startLivenessSweeps(
  database: Database,
  config: Config,
  logger: Logger,
): () => void {
  if (!config.enrichment.outbound) {
    logger.info('liveness checks are off because outbound network access is off');
    return () => {};
  }
  const sweep = () => {
    enqueueDueLivenessChecks(database, { outbound: config.enrichment.outbound })
      .then((summary) => {
        if (summary.enqueued > 0) {
          logger.info({ enqueued: summary.enqueued }, 'liveness checks enqueued');
        }
      })
      .catch((error: unknown) => logger.error({ err: error }, 'liveness sweep failed'));
  };
  sweep();
  const timer = setInterval(sweep, LIVENESS_SWEEP_MINUTES * 60_000);
  timer.unref();
  return () => clearInterval(timer);
}

async function isAlive(
  kind: string,
  value: string,
  host: string | null,
  tools: Pick<EnrichmentTools, 'dns' | 'fetcher'>,
): Promise<boolean> {
  if (kind === 'url') {
    // NOTE: the canonical form of a URL drops its port, so a page listed on a non-default port
    // is checked on the default one and may look taken down while it is still up.
    const record = await tools.fetcher.fetch(value);
    return record.outcome === 'fetched' && (record.status ?? 500) < 400;
  }
  try {
    return (await tools.dns.resolveAddresses(host ?? value)).length > 0;
  } catch {
    return false;
  }
}
