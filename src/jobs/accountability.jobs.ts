import { sql } from 'kysely';

import type { Config } from '../config.ts';
import { sendAppealOutcomeMail } from '../services/appeal-mail.service.ts';
import { APPEAL_OUTCOME_MAIL_JOB } from '../services/appeal.service.ts';
import { enqueue } from '../services/job-queue.service.ts';
import { purge } from '../services/purge.service.ts';
import type { Database } from '../store/database.ts';
import { selectAppealsDueBefore } from '../store/appeal.repository.ts';
import { isVigilError } from '../errors.ts';
import type { JobDependencies } from './handlers.ts';
import { PermanentJobError } from './job-error.ts';
import type { JobContext, JobHandlers } from './job-handler.ts';

/** Jobs that accountability alone enqueues and handles. */
export const ACCOUNTABILITY_JOBS = {
  /** `{}`: apply the retention rules, then schedule the next run. */
  purge: 'retention.purge',
  /** `{}`: warn of appeals near or past their due date, then schedule the next check. */
  appealReminders: 'appeal.reminders',
  /** `{ appealId }`: e-mail an appeal's outcome to the appellant; the appeal service queues it. */
  outcomeMail: APPEAL_OUTCOME_MAIL_JOB,
} as const;

const HOUR_MS = 3_600_000;
/** Hours between checks for appeals near their due date. */
const REMINDER_INTERVAL_HOURS = 6;

/** Returns the job handlers of accountability: the scheduled purge and appeal deadline reminders. */
export function accountabilityJobHandlers(dependencies: JobDependencies): JobHandlers {
  const { database, config } = dependencies;
  return {
    [ACCOUNTABILITY_JOBS.purge]: (_payload, context) => handlePurge(database, config, context),
    [ACCOUNTABILITY_JOBS.appealReminders]: (_payload, context) =>
      handleAppealReminders(database, config, context),
    [ACCOUNTABILITY_JOBS.outcomeMail]: (payload, context) =>
      handleOutcomeMail(database, config, payload, context),
  };
}

/** Runs the purge and queues the next run after the configured interval. */
export async function handlePurge(
  database: Database,
  config: Config,
  context: JobContext,
): Promise<void> {
  const result = await purge(database, config, {
    dryRun: false,
    actor: `job:${ACCOUNTABILITY_JOBS.purge}`,
  });
  context.logger.info(
    { runId: result.runId, ...result.counts, fileErrors: result.fileErrors },
    'purge finished',
  );
  await scheduleOnce(database, ACCOUNTABILITY_JOBS.purge, config.accountability.purgeIntervalHours);
}

/**
 * Logs a warning for each open appeal due within the reminder window or
 * overdue, and queues the next check.
 */
export async function handleAppealReminders(
  database: Database,
  config: Config,
  context: JobContext,
): Promise<void> {
  const now = Date.now();
  const horizon = new Date(now + config.accountability.appealReminderHours * HOUR_MS);
  const due = await selectAppealsDueBefore(database.db, horizon.toISOString());
  for (const appeal of due) {
    const overdue = Date.parse(appeal.due_at) < now;
    context.logger.warn(
      { appealId: appeal.id, receipt: appeal.receipt, dueAt: appeal.due_at, overdue },
      overdue ? 'appeal overdue' : 'appeal due soon',
    );
  }
  // TODO: e-mail reviewers once a mail sender exists; the warnings are in the log only.
  context.logger.info({ due: due.length }, 'appeal reminders checked');
  await scheduleOnce(database, ACCOUNTABILITY_JOBS.appealReminders, REMINDER_INTERVAL_HOURS);
}

/** Sends an appeal's outcome by e-mail; a payload without a valid id fails for good. */
export async function handleOutcomeMail(
  database: Database,
  config: Config,
  payload: unknown,
  context: JobContext,
): Promise<void> {
  const appealId = (payload as { appealId?: unknown } | null)?.appealId;
  if (typeof appealId !== 'number' || !Number.isSafeInteger(appealId) || appealId <= 0) {
    throw new PermanentJobError('payload.appealId must be a positive integer id');
  }
  const result = await sendAppealOutcomeMail(database, config, appealId).catch((error: unknown) => {
    throw isVigilError(error) ? new PermanentJobError(error.message) : error;
  });
  context.logger.info({ appealId, result }, 'appeal outcome mail finished');
}

/**
 * Queues the first purge and reminder check unless they are already queued.
 * The worker calls it when it starts; each run then queues the next.
 */
export async function scheduleAccountabilityJobs(database: Database): Promise<void> {
  await scheduleOnce(database, ACCOUNTABILITY_JOBS.purge, 0);
  await scheduleOnce(database, ACCOUNTABILITY_JOBS.appealReminders, 0);
}

/**
 * Queues `name` to run in `hours` unless a queued one exists, so a retried
 * or repeated run never doubles the schedule.
 */
async function scheduleOnce(database: Database, name: string, hours: number): Promise<void> {
  await database.db.transaction().execute(async (trx) => {
    if (database.dialect === 'postgres') {
      await sql`select pg_advisory_xact_lock(hashtext(${`vigil.schedule.${name}`}))`.execute(trx);
    }
    const queued = await trx
      .selectFrom('jobs')
      .select('id')
      .where('name', '=', name)
      .where('status', '=', 'queued')
      .executeTakeFirst();
    if (queued === undefined) {
      await enqueue(trx, { name, payload: {}, runAt: new Date(Date.now() + hours * HOUR_MS) });
    }
  });
}
