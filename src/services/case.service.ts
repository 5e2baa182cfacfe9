import { readFile } from 'node:fs/promises';
import path from 'node:path';

import type { Kysely } from 'kysely';

import type { Config } from '../config.ts';
import { VigilError } from '../errors.ts';
import { appendAuditEntry } from '../store/audit.repository.ts';
import {
  type CaseRow,
  insertCase,
  insertCaseEvent,
  mergeCaseRows,
  moveReports,
  selectCase,
  selectCaseEvents,
  selectCaseIndicators,
  selectCaseReports,
  selectEvidenceOfReports,
  selectKeysOfCase,
  selectProvenanceOf,
  selectReportIndicatorLinks,
  updateCaseFields,
  upsertCaseIndicators,
} from '../store/case.repository.ts';
import type { Database } from '../store/database.ts';
import type { Schema } from '../store/schema.ts';
import { selectUserById } from '../store/user.repository.ts';
import type { StaffMember } from './auth.service.ts';
import { updateCaseScore } from './case-score.service.ts';
import { decryptContact, loadSecretKey } from './contact-crypto.ts';
import { evidenceFolder } from './evidence.service.ts';

/** Maximum length, in characters, of the reason for a merge, split or contact view. */
const MAX_REASON_LENGTH = 2000;

export function requireReason(reason: string, field = 'reason'): string {
  const trimmed = reason.trim();
  if (trimmed === '') {
    throw new VigilError(
      'INVALID_INPUT',
      `${field}: a reason is missing; give one, because it is recorded in the audit log`,
      field,
    );
  }
  if (trimmed.length > MAX_REASON_LENGTH) {
    throw new VigilError(
      'INVALID_INPUT',
      `${field}: has ${trimmed.length} characters; at most ${MAX_REASON_LENGTH} are allowed`,
      field,
    );
  }
  return trimmed;
}

async function existingCase(db: Kysely<Schema>, caseId: number): Promise<CaseRow> {
  const found = await selectCase(db, caseId);
  if (found === undefined) {
    throw new VigilError('NOT_FOUND', `case ${caseId} does not exist`, 'caseId');
  }
  return found;
}

/** Everything the case page shows, reporter contact details excluded. */
export async function getCaseView(database: Database, caseId: number) {
  const db = database.db;
  const row = await existingCase(db, caseId);
  const indicators = await selectCaseIndicators(db, caseId);
  const provenance = await selectProvenanceOf(
    db,
    indicators.map((indicator) => indicator.id),
  );
  const reports = await selectCaseReports(db, caseId);
  const reportIds = reports.map((report) => report.id);
  const links = await selectReportIndicatorLinks(db, reportIds);
  const evidence = await selectEvidenceOfReports(db, reportIds);
  const decisions = await db
    .selectFrom('decisions')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('id')
    .execute();
  const assignee = row.assigneeId === null ? undefined : await selectUserById(db, row.assigneeId);
  return {
    case: row,
    assigneeEmail: assignee?.email ?? null,
    events: await selectCaseEvents(db, caseId),
    indicators,
    provenance,
    keys: await selectKeysOfCase(db, caseId),
    reports: reports.map((report) => ({
      id: report.id,
      receipt: report.receipt,
      status: report.status,
      category: report.category,
      channel: report.channel,
      seenAt: report.seen_at,
      description: report.description,
      messageText: report.message_text,
      moneyLost: Number(report.money_lost) === 1,
      amountLost: report.amount_lost,
      language: report.language,
      hasContact: report.contact_encrypted !== null,
      createdAt: report.created_at,
    })),
    links,
    evidence,
    decisions: decisions.map((decision) => ({ ...decision, id: Number(decision.id) })),
    scoreShares: readScoreShares(row.scoreFeatures),
  };
}

export type CaseView = Awaited<ReturnType<typeof getCaseView>>;

/**
 * Reads each feature's share of the score from the JSON that
 * `updateCaseScore` stores. Returns an empty list when there is none or it
 * cannot be parsed.
 */
export function readScoreShares(
  json: string | null,
): { feature: string; share: number; value: number | null }[] {
  if (json === null) {
    return [];
  }
  let contributions: unknown;
  try {
    contributions = (JSON.parse(json) as { contributions?: unknown }).contributions;
  } catch {
    return [];
  }
  if (!Array.isArray(contributions)) {
    return [];
  }
  return contributions
    .map((item: { feature?: unknown; share?: unknown; value?: unknown }) => ({
      feature: typeof item.feature === 'string' ? item.feature : '',
      share: Number(item.share ?? 0),
      value: typeof item.value === 'number' ? item.value : null,
    }))
    .filter((item) => item.feature !== '' && Number.isFinite(item.share))
    .sort((a, b) => b.share - a.share);
}

