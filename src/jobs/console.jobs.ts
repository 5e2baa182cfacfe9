import type { JobDependencies } from './handlers.ts';
import type { JobHandlers } from './job-handler.ts';

/** The job handlers of the console: clustering and scores. */
export function consoleJobHandlers(_dependencies: JobDependencies): JobHandlers {
  return {};
}
