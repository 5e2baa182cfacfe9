import { randomUUID } from 'node:crypto';

import type { SharingConfig } from '../config.ts';
import {
  isOrganisationKind,
  type NoticeAction,
  noticeAction,
} from '../domain/notices/notice-action.ts';
import { buildNoticeDocument, type NoticeDocument } from '../domain/notices/notice-document.ts';
import { type RoutingFacts, type RoutingRule, routeIndicator } from '../domain/notices/routing.ts';
import { VigilError } from '../errors.ts';
import { appendAuditEntry } from '../store/audit.repository.ts';
import type { Database } from '../store/database.ts';
import { selectRoutingFacts } from '../store/enrichment.repository.ts';
import {
  type DecisionForNotice,
  insertNotice,
  insertNoticeDelivery,
  markNoticeReminded,
  type NoticeIndicatorRow,
  type NoticeRow,
  selectDecisionForNotice,
  selectDecisionIndicators,
  selectNotice,
  selectNoticeIndicators,
  selectNotices,
  selectNoticesOfDecision,
  selectOverdueNotices,
  UNANSWERED_STATUSES,
  updateNoticeStatus,
} from '../store/notice.repository.ts';
import {
  type OrganisationRow,
  selectActiveRoutingRules,
  selectOrganisation,
  selectOrganisationsByIds,
} from '../store/organisation.repository.ts';
import type { Schema } from '../store/schema.ts';
import type { Kysely } from 'kysely';
import { enqueue, notifyWorkers } from './job-queue.service.ts';

/** Job names for notices, handled in `jobs/sharing.jobs.ts`. */
export const NOTICE_JOBS = {
  /** `{ deliveryId: number }`: send one notice or reminder over one channel. */
  deliver: 'sharing.notice.deliver',
  /** `{ noticeId: number }`: at the deadline, remind once if the notice is unanswered. */
  checkOverdue: 'sharing.notice.check_overdue',
} as const;

export const NOTICE_STATUSES = [
  'queued',
  'sent',
  'acknowledged',
  'actioned',
  'declined',
  'failed',
] as const;
export type NoticeStatus = (typeof NOTICE_STATUSES)[number];

/** The responses an organisation can give to a notice. */
export const NOTICE_RESPONSES = ['acknowledged', 'actioned', 'declined'] as const;
export type NoticeResponse = (typeof NOTICE_RESPONSES)[number];

const MAX_NOTE_LENGTH = 2000;
/** C0 controls except tab and line breaks, and DEL. PostgreSQL text cannot store NUL at all. */
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export interface NoticeSettings {
  readonly sharing: SharingConfig;
  /**
   * Looks up the registrar and hosting facts of an indicator. Defaults to the
   * facts enrichment stored (`selectRoutingFacts`), so `registrar` and
   * `network` rules match once the indicator's DNS and RDAP steps ran.
   */
  readonly facts?: (indicator: NoticeIndicatorRow) => Promise<RoutingFacts>;
  readonly now?: Date;
}

/** A notice as services return it. */
export interface NoticeView {
  readonly id: number;
  readonly uuid: string;
  readonly decisionId: number;
  readonly organisationId: number;
  readonly status: NoticeStatus;
  readonly actionRequested: string;
  readonly tlp: string;
  readonly dueAt: string;
  readonly sentAt: string | null;
  readonly acknowledgedAt: string | null;
  readonly actionedAt: string | null;
  readonly declinedAt: string | null;
  readonly responseNote: string | null;
  readonly remindedAt: string | null;
  readonly followUpOf: number | null;
  readonly createdAt: string;
  /** True when the notice has no response and is past its deadline. */
  readonly overdue: boolean;
}

/**
 * Creates the notices of an effective decision, one per organisation that
 * routing picks for its indicators, and queues their deliveries and deadline
 * checks in the same transaction. When the decision supersedes an earlier one,
 * every organisation that had a notice about the earlier decision gets a
 * follow-up. Running it again for the same decision adds nothing, so the job
 * may retry. Returns the ids of the notices it created.
 */
