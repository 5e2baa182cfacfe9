import type { Config } from '../config.ts';
import type { Database } from '../store/database.ts';
import { accountabilityJobHandlers } from './accountability.jobs.ts';
import { consoleJobHandlers } from './console.jobs.ts';
import { enrichmentJobHandlers } from './enrichment.jobs.ts';
import type { JobHandlers } from './job-handler.ts';
import { sharingJobHandlers } from './sharing.jobs.ts';

/** What the job handlers of each part of the product get. */
export interface JobDependencies {
  readonly database: Database;
  readonly config: Config;
}

/**
 * Returns the handlers that `vigil start` and `vigil worker` run, by job name.
 * A job whose name has no handler goes dead with a clear error instead of
 * looping.
 */
export function createJobHandlers(database: Database, config: Config): JobHandlers {
  const dependencies: JobDependencies = { database, config };
  return {
    ...enrichmentJobHandlers(dependencies),
    ...consoleJobHandlers(dependencies),
    ...sharingJobHandlers(dependencies),
    ...accountabilityJobHandlers(dependencies),
  };
}