/** Assigns a case to a user, or unassigns it with null, and writes an audit entry. */
export async function assignCase(
  database: Database,
  caseId: number,
  assigneeId: number | null,
  actorId: number,
  now = new Date(),
): Promise<void> {
  const at = now.toISOString();
  await database.db.transaction().execute(async (trx) => {
    const row = await existingCase(trx, caseId);
    if (row.status === 'merged') {
      throw new VigilError(
        'CONFLICT',
        `case ${caseId} was merged into case ${row.mergedInto}`,
        'caseId',
      );
    }
    if (row.assigneeId === assigneeId) {
      return;
    }
    await updateCaseFields(trx, caseId, { assigneeId, updatedAt: at });
    await insertCaseEvent(trx, {
      caseId,
      at,
      actor: `user:${actorId}`,
      kind: 'assigned',
      detail: { assigneeId },
    });
    await appendAuditEntry(trx, database.dialect, {
      actor: `user:${actorId}`,
      action: 'case.assign',
      targetType: 'case',
      targetId: caseId,
      before: { assigneeId: row.assigneeId },
      after: { assigneeId },
      at,
    });
  });
}

/**
 * Merges cases into `intoId` by hand, with a recorded reason. Merged cases
 * keep their row, marked `merged`, so links to them still lead somewhere.
 */
export async function mergeCases(
  database: Database,
  input: { intoId: number; fromIds: readonly number[]; reason: string; actorId: number },
  now = new Date(),
): Promise<void> {
  const reason = requireReason(input.reason);
  const fromIds = [...new Set(input.fromIds)].filter((id) => id !== input.intoId);
  if (fromIds.length === 0) {
    throw new VigilError(
      'INVALID_INPUT',
      'caseIds: name at least one other case to merge',
      'caseIds',
    );
  }
  const at = now.toISOString();
  const actor = `user:${input.actorId}`;
  await database.db.transaction().execute(async (trx) => {
    const into = await existingCase(trx, input.intoId);
    if (into.status === 'merged') {
      throw new VigilError(
        'CONFLICT',
        `case ${into.id} was itself merged; merge into case ${into.mergedInto}`,
        'caseId',
      );
    }
    for (const fromId of fromIds) {
      const from = await existingCase(trx, fromId);
      if (from.status === 'merged') {
        throw new VigilError(
          'CONFLICT',
          `case ${fromId} was already merged into case ${from.mergedInto}`,
          'caseIds',
        );
      }
      await mergeCaseRows(trx, fromId, into.id, at);
      await insertCaseEvent(trx, {
        caseId: into.id,
        at,
        actor,
        kind: 'merged',
        detail: { from: fromId, reason },
      });
      await insertCaseEvent(trx, {
        caseId: fromId,
        at,
        actor,
        kind: 'merged_into',
        detail: { into: into.id, reason },
      });
      await appendAuditEntry(trx, database.dialect, {
        actor,
        action: 'case.merge',
        targetType: 'case',
        targetId: fromId,
        before: { status: from.status },
        after: { status: 'merged', mergedInto: into.id, reason },
        at,
      });
    }
  });
  await updateCaseScore(database, input.intoId);
}

/**
 * Moves indicators out of a case into a new one, with the reports that name
 * only those indicators, and records the reason. Returns the new case's id.
 */
export async function splitCase(
  database: Database,
  input: { caseId: number; indicatorIds: readonly number[]; reason: string; actorId: number },
  now = new Date(),
): Promise<number> {
  const reason = requireReason(input.reason);
  const moving = new Set(input.indicatorIds);
  const at = now.toISOString();
  const actor = `user:${input.actorId}`;
  const newId = await database.db.transaction().execute(async (trx) => {
    const from = await existingCase(trx, input.caseId);

    if (from.status === 'merged') {
      throw new VigilError(
        'CONFLICT',
        `case ${from.id} was merged into case ${from.mergedInto}`,
        'caseId',
      );
    }

    const members = new Set((await selectCaseIndicators(trx, from.id)).map((row) => row.id));
    const unknown = [...moving].filter((id) => !members.has(id));
    if (moving.size === 0 || unknown.length > 0) {
      throw new VigilError(
        'INVALID_INPUT',
        unknown.length > 0
          ? `indicatorIds: ${unknown.join(', ')} are not in case ${from.id}`
          : 'indicatorIds: choose the indicators to move to a new case',
        'indicatorIds',
      );
    }
    if (moving.size === members.size) {
      throw new VigilError(
        'INVALID_INPUT',
        'indicatorIds: leave at least one indicator in the case',
        'indicatorIds',
      );
    }

    // A report moves only when every indicator it names moves with it.
    const reports = await selectCaseReports(trx, from.id);
    const links = await selectReportIndicatorLinks(
      trx,
      reports.map((report) => report.id),
    );
    const reportsMoving = reports
      .filter((report) => {
        const named = links.filter((link) => link.reportId === report.id);
        return named.length > 0 && named.every((link) => moving.has(link.indicatorId));
      })
      .map((report) => report.id);

    const created = await insertCase(trx, {
      title: `${from.title} (split)`,
      category: from.category,
      at,
    });
    await upsertCaseIndicators(trx, created, [...moving], at);
    await moveReports(trx, reportsMoving, created, at);

    const detail = {
      from: from.id,
      into: created,
      indicatorIds: [...moving],
      reportIds: reportsMoving,
      reason,
    };
    await insertCaseEvent(trx, { caseId: from.id, at, actor, kind: 'split', detail });
    await insertCaseEvent(trx, { caseId: created, at, actor, kind: 'created', detail });
    await appendAuditEntry(trx, database.dialect, {
      actor,
      action: 'case.split',
      targetType: 'case',
      targetId: from.id,
      after: detail,
      at,
    });
    return created;
  });
  await updateCaseScore(database, input.caseId);
  await updateCaseScore(database, newId);
  return newId;
}