export async function createNoticesForDecision(
  database: Database,
  decisionId: number,
  settings: NoticeSettings,
): Promise<number[]> {
  const now = settings.now ?? new Date();
  const decision = await selectDecisionForNotice(database.db, decisionId);
  if (decision === undefined) {
    throw new VigilError('NOT_FOUND', `decision ${decisionId} does not exist`, 'decisionId');
  }
  if (decision.status !== 'effective') {
    return [];
  }
  const plan = await planNotices(database, decision, settings);
  const organisations = await selectOrganisationsByIds(database.db, [...plan.keys()]);
  const at = now.toISOString();
  const dueAt = new Date(now.getTime() + settings.sharing.noticeDeadlineHours * 3_600_000);

  const created = await database.db.transaction().execute(async (trx) => {
    const existing = new Set(
      (await selectNoticesOfDecision(trx, decisionId)).map((n) => n.organisation_id),
    );
    const ids: number[] = [];
    for (const organisation of organisations) {
      const entry = plan.get(organisation.id)!;
      const action = requestedAction(decision, organisation, entry.followUpOf);
      if (
        organisation.disabled_at !== null ||
        existing.has(organisation.id) ||
        action === undefined
      ) {
        continue;
      }
      const id = await insertNotice(
        trx,
        {
          uuid: randomUUID(),
          decision_id: decisionId,
          organisation_id: organisation.id,
          status: 'queued',
          action_requested: action,
          tlp: decision.tlp,
          due_at: dueAt.toISOString(),
          sent_at: null,
          acknowledged_at: null,
          actioned_at: null,
          declined_at: null,
          response_note: null,
          reminded_at: null,
          follow_up_of: entry.followUpOf,
          created_at: at,
          updated_at: at,
        },
        [...entry.indicatorIds],
      );
      await queueDeliveries(trx, id, organisation, 'notice', settings.sharing, at);
      await enqueue(trx, {
        name: NOTICE_JOBS.checkOverdue,
        payload: { noticeId: id },
        runAt: dueAt,
      });
      await appendAuditEntry(trx, database.dialect, {
        actor: 'job:decision.effective',
        action: 'notice.create',
        targetType: 'notice',
        targetId: id,
        after: {
          decisionId,
          organisationId: organisation.id,
          actionRequested: action,
          indicatorIds: [...entry.indicatorIds],
          followUpOf: entry.followUpOf,
          dueAt: dueAt.toISOString(),
        },
        at,
      });
      ids.push(id);
    }
    return ids;
  });
  if (created.length > 0) {
    await notifyWorkers(database).catch(() => undefined);
  }
  return created;
}

interface PlannedNotice {
  readonly indicatorIds: Set<number>;
  followUpOf: number | null;
}

async function planNotices(
  database: Database,
  decision: DecisionForNotice,
  settings: NoticeSettings,
): Promise<Map<number, PlannedNotice>> {
  const indicators = await selectDecisionIndicators(database.db, decision.id);
  const rules: RoutingRule[] = (await selectActiveRoutingRules(database.db)).map((rule) => ({
    organisationId: rule.organisationId,
    keyType: rule.keyType as RoutingRule['keyType'],
    keyValue: rule.keyValue,
  }));
  const plan = new Map<number, PlannedNotice>();
  const entryOf = (organisationId: number) => {
    let entry = plan.get(organisationId);
    if (entry === undefined) {
      entry = { indicatorIds: new Set(), followUpOf: null };
      plan.set(organisationId, entry);
    }
    return entry;
  };
  for (const indicator of indicators) {
    const facts = settings.facts
      ? await settings.facts(indicator)
      : await selectRoutingFacts(database.db, indicator);
    for (const organisationId of routeIndicator(indicator, rules, facts)) {
      entryOf(organisationId).indicatorIds.add(indicator.id);
    }
  }
  if (decision.supersedes !== null) {
    const decisionIndicatorIds = new Set(indicators.map((indicator) => indicator.id));
    for (const earlier of await selectNoticesOfDecision(database.db, decision.supersedes)) {
      const entry = entryOf(earlier.organisation_id);
      entry.followUpOf = earlier.id;
      const named = await selectNoticeIndicators(database.db, earlier.id);
      const shared = named.filter((indicator) => decisionIndicatorIds.has(indicator.id));
      for (const indicator of shared.length > 0 ? shared : named) {
        entry.indicatorIds.add(indicator.id);
      }
    }
  }
  return plan;
}

function requestedAction(
  decision: DecisionForNotice,
  organisation: OrganisationRow,
  followUpOf: number | null,
): NoticeAction | undefined {
  if (!isOrganisationKind(organisation.kind)) {
    return undefined;
  }
  const action = noticeAction(decision.action, organisation.kind);
  return action ?? (followUpOf === null ? undefined : 'inform');
}

async function queueDeliveries(
  trx: Kysely<Schema>,
  noticeId: number,
  organisation: OrganisationRow,
  purpose: 'notice' | 'reminder',
  sharing: SharingConfig,
  at: string,
): Promise<void> {
  const channels = [
    ...(organisation.webhook_url !== null ? ['webhook'] : []),
    ...(organisation.contact_email !== null ? ['email'] : []),
  ];
  for (const channel of channels) {
    const deliveryId = await insertNoticeDelivery(trx, {
      noticeId,
      channel,
      purpose,
      createdAt: at,
    });
    await enqueue(trx, {
      name: NOTICE_JOBS.deliver,
      payload: { deliveryId },
      maxAttempts: sharing.deliveryAttempts,
    });
  }
}

