import type { Kysely } from 'kysely';

import type { Config } from '../config.ts';
import {
  APPEAL_RECEIPT_PREFIX,
  type AppealOutcome,
  checkAppealText,
  isAppealOutcome,
  isOpenAppeal,
} from '../domain/archive/appeal.ts';
import { publicIndicatorValue } from '../domain/archive/public-value.ts';
import { statementId } from '../domain/archive/statement.ts';
import { type DecisionDraft, validateDecision } from '../domain/decisions/decision.ts';
import { generateReceiptCode, parseReceiptCode } from '../domain/receipts/receipt-code.ts';
import { VigilError } from '../errors.ts';
import {
  type AppealRow,
  insertAppeal,
  selectActiveUser,
  selectAppealById,
  selectAppealByReceipt,
  selectDecisionPeople,
  selectIndicatorId,
  selectListingOf,
  updateOpenAppeal,
} from '../store/appeal.repository.ts';
import { appendAuditEntry } from '../store/audit.repository.ts';
import type { Database } from '../store/database.ts';
import type { Dialect } from '../store/dialect.ts';
import type { Schema } from '../store/schema.ts';
import { encryptContact } from './contact-crypto.ts';
import { recordDecision } from './decision.service.ts';
import {
  discardUnreferencedEvidence,
  evidenceFileExists,
  evidenceStorageKey,
  insertEvidenceRow,
  prepareEvidence,
  saveEvidenceFile,
} from './evidence.service.ts';
import { enqueue, notifyWorkers } from './job-queue.service.ts';
import { LookupService } from './lookup.service.ts';

const DAY_MS = 86_400_000;
/** `{ appealId }`: e-mail the outcome to an appellant whose contact is an e-mail address. */
export const APPEAL_OUTCOME_MAIL_JOB = 'appeal.outcome-mail';
/** Roles that may review appeals. */
const REVIEWER_ROLES = ['analyst', 'supervisor', 'admin'];
/** Evidence files one appeal may carry. */
export const MAX_APPEAL_FILES = 5;

export interface AppealSubmission {
  /** The listed value as the appellant typed it or as the check page passed it. */
  readonly indicator: string;
  readonly reasons: string;
  /** Identity and contact details of the appellant, encrypted at rest; empty for none. */
  readonly contact: string;
  readonly language: 'vi' | 'en';
  readonly files?: readonly Uint8Array[];
}

export interface AppealSettings {
  readonly config: Pick<Config, 'dataDir' | 'accountability' | 'legalBases'>;
  /** The key `encryptContact` uses. */
  readonly secretKey: Buffer;
  readonly now?: Date;
}

export interface SubmittedAppeal {
  readonly id: number;
  readonly receipt: string;
  readonly dueAt: string;
}

/**
 * Files an appeal against the public listing that `indicator` matches, with
 * its evidence files, in one transaction. Throws INVALID_INPUT naming the
 * field for bad text, an unlisted value or a bad file, and writes nothing then.
 */
export async function submitAppeal(
  database: Database,
  submission: AppealSubmission,
  settings: AppealSettings,
): Promise<SubmittedAppeal> {
  const problems = checkAppealText(submission.reasons, submission.contact);
  if (problems.length > 0) {
    throw new VigilError('INVALID_INPUT', problems[0]!.message, problems[0]!.field);
  }
  const files = submission.files ?? [];
  if (files.length > MAX_APPEAL_FILES) {
    throw new VigilError(
      'INVALID_INPUT',
      `evidence: at most ${MAX_APPEAL_FILES} files`,
      'evidence',
    );
  }
  const listing = await findAppealedListing(database, submission.indicator);
  const prepared = await Promise.all(
    files.map((bytes, index) => prepareEvidence(bytes, `evidence[${index}]`)),
  );
  // As for reports, files are written before the transaction, and the ones
  // this call created are deleted again if it rolls back.
  const existed = await Promise.all(
    prepared.map((file) => evidenceFileExists(settings.config, evidenceStorageKey(file))),
  );
  const keys = await Promise.all(prepared.map((file) => saveEvidenceFile(settings.config, file)));
  const created = keys.filter((_key, index) => !existed[index]);

  const now = settings.now ?? new Date();
  const at = now.toISOString();
  const dueAt = new Date(
    now.getTime() + settings.config.accountability.appealDeadlineDays * DAY_MS,
  ).toISOString();
  const receipt = generateReceiptCode(APPEAL_RECEIPT_PREFIX);
  const contact = submission.contact.trim();
  const write = async (trx: Kysely<Schema>): Promise<number> => {
    const appealId = await insertAppeal(trx, {
      receipt,
      indicatorId: listing.indicatorId,
      decisionId: listing.decisionId,
      reasons: submission.reasons.trim(),
      contactEncrypted: contact === '' ? null : encryptContact(contact, settings.secretKey),
      language: submission.language,
      dueAt,
      createdAt: at,
    });
    for (const [index, file] of prepared.entries()) {
      await insertEvidenceRow(trx, {
        ownerType: 'appeal',
        ownerId: appealId,
        storageKey: keys[index]!,
        prepared: file,
        now: at,
      });
    }
    await appendAuditEntry(trx, database.dialect, {
      actor: 'public',
      action: 'appeal.submit',
      targetType: 'appeal',
      targetId: appealId,
      after: {
        indicatorId: listing.indicatorId,
        decisionId: listing.decisionId,
        dueAt,
        files: prepared.length,
      },
      at,
    });
    return appealId;
  };
  const id = await database.db
    .transaction()
    .execute(write)
    .catch(async (error: unknown) => {
      await discardUnreferencedEvidence(database, settings.config, created);
      throw error;
    });
  return { id, receipt, dueAt };
}

