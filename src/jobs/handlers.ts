import type { Database } from '../store/database.ts';
import type { JobHandlers } from './job-handler.ts';

/**
 * Returns the handlers that `vigil start` and `vigil worker` run, by job name.
 * Enrichment, notices and feed polls register here. A job whose name has no
 * handler goes dead with a clear error instead of looping.
 */
export function createJobHandlers(_database: Database): JobHandlers {
  return {};
}