/**
 * Builds the document a notice is delivered as. `reminder` marks the one
 * reminder of an overdue notice.
 */
export async function getNoticeDocument(
  database: Database,
  notice: NoticeRow,
  sharing: SharingConfig,
  reminder = false,
): Promise<NoticeDocument> {
  const [decision, organisation, indicators] = await Promise.all([
    selectDecisionForNotice(database.db, notice.decision_id),
    selectOrganisation(database.db, notice.organisation_id),
    selectNoticeIndicators(database.db, notice.id),
  ]);
  if (decision === undefined || organisation === undefined) {
    throw new VigilError(
      'NOT_FOUND',
      `notice ${notice.id} lost its decision or organisation`,
      'noticeId',
    );
  }
  const earlier =
    notice.follow_up_of === null ? undefined : await selectNotice(database.db, notice.follow_up_of);
  return buildNoticeDocument({
    notice: {
      id: notice.id,
      uuid: notice.uuid,
      actionRequested: notice.action_requested as NoticeAction,
      tlp: notice.tlp,
      dueAt: notice.due_at,
      createdAt: notice.created_at,
      followUpOf: earlier?.uuid ?? null,
    },
    organisation: {
      name: organisation.name,
      kind: isOrganisationKind(organisation.kind) ? organisation.kind : 'partner',
      language: organisation.language === 'en' ? 'en' : 'vi',
    },
    decision: {
      id: decision.id,
      verdict: decision.verdict,
      action: decision.action,
      category: decision.category,
      legalBasis: decision.legalBasis,
      reasons: decision.reasons,
      tlp: decision.tlp,
      effectiveAt: decision.effectiveAt ?? notice.created_at,
      expiresAt: decision.expiresAt,
      automated: decision.automated,
    },
    indicators: indicators.map((indicator) => ({ kind: indicator.kind, value: indicator.value })),
    operator: {
      name: sharing.operatorName,
      email: sharing.operatorEmail,
      publicUrl: sharing.publicUrl,
    },
    reminder,
  });
}

/**
 * Returns one notice. With `organisationId`, a notice of another organisation
 * throws NOT_FOUND.
 */
export async function getNotice(
  database: Database,
  noticeId: number,
  organisationId?: number,
  now = new Date(),
): Promise<{ view: NoticeView; row: NoticeRow }> {
  const row = await selectNotice(database.db, noticeId);
  if (
    row === undefined ||
    (organisationId !== undefined && row.organisation_id !== organisationId)
  ) {
    throw new VigilError('NOT_FOUND', `notice ${noticeId} does not exist`, 'noticeId');
  }
  return { view: toView(row, now), row };
}

/** Lists notices newest first; `overdue` keeps only unanswered ones past their deadline. */
export async function listNotices(
  database: Database,
  filter: {
    organisationId?: number;
    status?: string;
    overdue?: boolean;
    beforeId?: number;
    limit?: number;
  },
  now = new Date(),
): Promise<NoticeView[]> {
  const { overdue, ...rest } = filter;
  const rows = await selectNotices(database.db, {
    ...rest,
    ...(overdue === true && { overdueAt: now.toISOString() }),
    limit: Math.min(filter.limit ?? 100, 500),
  });
  return rows.map((row) => toView(row, now));
}

/** Lists unanswered notices past their deadline, oldest deadline first. */
export async function listOverdueNotices(
  database: Database,
  now = new Date(),
): Promise<NoticeView[]> {
  const rows = await selectOverdueNotices(database.db, now.toISOString(), 1000);
  return rows.map((row) => toView(row, now));
}

/**
 * Records an organisation's response. `actioned` needs a note of what was done
 * and `declined` a reason. A response moves a notice forward only, so
 * acknowledged may become actioned or declined, and those are final. Throws
 * NOT_FOUND for another organisation's notice and CONFLICT when the notice's
 * status does not allow that response.
 */
