import type { Config } from '../config.ts';
import { VigilError } from '../errors.ts';
import { isPopularDomain } from '../store/allowlist.repository.ts';
import { insertCaseEvent, selectCase, selectCaseIndicators } from '../store/case.repository.ts';
import type { Database } from '../store/database.ts';
import type { StaffMember } from './auth.service.ts';
import { approveDecision, recordDecision, refuseDecision } from './decision.service.ts';
import { notifyWorkers } from './job-queue.service.ts';
import type { LookupService } from './lookup.service.ts';

export interface CaseDecisionInput {
  readonly caseId: number;
  readonly staff: StaffMember;
  readonly verdict: string;
  readonly action: string;
  readonly category: string;
  readonly legalBasis: string;
  readonly reasons: string;
  readonly tlp: string;
  readonly expiresAt: string | null;
  /** The case's indicators the action applies to. */
  readonly indicatorIds: readonly number[];
}

export interface CaseDecisionResult {
  readonly decisionId: number;
  readonly status: 'pending_approval' | 'effective' | 'refused';
  /** Rules that require a supervisor's approval, empty when the decision took effect at once. */
  readonly approvalReasons: string[];
}

interface RuleIndicator {
  readonly id: number;
  readonly kind: string;
  readonly value: string;
  readonly registrableDomain: string | null;
}

/** True when `domain` is `suffix` or below it, by whole labels. */
function isUnderSuffix(domain: string, suffix: string): boolean {
  const normalised = suffix.replace(/^\./, '').toLowerCase();
  return domain === normalised || domain.endsWith(`.${normalised}`);
}

/** Formats a number of URLs for a reason a person reads: "no URL", "only one URL", "3 URLs". */
export function countUrls(count: number): string {
  if (count === 0) {
    return 'no URL';
  }
  return count === 1 ? 'only one URL' : `${count} URLs`;
}

/**
 * Lists the reasons, in plain words, why listing `targets` needs a second
 * person. The rules catch a registrable domain under a protected suffix, one
 * on the popular-domain list, and a whole registrable domain when the case's
 * reports name at most one URL on it.
 */
export async function findHighImpactReasons(
  database: Database,
  settings: { readonly protectedSuffixes: readonly string[] },
  targets: readonly RuleIndicator[],
  caseIndicators: readonly RuleIndicator[],
  reportedIds: ReadonlySet<number>,
): Promise<string[]> {
  const reasons: string[] = [];
  const domains = new Set(targets.flatMap((target) => target.registrableDomain ?? []));
  for (const domain of [...domains].sort()) {
    const suffix = settings.protectedSuffixes.find((item) => isUnderSuffix(domain, item));
    if (suffix !== undefined) {
      reasons.push(`${domain} is under a protected suffix ${suffix.replace(/^\./, '')}`);
    }
    if (await isPopularDomain(database, domain)) {
      reasons.push(`${domain} is on the popular-domain list`);
    }
  }
  for (const target of targets) {
    if (target.kind !== 'domain' || target.value !== target.registrableDomain) {
      continue;
    }
    const reportedUrls = caseIndicators.filter(
      (indicator) =>
        indicator.kind === 'url' &&
        indicator.registrableDomain === target.value &&
        reportedIds.has(indicator.id),
    );
    if (reportedUrls.length <= 1) {
      reasons.push(
        `${target.value} is a whole domain whose reports name ${countUrls(reportedUrls.length)} on it`,
      );
    }
  }
  return reasons;
}

async function reportedIndicatorIds(database: Database, caseId: number): Promise<Set<number>> {
  const rows = await database.db
    .selectFrom('report_indicators')
    .innerJoin('reports', 'reports.id', 'report_indicators.report_id')
    .select('report_indicators.indicator_id')
    .where('reports.case_id', '=', caseId)
    .execute();
  return new Set(rows.map((row) => Number(row.indicator_id)));
}

/**
 * Records a person's decision on a case through `recordDecision`. A listing
 * that a high-impact rule catches waits for a supervisor. Anything else takes
 * effect at once, and the lookup follows it before this returns.
 */
