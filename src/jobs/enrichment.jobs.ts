import type { JobDependencies } from './handlers.ts';
import type { JobHandlers } from './job-handler.ts';

/** The job handlers of enrichment: fetch, DNS, RDAP, lookalikes, liveness. */
export function enrichmentJobHandlers(_dependencies: JobDependencies): JobHandlers {
  return {};
}