interface AppealedListing {
  readonly indicatorId: number;
  readonly decisionId: number | null;
}

async function findAppealedListing(database: Database, raw: string): Promise<AppealedListing> {
  if (raw.trim() === '') {
    throw new VigilError(
      'INVALID_INPUT',
      'indicator: give the listed link, number or account',
      'indicator',
    );
  }
  let result;
  try {
    // NOTE: only public (TLP:CLEAR) listings match, so the owner of a value
    // listed under a restricted marking cannot appeal it here yet.
    result = await LookupService.lookupOnce(database, raw);
  } catch (error) {
    throw error instanceof VigilError
      ? new VigilError('INVALID_INPUT', `indicator: ${error.message}`, 'indicator')
      : error;
  }
  const match = result.matches[0];
  if (!result.listed || match === undefined) {
    throw new VigilError(
      'INVALID_INPUT',
      `indicator: ${result.canonical} is not listed, so there is nothing to appeal`,
      'indicator',
    );
  }
  const indicatorId = await selectIndicatorId(database.db, match.kind, match.value);
  const listing =
    indicatorId === undefined ? undefined : await selectListingOf(database.db, indicatorId);
  if (listing === undefined) {
    throw new VigilError(
      'INVALID_INPUT',
      `indicator: ${result.canonical} is not listed`,
      'indicator',
    );
  }
  return {
    indicatorId: Number(listing.id),
    decisionId: listing.decision_id === null ? null : Number(listing.decision_id),
  };
}

/** Fields of an appeal's public status page, without contact or staff. */
export interface AppealStatusView {
  readonly receipt: string;
  readonly status: string;
  readonly indicator: { readonly kind: string; readonly value: string };
  readonly created_at: string;
  readonly due_at: string;
  readonly decided_at: string | null;
  readonly outcome_reasons: string | null;
  /** The archive id of the statement appealed. */
  readonly appealed: string;
  /** The archive id of the appeal's own statement, once decided. */
  readonly statement: string | null;
  /** The archive id of the decision that delisted or changed the listing. */
  readonly outcome_decision: string | null;
}

/** Returns the public status of the appeal with `receipt`; throws NOT_FOUND. */
export async function getAppealStatus(
  database: Database,
  receipt: string,
): Promise<AppealStatusView> {
  const parsed = parseReceiptCode(receipt, APPEAL_RECEIPT_PREFIX);
  const appeal = parsed.ok ? await selectAppealByReceipt(database.db, parsed.code) : undefined;
  if (appeal === undefined) {
    throw new VigilError(
      'NOT_FOUND',
      'receipt: no appeal has this receipt code; check it against the one you were given',
      'receipt',
    );
  }
  const listing = await selectListingOf(database.db, appeal.indicator_id);
  const kind = listing?.kind ?? 'unknown';
  return {
    receipt: appeal.receipt,
    status: appeal.status,
    indicator: { kind, value: listing ? publicIndicatorValue(kind, listing.value) : '' },
    created_at: appeal.created_at,
    due_at: appeal.due_at,
    decided_at: appeal.decided_at,
    outcome_reasons: appeal.outcome_reasons,
    appealed:
      appeal.decision_id === null
        ? statementId('listing', appeal.indicator_id)
        : statementId('decision', appeal.decision_id),
    statement: isOpenAppeal(appeal.status) ? null : statementId('appeal', appeal.id),
    outcome_decision:
      appeal.outcome_decision_id === null
        ? null
        : statementId('decision', appeal.outcome_decision_id),
  };
}

