import type { Kysely } from 'kysely';

import {
  type DecisionDraft,
  type DecisionStatus,
  type ValidDecision,
  validateDecision,
} from '../domain/decisions/decision.ts';
import { VigilError } from '../errors.ts';
import { appendAuditEntry } from '../store/audit.repository.ts';
import type { Database } from '../store/database.ts';
import type { Schema } from '../store/schema.ts';
import { enqueue, notifyWorkers } from './job-queue.service.ts';
import { JOB_NAMES } from '../jobs/job-names.ts';

/** The job that a decision enqueues when it takes effect, for notices and exports. */
export const DECISION_EFFECTIVE_JOB = JOB_NAMES.decisionEffective;

export interface RecordDecisionInput extends DecisionDraft {
  readonly caseId?: number | null;
  /** The indicators the action applies to. Empty for a verdict alone. */
  readonly indicatorIds: readonly number[];
  /** The user who decided, or null for an automated decision. */
  readonly decidedBy: number | null;
  readonly automated: boolean;
  /** The decision this one replaces, as when an appeal is decided. */
  readonly supersedes?: number | null;
  /** Hold the decision until a second person approves it. */
  readonly needsApproval?: boolean;
}

export interface DecisionSettings {
  /** The legal bases the operator allows, from configuration. */
  readonly legalBases: readonly string[];
  readonly now?: Date;
  /**
   * A transaction of the caller's to record the decision in, so that it
   * commits together with the caller's own change. The caller then wakes the
   * workers after its commit, with `notifyWorkers`.
   */
  readonly transaction?: Kysely<Schema>;
}

export interface RecordedDecision {
  readonly id: number;
  readonly status: DecisionStatus;
}

/**
 * Validates and stores a decision in one transaction. Unless it needs
 * approval, it takes effect in the same transaction: listings change, the
 * case and its reports take the verdict, an audit entry is written and a
 * `decision.effective` job is queued. Throws INVALID_INPUT naming the first
 * field at fault, and writes nothing then.
 */
