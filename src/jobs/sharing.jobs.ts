import type { JobDependencies } from './handlers.ts';
import type { JobHandlers } from './job-handler.ts';

/** The job handlers of sharing: notices, deliveries, partner polls. */
export function sharingJobHandlers(_dependencies: JobDependencies): JobHandlers {
  return {};
}
