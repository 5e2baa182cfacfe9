import type { Config } from '../config.ts';
import { contactEmail, isAppealOutcome } from '../domain/archive/appeal.ts';
import { appealOutcomeMail } from '../domain/archive/appeal-mail.ts';
import { publicIndicatorValue } from '../domain/archive/public-value.ts';
import { selectListingOf } from '../store/appeal.repository.ts';
import type { Database } from '../store/database.ts';
import { getAppeal } from './appeal.service.ts';
import { decryptContact, loadSecretKey } from './contact-crypto.ts';
import { createMailer } from './delivery/email.ts';
import { assertOutboundAllowed } from './outbound.ts';

/** Result of one outcome e-mail: sent, or the reason it was not. */
export type AppealMailResult = 'sent' | 'no_email' | 'no_mailer' | 'not_decided';

/**
 * Sends the outcome of a decided appeal to the appellant when their contact
 * is an e-mail address and an SMTP server is configured (VIGIL_SMTP_URL). The
 * Message-ID comes from the receipt, so a retried send reads as the same
 * message.
 */
export async function sendAppealOutcomeMail(
  database: Database,
  config: Pick<Config, 'dataDir' | 'portal' | 'sharing' | 'enrichment'>,
  appealId: number,
): Promise<AppealMailResult> {
  const appeal = await getAppeal(database, appealId);
  if (!isAppealOutcome(appeal.status) || appeal.outcome_reasons === null) {
    return 'not_decided';
  }

  const contact =
    appeal.contact_encrypted === null
      ? ''
      : decryptContact(appeal.contact_encrypted, loadSecretKey(config));
  const to = contactEmail(contact);
  if (to === undefined) {
    return 'no_email';
  }
  if (config.sharing.smtpUrl === undefined) {
    return 'no_mailer';
  }

  const listing = await selectListingOf(database.db, appeal.indicator_id);
  const mail = appealOutcomeMail({
    language: appeal.language,
    receipt: appeal.receipt,
    outcome: appeal.status,
    reasons: appeal.outcome_reasons,
    indicator: listing === undefined ? '' : publicIndicatorValue(listing.kind, listing.value),
    statusUrl: new URL(`/a/${appeal.receipt}`, config.sharing.publicUrl).toString(),
  });

  const from = config.sharing.mailFrom;
  const domain = from.slice(from.lastIndexOf('@') + 1) || 'vigil.invalid';
  assertOutboundAllowed(
    config.enrichment.outbound,
    config.sharing.smtpUrl,
    'the appeal outcome e-mail',
  );
  await createMailer(config.sharing.smtpUrl).sendMail({
    from,
    to,
    subject: mail.subject,
    text: mail.text,
    messageId: `<appeal-outcome-${appeal.receipt}@${domain}>`,
  });
  return 'sent';
}