export async function decideCase(
  database: Database,
  config: Pick<Config, 'legalBases' | 'console'>,
  lookup: LookupService,
  input: CaseDecisionInput,
): Promise<CaseDecisionResult> {
  const found = await selectCase(database.db, input.caseId);
  if (found === undefined) {
    throw new VigilError('NOT_FOUND', `case ${input.caseId} does not exist`, 'caseId');
  }

  if (found.status === 'merged') {
    throw new VigilError(
      'CONFLICT',
      `case ${input.caseId} was merged into case ${found.mergedInto}; decide that case`,
      'caseId',
    );
  }

  const members = await selectCaseIndicators(database.db, input.caseId);
  const byId = new Map(members.map((member) => [member.id, member]));
  const outside = input.indicatorIds.filter((id) => !byId.has(id));
  if (outside.length > 0) {
    throw new VigilError(
      'INVALID_INPUT',
      `indicatorIds: ${outside.join(', ')} are not in case ${input.caseId}`,
      'indicatorIds',
    );
  }

  const targets = input.indicatorIds.map((id) => byId.get(id)!);
  const lists = ['listed', 'changed', 'warning_label'].includes(input.action);
  const approvalReasons = lists
    ? await findHighImpactReasons(
        database,
        config.console,
        targets,
        members,
        await reportedIndicatorIds(database, input.caseId),
      )
    : [];

  // The case event commits with the decision, so no decision lacks its event.
  const recorded = await database.db.transaction().execute(async (trx) => {
    const decision = await recordDecision(
      database,
      {
        caseId: input.caseId,
        verdict: input.verdict,
        action: input.action,
        category: input.category,
        legalBasis: input.legalBasis,
        reasons: input.reasons,
        tlp: input.tlp,
        expiresAt: input.expiresAt,
        indicatorIds: input.indicatorIds,
        decidedBy: input.staff.id,
        automated: false,
        needsApproval: approvalReasons.length > 0,
      },
      { legalBases: config.legalBases, transaction: trx },
    );
    await insertCaseEvent(trx, {
      caseId: input.caseId,
      at: new Date().toISOString(),
      actor: `user:${input.staff.id}`,
      kind: decision.status === 'effective' ? 'decided' : 'decision_pending',
      detail: {
        decisionId: decision.id,
        verdict: input.verdict,
        action: input.action,
        approvalReasons,
      },
    });
    return decision;
  });
  await notifyWorkers(database).catch(() => {});

  if (recorded.status === 'effective') {
    await lookup.followChanges();
  }
  return { decisionId: recorded.id, status: recorded.status, approvalReasons };
}

/** Approves or rejects a held decision as a supervisor or admin, then lets the lookup follow. */
export async function answerApproval(
  database: Database,
  lookup: LookupService,
  input: {
    readonly decisionId: number;
    readonly staff: StaffMember;
    readonly approve: boolean;
    readonly reason: string;
  },
): Promise<void> {
  if (input.staff.role !== 'supervisor' && input.staff.role !== 'admin') {
    throw new VigilError(
      'FORBIDDEN',
      'only a supervisor or admin may approve or reject decisions; ask one to review it',
      'role',
    );
  }
  if (input.approve) {
    await approveDecision(database, input.decisionId, input.staff.id, input.reason);
  } else {
    await refuseDecision(database, input.decisionId, input.staff.id, input.reason);
  }
  const decision = await database.db
    .selectFrom('decisions')
    .select('case_id')
    .where('id', '=', input.decisionId)
    .executeTakeFirst();
  if (decision?.case_id !== null && decision?.case_id !== undefined) {
    await insertCaseEvent(database.db, {
      caseId: Number(decision.case_id),
      at: new Date().toISOString(),
      actor: `user:${input.staff.id}`,
      kind: input.approve ? 'decision_approved' : 'decision_refused',
      detail: { decisionId: input.decisionId, reason: input.reason.trim() },
    });
  }
  await lookup.followChanges();
}

/** Returns the rules that held a decision for approval, from its case's `decision_pending` event. */
async function heldReasons(
  database: Database,
  caseId: number,
  decisionId: number,
): Promise<string[]> {
  const events = await database.db
    .selectFrom('case_events')
    .select('detail')
    .where('case_id', '=', caseId)
    .where('kind', '=', 'decision_pending')
    .execute();
  for (const event of events) {
    const detail = JSON.parse(event.detail ?? 'null') as {
      decisionId?: unknown;
      approvalReasons?: unknown;
    } | null;
    if (detail?.decisionId === decisionId && Array.isArray(detail.approvalReasons)) {
      return detail.approvalReasons.filter(
        (reason): reason is string => typeof reason === 'string',
      );
    }
  }
  return [];
}

/** Lists the decisions waiting for a second person, oldest first, with their case and the rules that held them. */
export async function listPendingApprovals(database: Database) {
  const rows = await database.db
    .selectFrom('decisions')
    .leftJoin('cases', 'cases.id', 'decisions.case_id')
    .leftJoin('users', 'users.id', 'decisions.decided_by')
    .select([
      'decisions.id',
      'decisions.case_id',
      'decisions.verdict',
      'decisions.action',
      'decisions.category',
      'decisions.legal_basis',
      'decisions.reasons',
      'decisions.tlp',
      'decisions.expires_at',
      'decisions.decided_by',
      'decisions.created_at',
      'cases.title as case_title',
      'users.email as decided_by_email',
    ])
    .where('decisions.status', '=', 'pending_approval')
    .orderBy('decisions.created_at')
    .orderBy('decisions.id')
    .limit(200)
    .execute();
  return Promise.all(
    rows.map(async (row) => ({
      ...row,
      id: Number(row.id),
      caseId: row.case_id === null ? null : Number(row.case_id),
      decidedBy: row.decided_by === null ? null : Number(row.decided_by),
      approvalReasons:
        row.case_id === null
          ? []
          : await heldReasons(database, Number(row.case_id), Number(row.id)),
      indicators: await database.db
        .selectFrom('decision_indicators')
        .innerJoin('indicators', 'indicators.id', 'decision_indicators.indicator_id')
        .select(['indicators.kind', 'indicators.value'])
        .where('decision_indicators.decision_id', '=', Number(row.id))
        .execute(),
    })),
  );
}
