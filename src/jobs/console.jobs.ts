import { clusterIndicators } from '../services/clustering.service.ts';
import type { JobDependencies } from './handlers.ts';
import { PermanentJobError } from './job-error.ts';
import type { JobHandlers } from './job-handler.ts';
import { JOB_NAMES } from './job-names.ts';

/** Most indicator ids one clustering job takes, a few import batches' worth. */
const MAX_IDS_PER_JOB = 50_000;

function readIndicatorIds(payload: unknown): number[] {
  const ids = (payload as { indicatorIds?: unknown } | null)?.indicatorIds;
  if (!Array.isArray(ids) || ids.length > MAX_IDS_PER_JOB) {
    throw new PermanentJobError(
      `payload.indicatorIds must be an array of at most ${MAX_IDS_PER_JOB} ids`,
    );
  }
  if (!ids.every((id) => Number.isSafeInteger(id) && (id as number) > 0)) {
    throw new PermanentJobError('payload.indicatorIds must hold positive integer ids only');
  }
  return ids as number[];
}

/** The job handlers of the console: joining indicators into cases. */
export function consoleJobHandlers({ database, config }: JobDependencies): JobHandlers {
  return {
    [JOB_NAMES.clusterIndicators]: async (payload, context) => {
      const indicatorIds = readIndicatorIds(payload);
      const result = await clusterIndicators(database, indicatorIds, {
        keyLimit: config.console.clusterKeyLimit,
      });
      context.logger.info(
        {
          indicators: indicatorIds.length,
          casesCreated: result.casesCreated.length,
          casesJoined: result.casesJoined.length,
          merges: result.merges.length,
          newCommonKeys: result.newCommonKeys.length,
        },
        'indicators clustered',
      );
    },
  };
}