/**
 * Decrypts a report's contact details for a supervisor and writes an audit
 * entry with the reason first, so no view goes unrecorded. Throws NOT_FOUND
 * when the report has no contact details.
 */
export async function viewReportContact(
  database: Database,
  config: Config,
  input: { reportId: number; staff: StaffMember; reason: string },
  now = new Date(),
): Promise<string> {
  if (input.staff.role !== 'supervisor') {
    throw new VigilError('FORBIDDEN', 'only a supervisor may see reporter contact details', 'role');
  }
  const reason = requireReason(input.reason);
  const report = await database.db
    .selectFrom('reports')
    .select(['id', 'contact_encrypted'])
    .where('id', '=', input.reportId)
    .executeTakeFirst();
  if (report === undefined || report.contact_encrypted === null) {
    throw new VigilError(
      'NOT_FOUND',
      `report ${input.reportId} has no contact details`,
      'reportId',
    );
  }
  const contact = decryptContact(report.contact_encrypted, loadSecretKey(config));
  await database.db.transaction().execute(async (trx) => {
    await appendAuditEntry(trx, database.dialect, {
      actor: `user:${input.staff.id}`,
      action: 'report.view_contact',
      targetType: 'report',
      targetId: input.reportId,
      after: { reason },
      at: now.toISOString(),
    });
  });
  return contact;
}

/**
 * Reads an evidence image of a report or an appeal for the console: a PNG,
 * JPEG or WebP file inside the evidence folder, NOT_FOUND for anything else.
 */
export async function readEvidenceImage(
  database: Database,
  config: Pick<Config, 'dataDir'>,
  evidenceId: number,
): Promise<{ bytes: Buffer; mediaType: string }> {
  const row = await database.db
    .selectFrom('evidence')
    .select(['storage_key', 'media_type', 'owner_type'])
    .where('id', '=', evidenceId)
    .executeTakeFirst();
  if (row === undefined) {
    throw new VigilError('NOT_FOUND', `evidence ${evidenceId} does not exist`, 'evidenceId');
  }
  const folder = path.resolve(evidenceFolder(config));
  const file = path.resolve(folder, row.storage_key);
  if (
    !file.startsWith(`${folder}${path.sep}`) ||
    !/^image\/(png|jpeg|webp)$/.test(row.media_type)
  ) {
    throw new VigilError('NOT_FOUND', `evidence ${evidenceId} cannot be shown`, 'evidenceId');
  }
  try {
    return { bytes: await readFile(file), mediaType: row.media_type };
  } catch {
    throw new VigilError(
      'NOT_FOUND',
      `the file of evidence ${evidenceId} is missing`,
      'evidenceId',
    );
  }
}

/** Loads one report with what it named and its evidence, for the report page. */
export async function getReportView(database: Database, reportId: number) {
  const report = await database.db
    .selectFrom('reports')
    .selectAll()
    .where('id', '=', reportId)
    .executeTakeFirst();
  if (report === undefined) {
    throw new VigilError('NOT_FOUND', `report ${reportId} does not exist`, 'reportId');
  }
  const id = Number(report.id);
  return {
    report: {
      id,
      receipt: report.receipt,
      status: report.status,
      category: report.category,
      channel: report.channel,
      seenAt: report.seen_at,
      description: report.description,
      messageText: report.message_text,
      moneyLost: Number(report.money_lost) === 1,
      amountLost: report.amount_lost,
      language: report.language,
      hasContact: report.contact_encrypted !== null,
      createdAt: report.created_at,
    },
    caseId: report.case_id === null ? null : Number(report.case_id),
    entered: (await selectReportIndicatorLinks(database.db, [id])).map((link) => link.entered),
    evidence: await selectEvidenceOfReports(database.db, [id]),
  };
}
