import type { SharingConfig } from '../../config.ts';
import { VigilError } from '../../errors.ts';
import { appendAuditEntry } from '../../store/audit.repository.ts';
import type { Database } from '../../store/database.ts';
import {
  selectDeliveriesOfNotice,
  selectNotice,
  selectNoticeDelivery,
  updateNoticeDelivery,
  updateNoticeStatus,
} from '../../store/notice.repository.ts';
import { selectOrganisation } from '../../store/organisation.repository.ts';
import { getNoticeDocument } from '../notice.service.ts';
import { createMailer, sendNoticeMail } from './email.ts';
import { sendWebhook } from './webhook.ts';
import { assertOutboundAllowed } from '../outbound.ts';

export interface DeliveryAttempt {
  readonly sharing: SharingConfig;
  /** 1 on the first attempt, as the job queue counts. */
  readonly attempt: number;
  readonly signal?: AbortSignal;
  readonly now?: Date;
  /** False under VIGIL_OUTBOUND=off: only loopback receivers are reached. Defaults to true. */
  readonly outbound?: boolean;
}

/**
 * Sends one delivery of a notice or reminder over its channel, and records
 * the outcome. A delivery already made is not sent again, and the webhook's
 * idempotency key and the e-mail's Message-ID are the same on every attempt,
 * so a receiver can drop a repeat after a crash between sending and
 * recording. Throws on failure so that the job retries. After the last of
 * `deliveryAttempts` the delivery counts as failed, and so does the notice when
 * no channel reached the organisation. An e-mail delivery without an SMTP server
 * configured throws INVALID_INPUT, which no retry fixes.
 */
export async function deliverNotice(
  database: Database,
  deliveryId: number,
  options: DeliveryAttempt,
): Promise<'delivered' | 'already_delivered' | 'gone'> {
  const delivery = await selectNoticeDelivery(database.db, deliveryId);
  if (delivery === undefined) {
    return 'gone';
  }
  if (delivery.status === 'delivered') {
    return 'already_delivered';
  }
  const notice = await selectNotice(database.db, delivery.notice_id);
  const organisation = notice && (await selectOrganisation(database.db, notice.organisation_id));
  if (notice === undefined || organisation === undefined) {
    return 'gone';
  }
  const reminder = delivery.purpose === 'reminder';
  try {
    const document = await getNoticeDocument(database, notice, options.sharing, reminder);
    const body = JSON.stringify(document);
    if (delivery.channel === 'webhook') {
      if (organisation.webhook_url === null || organisation.webhook_secret === null) {
        throw new VigilError(
          'INVALID_INPUT',
          `organisation ${organisation.id} has no webhook any more`,
          'webhook',
        );
      }
      assertOutboundAllowed(options.outbound ?? true, organisation.webhook_url, 'the webhook');
      await sendWebhook({
        url: organisation.webhook_url,
        secret: organisation.webhook_secret,
        body,
        idempotencyKey: reminder ? `${notice.uuid}.reminder` : notice.uuid,
        ...(options.signal && { signal: options.signal }),
      });
    } else {
      if (options.sharing.smtpUrl !== undefined) {
        assertOutboundAllowed(options.outbound ?? true, options.sharing.smtpUrl, 'the e-mail');
      }
      await sendByEmail(
        options.sharing,
        organisation.contact_email,
        document.text,
        body,
        notice.uuid,
        delivery.purpose,
      );
    }
  } catch (error) {
    await recordFailure(database, delivery.id, notice.id, error, options);
    throw error;
  }

  const at = (options.now ?? new Date()).toISOString();
  await database.db.transaction().execute(async (trx) => {
    await updateNoticeDelivery(trx, delivery.id, {
      status: 'delivered',
      attempts: options.attempt,
      delivered_at: at,
      last_error: null,
    });
    if (!reminder) {
      await updateNoticeStatus(trx, notice.id, ['queued', 'failed'], {
        status: 'sent',
        sent_at: at,
        updated_at: at,
      });
    }
    await appendAuditEntry(trx, database.dialect, {
      actor: 'job:sharing.notice.deliver',
      action: reminder ? 'notice.reminder_delivered' : 'notice.delivered',
      targetType: 'notice',
      targetId: notice.id,
      after: { channel: delivery.channel, attempt: options.attempt },
      at,
    });
  });
  return 'delivered';
}

async function sendByEmail(
  sharing: SharingConfig,
  to: string | null,
  text: { subject: string; body: string },
  json: string,
  noticeUuid: string,
  purpose: string,
): Promise<void> {
  if (to === null) {
    throw new VigilError(
      'INVALID_INPUT',
      'the organisation has no contact e-mail any more',
      'email',
    );
  }
  if (sharing.smtpUrl === undefined) {
    throw new VigilError(
      'INVALID_INPUT',
      'e-mail notices need an SMTP server: set VIGIL_SMTP_URL, such as smtp://127.0.0.1:25',
      'VIGIL_SMTP_URL',
    );
  }
  const transport = createMailer(sharing.smtpUrl);
  try {
    await sendNoticeMail(transport, {
      from: sharing.mailFrom,
      to,
      subject: text.subject,
      text: text.body,
      json,
      noticeUuid,
      purpose,
    });
  } finally {
    transport.close();
  }
}

async function recordFailure(
  database: Database,
  deliveryId: number,
  noticeId: number,
  error: unknown,
  options: DeliveryAttempt,
): Promise<void> {
  const message = (error instanceof Error ? error.message : String(error)).slice(0, 1000);
  const final = options.attempt >= options.sharing.deliveryAttempts || error instanceof VigilError;
  await database.db.transaction().execute(async (trx) => {
    await updateNoticeDelivery(trx, deliveryId, {
      attempts: options.attempt,
      last_error: message,
      ...(final && { status: 'failed' }),
    });
    if (!final) {
      return;
    }
    const deliveries = await selectDeliveriesOfNotice(trx, noticeId);
    const notices = deliveries.filter((delivery) => delivery.purpose === 'notice');
    if (!notices.every((delivery) => delivery.status === 'failed')) {
      return;
    }
    const at = (options.now ?? new Date()).toISOString();
    if (await updateNoticeStatus(trx, noticeId, ['queued'], { status: 'failed', updated_at: at })) {
      await appendAuditEntry(trx, database.dialect, {
        actor: 'job:sharing.notice.deliver',
        action: 'notice.delivery_failed',
        targetType: 'notice',
        targetId: noticeId,
        before: { status: 'queued' },
        after: { status: 'failed', lastError: message },
        at,
      });
    }
  });
}