export async function recordDecision(
  database: Database,
  input: RecordDecisionInput,
  settings: DecisionSettings,
): Promise<RecordedDecision> {
  const now = settings.now ?? new Date();
  const valid = validateDecision(input, settings.legalBases, now);
  if (Array.isArray(valid)) {
    const first = valid[0]!;
    throw new VigilError(
      'INVALID_INPUT',
      valid.map((problem) => problem.message).join('; '),
      first.field,
    );
  }
  if (!input.automated && input.decidedBy === null) {
    throw new VigilError(
      'INVALID_INPUT',
      'a decision by a person must name who decided',
      'decidedBy',
    );
  }
  const at = now.toISOString();
  const status: DecisionStatus = input.needsApproval ? 'pending_approval' : 'effective';
  const write = async (trx: Kysely<Schema>): Promise<number> => {
    const row = await trx
      .insertInto('decisions')
      .values({
        case_id: input.caseId ?? null,
        verdict: valid.verdict,
        action: valid.action,
        status,
        category: valid.category,
        legal_basis: valid.legalBasis,
        reasons: valid.reasons,
        tlp: valid.tlp,
        expires_at: valid.expiresAt,
        automated: input.automated ? 1 : 0,
        decided_by: input.decidedBy,
        approved_by: null,
        approval_reason: null,
        supersedes: input.supersedes ?? null,
        created_at: at,
        effective_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const decisionId = Number(row.id);
    const indicatorIds = [...new Set(input.indicatorIds)];
    if (indicatorIds.length > 0) {
      await trx
        .insertInto('decision_indicators')
        .values(
          indicatorIds.map((indicatorId) => ({
            decision_id: decisionId,
            indicator_id: indicatorId,
          })),
        )
        .execute();
    }
    await appendAuditEntry(trx, database.dialect, {
      actor: actorOf(input),
      action: status === 'effective' ? 'decision.record' : 'decision.request_approval',
      targetType: 'decision',
      targetId: decisionId,
      after: { ...valid, caseId: input.caseId ?? null, indicatorIds, status },
      at,
    });
    if (status === 'effective') {
      await takeEffect(trx, decisionId, valid, input.caseId ?? null, indicatorIds, at);
    }
    return decisionId;
  };
  if (settings.transaction !== undefined) {
    return { id: await write(settings.transaction), status };
  }
  const id = await database.db.transaction().execute(write);
  if (status === 'effective') {
    await notifyWorkers(database).catch(() => {});
  }
  return { id, status };
}

/**
 * Approves a decision held for a second person, who must not be the one who
 * made it, and lets it take effect. Throws NOT_FOUND or CONFLICT otherwise.
 */
export async function approveDecision(
  database: Database,
  decisionId: number,
  approverId: number,
  reason: string,
  now = new Date(),
): Promise<void> {
  const at = now.toISOString();
  await database.db.transaction().execute(async (trx) => {
    const decision = await pendingDecision(trx, decisionId);
    if (decision.decided_by === approverId) {
      throw new VigilError(
        'CONFLICT',
        `decision ${decisionId} needs a second person: the one who made it cannot approve it`,
        'approverId',
      );
    }
    await trx
      .updateTable('decisions')
      .set({ status: 'effective', approved_by: approverId, approval_reason: reason.trim() || null })
      .where('id', '=', decisionId)
      .execute();
    const indicatorIds = await decisionIndicatorIds(trx, decisionId);
    await appendAuditEntry(trx, database.dialect, {
      actor: `user:${approverId}`,
      action: 'decision.approve',
      targetType: 'decision',
      targetId: decisionId,
      before: { status: 'pending_approval' },
      after: { status: 'effective', reason: reason.trim() },
      at,
    });
    const valid: ValidDecision = {
      verdict: decision.verdict as ValidDecision['verdict'],
      action: decision.action as ValidDecision['action'],
      category: decision.category,
      legalBasis: decision.legal_basis,
      reasons: decision.reasons,
      tlp: decision.tlp as ValidDecision['tlp'],
      expiresAt: decision.expires_at,
    };
    await takeEffect(trx, decisionId, valid, decision.case_id, indicatorIds, at);
  });
  await notifyWorkers(database).catch(() => {});
}

/** Refuses a decision held for approval, so it never takes effect. */
export async function refuseDecision(
  database: Database,
  decisionId: number,
  approverId: number,
  reason: string,
  now = new Date(),
): Promise<void> {
  if (reason.trim() === '') {
    throw new VigilError(
      'INVALID_INPUT',
      `the reason is missing: say why decision ${decisionId} is refused`,
      'reason',
    );
  }
  await database.db.transaction().execute(async (trx) => {
    await pendingDecision(trx, decisionId);
    await trx
      .updateTable('decisions')
      .set({ status: 'refused', approved_by: approverId, approval_reason: reason.trim() })
      .where('id', '=', decisionId)
      .execute();
    await appendAuditEntry(trx, database.dialect, {
      actor: `user:${approverId}`,
      action: 'decision.refuse',
      targetType: 'decision',
      targetId: decisionId,
      before: { status: 'pending_approval' },
      after: { status: 'refused', reason: reason.trim() },
      at: now.toISOString(),
    });
  });
}

async function pendingDecision(trx: Kysely<Schema>, decisionId: number) {
  const decision = await trx
    .selectFrom('decisions')
    .selectAll()
    .where('id', '=', decisionId)
    .executeTakeFirst();
  if (decision === undefined) {
    throw new VigilError('NOT_FOUND', `decision ${decisionId} does not exist`, 'decisionId');
  }
  if (decision.status !== 'pending_approval') {
    throw new VigilError(
      'CONFLICT',
      `decision ${decisionId} is ${decision.status}, not waiting for approval`,
      'decisionId',
    );
  }
  return decision;
}

async function decisionIndicatorIds(trx: Kysely<Schema>, decisionId: number): Promise<number[]> {
  const rows = await trx
    .selectFrom('decision_indicators')
    .select('indicator_id')
    .where('decision_id', '=', decisionId)
    .execute();
  return rows.map((row) => Number(row.indicator_id));
}

const CASE_STATUS_BY_VERDICT = {
  confirmed: 'confirmed',
  rejected: 'rejected',
  needs_info: 'needs_info',
} as const;

async function takeEffect(
  trx: Kysely<Schema>,
  decisionId: number,
  decision: ValidDecision,
  caseId: number | null,
  indicatorIds: readonly number[],
  at: string,
): Promise<void> {
  await trx
    .updateTable('decisions')
    .set({ effective_at: at })
    .where('id', '=', decisionId)
    .execute();
  if (indicatorIds.length > 0) {
    if (decision.action === 'delisted') {
      await trx
        .updateTable('listings')
        .set({ status: 'delisted', delisted_at: at, updated_at: at, decision_id: decisionId })
        .where('indicator_id', 'in', indicatorIds)
        .where('status', '<>', 'delisted')
        .execute();
    } else if (decision.action !== 'none') {
      const fields = {
        category: decision.category,
        status: 'active',
        decided_by: 'person',
        origin: `decision:${decisionId}`,
        legal_basis: decision.legalBasis,
        reasons: decision.reasons,
        tlp: decision.tlp,
        expires_at: decision.expiresAt ?? at,
        updated_at: at,
        delisted_at: null,
        decision_id: decisionId,
      };
      await trx
        .insertInto('listings')
        .values(
          indicatorIds.map((indicatorId) => ({
            indicator_id: indicatorId,
            listed_at: at,
            ...fields,
          })),
        )
        .onConflict((conflict) => conflict.column('indicator_id').doUpdateSet(fields))
        .execute();
    }
  }
  if (caseId !== null) {
    const status = CASE_STATUS_BY_VERDICT[decision.verdict];
    await trx
      .updateTable('cases')
      .set({ status, updated_at: at })
      .where('id', '=', caseId)
      .execute();
    const reports = await trx
      .updateTable('reports')
      .set({ status, updated_at: at })
      .where('case_id', '=', caseId)
      .returning('id')
      .execute();
    if (reports.length > 0) {
      await trx
        .insertInto('report_events')
        .values(
          reports.map((report) => ({
            report_id: Number(report.id),
            status,
            public_note: null,
            created_at: at,
          })),
        )
        .execute();
    }
  }
  await enqueue(trx, { name: DECISION_EFFECTIVE_JOB, payload: { decisionId } });
}

function actorOf(input: RecordDecisionInput): string {
  return input.decidedBy === null ? 'system' : `user:${input.decidedBy}`;
}
