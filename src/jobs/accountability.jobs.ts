import type { JobDependencies } from './handlers.ts';
import type { JobHandlers } from './job-handler.ts';

/** The job handlers of accountability: purges and deadlines. */
export function accountabilityJobHandlers(_dependencies: JobDependencies): JobHandlers {
  return {};
}