export async function respondToNotice(
  database: Database,
  input: {
    readonly noticeId: number;
    /** Responding organisation, or undefined when staff record a response received another way. */
    readonly organisationId?: number;
    readonly response: string;
    readonly note?: string | null;
    readonly actor: string;
  },
  now = new Date(),
): Promise<NoticeView> {
  if (!(NOTICE_RESPONSES as readonly string[]).includes(input.response)) {
    throw new VigilError(
      'INVALID_INPUT',
      `status: "${input.response.slice(0, 30)}" is not one of ${NOTICE_RESPONSES.join(', ')}`,
      'status',
    );
  }
  const response = input.response as NoticeResponse;
  const note = (input.note ?? '').trim();
  if (note.length > MAX_NOTE_LENGTH) {
    throw new VigilError(
      'INVALID_INPUT',
      `note: at most ${MAX_NOTE_LENGTH} characters, got ${note.length}`,
      'note',
    );
  }
  if (CONTROL_CHARACTERS.test(note)) {
    throw new VigilError(
      'INVALID_INPUT',
      'note: remove control characters, because only line breaks and tabs are allowed',
      'note',
    );
  }
  if (note === '' && response !== 'acknowledged') {
    const what = response === 'actioned' ? 'what was done' : 'the reason for declining';
    throw new VigilError('INVALID_INPUT', `note: say ${what}`, 'note');
  }
  const at = now.toISOString();
  const from =
    response === 'acknowledged'
      ? [...UNANSWERED_STATUSES]
      : [...UNANSWERED_STATUSES, 'acknowledged'];
  const fields = {
    status: response,
    updated_at: at,
    ...(note !== '' && { response_note: note }),
    ...(response === 'acknowledged' && { acknowledged_at: at }),
    ...(response === 'actioned' && { actioned_at: at }),
    ...(response === 'declined' && { declined_at: at }),
  };
  await database.db.transaction().execute(async (trx) => {
    const notice = await selectNotice(trx, input.noticeId);
    if (
      notice === undefined ||
      (input.organisationId !== undefined && notice.organisation_id !== input.organisationId)
    ) {
      throw new VigilError('NOT_FOUND', `notice ${input.noticeId} does not exist`, 'noticeId');
    }
    if (!(await updateNoticeStatus(trx, notice.id, from, fields))) {
      throw new VigilError(
        'CONFLICT',
        `notice ${notice.id} is ${notice.status}, so it cannot become ${response}`,
        'status',
      );
    }
    await appendAuditEntry(trx, database.dialect, {
      actor: input.actor,
      action: 'notice.respond',
      targetType: 'notice',
      targetId: notice.id,
      before: { status: notice.status },
      after: { status: response, note: note === '' ? null : note },
      at,
    });
  });
  return (await getNotice(database, input.noticeId, undefined, now)).view;
}

/**
 * Sends the one reminder of an overdue notice over the channels it has.
 * Returns false, and changes nothing, for a notice that has a response, is not
 * yet due, or was already reminded.
 */
export async function remindNotice(
  database: Database,
  noticeId: number,
  settings: NoticeSettings,
): Promise<boolean> {
  const now = settings.now ?? new Date();
  const at = now.toISOString();
  const reminded = await database.db.transaction().execute(async (trx) => {
    const notice = await selectNotice(trx, noticeId);
    if (notice === undefined || Date.parse(notice.due_at) > now.getTime()) {
      return false;
    }
    if (!(await markNoticeReminded(trx, noticeId, at))) {
      return false;
    }
    const organisation = await selectOrganisation(trx, notice.organisation_id);
    if (organisation !== undefined) {
      await queueDeliveries(trx, noticeId, organisation, 'reminder', settings.sharing, at);
    }
    await appendAuditEntry(trx, database.dialect, {
      actor: 'system',
      action: 'notice.remind',
      targetType: 'notice',
      targetId: noticeId,
      after: { remindedAt: at, dueAt: notice.due_at },
      at,
    });
    return true;
  });
  if (reminded) {
    await notifyWorkers(database).catch(() => undefined);
  }
  return reminded;
}

/** Reminds every overdue notice that has not had its reminder. Returns how many were reminded. */
export async function remindOverdueNotices(
  database: Database,
  settings: NoticeSettings,
): Promise<number> {
  const now = settings.now ?? new Date();
  let count = 0;
  for (const notice of await selectOverdueNotices(database.db, now.toISOString(), 1000)) {
    if (notice.reminded_at === null && (await remindNotice(database, notice.id, settings))) {
      count++;
    }
  }
  return count;
}

function toView(row: NoticeRow, now: Date): NoticeView {
  const unanswered = (UNANSWERED_STATUSES as readonly string[]).includes(row.status);
  return {
    id: row.id,
    uuid: row.uuid,
    decisionId: row.decision_id,
    organisationId: row.organisation_id,
    status: row.status as NoticeStatus,
    actionRequested: row.action_requested,
    tlp: row.tlp,
    dueAt: row.due_at,
    sentAt: row.sent_at,
    acknowledgedAt: row.acknowledged_at,
    actionedAt: row.actioned_at,
    declinedAt: row.declined_at,
    responseNote: row.response_note,
    remindedAt: row.reminded_at,
    followUpOf: row.follow_up_of,
    createdAt: row.created_at,
    overdue: unanswered && Date.parse(row.due_at) < now.getTime(),
  };
}