/**
 * Marks an appeal in review by `reviewerId`. Throws CONFLICT when the reviewer
 * made or approved the decision appealed, or the appeal is already decided.
 */
export async function startAppealReview(
  database: Database,
  appealId: number,
  reviewerId: number,
  now = new Date(),
): Promise<void> {
  const appeal = await openAppeal(database, appealId);
  await assertSecondPerson(database, appeal, reviewerId);
  await database.db.transaction().execute(async (trx) => {
    const updated = await updateOpenAppeal(trx, appealId, {
      status: 'in_review',
      reviewer_id: reviewerId,
    });
    if (!updated) {
      throw alreadyDecided(appealId);
    }
    await appendAuditEntry(trx, database.dialect, {
      actor: `user:${reviewerId}`,
      action: 'appeal.review',
      targetType: 'appeal',
      targetId: appealId,
      before: { status: appeal.status },
      after: { status: 'in_review' },
      at: now.toISOString(),
    });
  });
}

export interface AppealDecisionInput {
  readonly appealId: number;
  readonly reviewerId: number;
  readonly outcome: string;
  /** The reviewer's statement of reasons, published and sent to the appellant. */
  readonly reasons: string;
  /** For `changed`: the new terms of the listing; unset ones keep their value. */
  readonly category?: string;
  readonly expiresAt?: string;
  readonly tlp?: string;
}

export interface AppealDecided {
  readonly outcome: AppealOutcome;
  /** The decision that delisted or changed the listing; null when upheld. */
  readonly decisionId: number | null;
}

/**
 * Decides an appeal as a reviewer other than the person who made or approved
 * the decision appealed. `upheld` keeps the listing. `delisted` and `changed`
 * record a decision that supersedes the one appealed, which exports follow and
 * `lookup` applies at once. Throws INVALID_INPUT, NOT_FOUND or CONFLICT and
 * then changes nothing.
 */
export async function decideAppeal(
  database: Database,
  lookup: LookupService | undefined,
  input: AppealDecisionInput,
  settings: Pick<AppealSettings, 'config' | 'now'>,
): Promise<AppealDecided> {
  const now = settings.now ?? new Date();
  const { outcome, reasons } = checkOutcome(input);
  const appeal = await openAppeal(database, input.appealId);
  await assertSecondPerson(database, appeal, input.reviewerId);
  const draft = await outcomeDraft(database, appeal, input, reasons, settings.config, now);

  // The outcome decision and the appeal's new status commit together, so a
  // failure leaves both as they were.
  const decisionId = await database.db.transaction().execute(async (trx) => {
    const decision =
      draft === undefined
        ? undefined
        : await recordDecision(
            database,
            {
              ...draft,
              indicatorIds: [appeal.indicator_id],
              decidedBy: input.reviewerId,
              automated: false,
              supersedes: appeal.decision_id,
            },
            { legalBases: settings.config.legalBases, now, transaction: trx },
          );
    const id = decision?.id ?? null;
    await markDecided(trx, database.dialect, appeal, {
      outcome,
      reasons,
      decisionId: id,
      reviewerId: input.reviewerId,
      now,
    });
    return id;
  });
  await notifyWorkers(database).catch(() => {});

  if (decisionId !== null && lookup !== undefined) {
    await lookup.followChanges();
  }
  return { outcome, decisionId };
}

function checkOutcome(input: AppealDecisionInput): { outcome: AppealOutcome; reasons: string } {
  if (!isAppealOutcome(input.outcome)) {
    throw new VigilError(
      'INVALID_INPUT',
      `outcome "${input.outcome.slice(0, 40)}" must be upheld, delisted or changed`,
      'outcome',
    );
  }
  const reasons = input.reasons.trim();
  if (reasons === '') {
    throw new VigilError(
      'INVALID_INPUT',
      'reasons: an appeal outcome needs a statement of reasons; it is published',
      'reasons',
    );
  }
  return { outcome: input.outcome, reasons };
}

