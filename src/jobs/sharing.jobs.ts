import { isVigilError } from '../errors.ts';
import { deliverNotice } from '../services/delivery/notice-delivery.ts';
import { createNoticesForDecision, NOTICE_JOBS, remindNotice } from '../services/notice.service.ts';
import { PARTNER_POLL_JOB, pollPartnerFeed } from '../services/partner-poll.service.ts';
import type { JobDependencies } from './handlers.ts';
import { PermanentJobError } from './job-error.ts';
import type { JobHandlers } from './job-handler.ts';
import { JOB_NAMES } from './job-names.ts';

function readId(payload: unknown, field: string): number {
  const value = (payload as Record<string, unknown> | null)?.[field];
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    throw new PermanentJobError(`payload.${field} must be a positive integer id`);
  }
  return value;
}

function readTime(payload: unknown, field: string): string {
  const value = (payload as Record<string, unknown> | null)?.[field];
  if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) {
    throw new PermanentJobError(`payload.${field} must be an ISO time`);
  }
  return value;
}

/**
 * Turns a VigilError, which names input or settings that a retry cannot
 * change (a missing SMTP setting, a decision that does not exist), into a
 * permanent failure.
 */
function permanentIfVigil(error: unknown): never {
  if (isVigilError(error)) {
    throw new PermanentJobError(error.message);
  }
  throw error;
}

/** Returns the job handlers of sharing: notices of decisions, their deliveries and reminders, partner polls. */
export function sharingJobHandlers({ database, config }: JobDependencies): JobHandlers {
  const settings = { sharing: config.sharing };
  return {
    [JOB_NAMES.decisionEffective]: async (payload, context) => {
      const decisionId = readId(payload, 'decisionId');
      const created = await createNoticesForDecision(database, decisionId, settings).catch(
        permanentIfVigil,
      );
      context.logger.info({ decisionId, notices: created.length }, 'notices created');
    },

    [NOTICE_JOBS.deliver]: async (payload, context) => {
      const deliveryId = readId(payload, 'deliveryId');
      const outcome = await deliverNotice(database, deliveryId, {
        sharing: config.sharing,
        attempt: context.attempt,
        signal: context.signal,
        outbound: config.enrichment.outbound,
      }).catch(permanentIfVigil);
      context.logger.info({ deliveryId, outcome }, 'notice delivery finished');
    },

    [NOTICE_JOBS.checkOverdue]: async (payload, context) => {
      const noticeId = readId(payload, 'noticeId');
      const reminded = await remindNotice(database, noticeId, settings);
      context.logger.info({ noticeId, reminded }, 'notice deadline checked');
    },

    [PARTNER_POLL_JOB]: async (payload, context) => {
      const partnerFeedId = readId(payload, 'partnerFeedId');
      const scheduledFor = readTime(payload, 'scheduledFor');
      const outcome = await pollPartnerFeed(
        database,
        config,
        { partnerFeedId, scheduledFor },
        { signal: context.signal },
      );
      if (outcome.status === 'failed') {
        context.logger.warn({ partnerFeedId, error: outcome.error }, 'partner feed poll failed');
        return;
      }
      const imported = outcome.status === 'imported' ? (outcome.summary?.valid ?? 0) : 0;
      context.logger.info(
        { partnerFeedId, outcome: outcome.status, imported },
        'partner feed polled',
      );
    },
  };
}
