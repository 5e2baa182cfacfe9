import type { Config } from '../config.ts';
import { VigilError } from '../errors.ts';
import { selectEvidenceOfAppeal, selectListingOf } from '../store/appeal.repository.ts';
import { appendAuditEntry } from '../store/audit.repository.ts';
import type { Database } from '../store/database.ts';
import { getAppeal } from './appeal.service.ts';
import type { StaffMember } from './auth.service.ts';
import { requireReason } from './case.service.ts';
import { decryptContact, loadSecretKey } from './contact-crypto.ts';

/**
 * Loads one appeal for a reviewer: the appeal without its contact
 * details (only whether there are some), the listing appealed and the
 * appellant's evidence images. NOT_FOUND for an unknown id.
 */
export async function getAppealReview(database: Database, appealId: number) {
  const appeal = await getAppeal(database, appealId);
  const { contact_encrypted: contactEncrypted, ...shown } = appeal;
  return {
    appeal: shown,
    hasContact: contactEncrypted !== null,
    listing: await selectListingOf(database.db, appeal.indicator_id),
    evidence: await selectEvidenceOfAppeal(database.db, appeal.id),
  };
}

/**
 * Decrypts an appellant's contact details for a supervisor who gives a reason,
 * and records who saw them and why in the audit log. FORBIDDEN for any other
 * role, INVALID_INPUT without a reason, NOT_FOUND when there are none.
 */
export async function viewAppealContact(
  database: Database,
  config: Config,
  input: { appealId: number; staff: StaffMember; reason: string },
  now = new Date(),
): Promise<string> {
  if (input.staff.role !== 'supervisor') {
    throw new VigilError(
      'FORBIDDEN',
      "only a supervisor may see an appellant's contact details",
      'role',
    );
  }
  const reason = requireReason(input.reason);
  const appeal = await getAppeal(database, input.appealId);
  if (appeal.contact_encrypted === null) {
    throw new VigilError(
      'NOT_FOUND',
      `appeal ${input.appealId} has no contact details`,
      'appealId',
    );
  }
  const contact = decryptContact(appeal.contact_encrypted, loadSecretKey(config));
  await database.db.transaction().execute(async (trx) => {
    await appendAuditEntry(trx, database.dialect, {
      actor: `user:${input.staff.id}`,
      action: 'appeal.view_contact',
      targetType: 'appeal',
      targetId: input.appealId,
      after: { reason },
      at: now.toISOString(),
    });
  });
  return contact;
}