/** Builds and checks the decision an outcome records; undefined for `upheld`. */
async function outcomeDraft(
  database: Database,
  appeal: AppealRow,
  input: AppealDecisionInput,
  reasons: string,
  config: AppealSettings['config'],
  now: Date,
): Promise<DecisionDraft | undefined> {
  const listing = await selectListingOf(database.db, appeal.indicator_id);
  if (listing === undefined) {
    throw new VigilError(
      'CONFLICT',
      `appeal ${appeal.id}: the listing no longer exists`,
      'appealId',
    );
  }
  if (input.outcome === 'upheld') {
    return undefined;
  }
  const delisting = input.outcome === 'delisted';
  const draft: DecisionDraft = {
    verdict: delisting ? 'rejected' : 'confirmed',
    action: input.outcome,
    category: input.category ?? listing.category,
    legalBasis: listing.legal_basis,
    reasons,
    tlp: input.tlp ?? listing.tlp,
    expiresAt: delisting ? null : (input.expiresAt ?? listing.expires_at),
  };
  const valid = validateDecision(draft, config.legalBases, now);
  if (Array.isArray(valid)) {
    const message = valid.map((problem) => problem.message).join('; ');
    throw new VigilError('INVALID_INPUT', message, valid[0]!.field);
  }
  return draft;
}

async function markDecided(
  trx: Kysely<Schema>,
  dialect: Dialect,
  appeal: AppealRow,
  result: {
    outcome: AppealOutcome;
    reasons: string;
    decisionId: number | null;
    reviewerId: number;
    now: Date;
  },
): Promise<void> {
  const at = result.now.toISOString();
  const updated = await updateOpenAppeal(trx, appeal.id, {
    status: result.outcome,
    reviewer_id: result.reviewerId,
    outcome_decision_id: result.decisionId,
    outcome_reasons: result.reasons,
    decided_at: at,
  });
  if (!updated) {
    throw alreadyDecided(appeal.id);
  }
  if (appeal.contact_encrypted !== null) {
    await enqueue(trx, { name: APPEAL_OUTCOME_MAIL_JOB, payload: { appealId: appeal.id } });
  }
  await appendAuditEntry(trx, dialect, {
    actor: `user:${result.reviewerId}`,
    action: 'appeal.decide',
    targetType: 'appeal',
    targetId: appeal.id,
    before: { status: appeal.status },
    after: { status: result.outcome, decisionId: result.decisionId, reasons: result.reasons },
    at,
  });
}

/** Finds a reviewer by id or e-mail; throws NOT_FOUND, or FORBIDDEN for a role that may not review. */
export async function findReviewer(
  database: Database,
  idOrEmail: number | string,
): Promise<{ id: number; email: string; role: string }> {
  const user = await selectActiveUser(database.db, idOrEmail);
  if (user === undefined) {
    throw new VigilError('NOT_FOUND', `reviewer ${idOrEmail} is not an active user`, 'reviewer');
  }
  if (!REVIEWER_ROLES.includes(user.role)) {
    throw new VigilError(
      'FORBIDDEN',
      `reviewer ${user.email} has the role ${user.role}; appeals need ${REVIEWER_ROLES.join(', ')}`,
      'reviewer',
    );
  }
  return { id: Number(user.id), email: user.email, role: user.role };
}

/** Returns the appeal with `id` or `receipt` for staff; throws NOT_FOUND. */
export async function getAppeal(
  database: Database,
  idOrReceipt: number | string,
): Promise<AppealRow> {
  let appeal: AppealRow | undefined;
  if (typeof idOrReceipt === 'number') {
    appeal = await selectAppealById(database.db, idOrReceipt);
  } else {
    const parsed = parseReceiptCode(idOrReceipt, APPEAL_RECEIPT_PREFIX);
    appeal = parsed.ok ? await selectAppealByReceipt(database.db, parsed.code) : undefined;
  }
  if (appeal === undefined) {
    throw new VigilError('NOT_FOUND', `appeal ${idOrReceipt} does not exist`, 'appeal');
  }
  return appeal;
}

async function openAppeal(database: Database, appealId: number): Promise<AppealRow> {
  const appeal = await getAppeal(database, appealId);
  if (!isOpenAppeal(appeal.status)) {
    throw alreadyDecided(appealId);
  }
  return appeal;
}

async function assertSecondPerson(
  database: Database,
  appeal: AppealRow,
  reviewerId: number,
): Promise<void> {
  await findReviewer(database, reviewerId);
  if (appeal.decision_id === null) {
    return;
  }
  const people = await selectDecisionPeople(database.db, appeal.decision_id);
  if (people?.decidedBy === reviewerId || people?.approvedBy === reviewerId) {
    throw new VigilError(
      'CONFLICT',
      `appeal ${appeal.id} needs a reviewer other than the person who made or approved decision ${appeal.decision_id}`,
      'reviewerId',
    );
  }
}

function alreadyDecided(appealId: number): VigilError {
  return new VigilError('CONFLICT', `appeal ${appealId} is already decided`, 'appealId');
}
