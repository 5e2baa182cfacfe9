import {
  type EnrichmentTools,
  createEnrichmentTools,
  enrichIndicators,
} from '../services/enrichment.service.ts';
import { LIVENESS_CHECK_JOB, checkListingLiveness } from '../services/liveness.service.ts';
import type { JobDependencies } from './handlers.ts';
import { PermanentJobError } from './job-error.ts';
import type { JobHandlers } from './job-handler.ts';
import { JOB_NAMES } from './job-names.ts';

/**
 * Returns the job handlers of enrichment: fetch, DNS, RDAP and lookalikes for new indicators,
 * and the liveness check of one listing that `startLivenessSweeps` enqueues when it is due.
 */
export function enrichmentJobHandlers(
  dependencies: JobDependencies,
  tools: EnrichmentTools = createEnrichmentTools(dependencies.config),
): JobHandlers {
  const { database, config } = dependencies;
  return {
    [JOB_NAMES.enrichIndicators]: async (payload, context) => {
      const indicatorIds = readIndicatorIds(payload);
      const results = await enrichIndicators(database, indicatorIds, tools);
      context.logger.info({ indicatorCount: results.length }, 'indicators enriched');
    },
    [LIVENESS_CHECK_JOB]: async (payload, context) => {
      const result = await checkListingLiveness(
        database,
        tools,
        {
          failuresToTakedown: config.enrichment.livenessFailures,
          baseHours: config.enrichment.livenessHours,
        },
        readIndicatorId(payload),
      );
      context.logger.info(result, 'liveness checked');
    },
  };
}

function readIndicatorIds(payload: unknown): number[] {
  const ids = (payload as { indicatorIds?: unknown } | null)?.indicatorIds;
  if (!Array.isArray(ids) || !ids.every((id) => Number.isInteger(id) && id > 0)) {
    throw new PermanentJobError('payload.indicatorIds must be a list of indicator ids');
  }
  return ids as number[];
}

function readIndicatorId(payload: unknown): number {
  const id = (payload as { indicatorId?: unknown } | null)?.indicatorId;
  if (typeof id !== 'number' || !Number.isInteger(id) || id <= 0) {
    throw new PermanentJobError('payload.indicatorId must be an indicator id');
  }
  return id;
}
