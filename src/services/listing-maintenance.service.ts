import type { Logger } from 'pino';

import type { Database } from '../store/database.ts';
import { expireListings } from '../store/listing.repository.ts';

/** Minutes between sweeps that expire listings past their expiry date. */
const EXPIRY_SWEEP_MINUTES = 1;

/**
 * Expires listings whose expiry has passed, once now and then every minute,
 * until the returned function is called. Lookups already ignore such listings;
 * the sweep records the change so that followers and exports see it.
 */
export function startListingMaintenance(database: Database, logger: Logger): () => void {
  const sweep = () => {
    expireListings(database, new Date().toISOString())
      .then((expired) => {
        if (expired > 0) {
          logger.info({ expired }, 'listings expired');
        }
      })
      .catch((error: unknown) => logger.error({ err: error }, 'listing expiry sweep failed'));
  };
  sweep();
  const timer = setInterval(sweep, EXPIRY_SWEEP_MINUTES * 60_000);
  timer.unref();
  return () => clearInterval(timer);
}
