import type { Config } from '../config.ts';
import { generateReceiptCode, parseReceiptCode } from '../domain/receipts/receipt-code.ts';
import { InputProblem } from '../domain/reports/input-problem.ts';
import { parseReportSubmission, type RawReportSubmission } from '../domain/reports/report-input.ts';
import { VigilError } from '../errors.ts';
import { JOB_NAMES } from '../jobs/job-names.ts';
import type { Database } from '../store/database.ts';
import { runReportTransaction, type ReportWriter } from '../store/report-intake.repository.ts';
import {
  clearExpiredReporterHashes,
  deleteExpiredChallenges,
  type PublicReportRow,
  selectPublicReport,
} from '../store/report.repository.ts';
import { encryptContact, keyedHash, loadSecretKey } from './contact-crypto.ts';
import {
  discardUnreferencedEvidence,
  evidenceFileExists,
  evidenceStorageKey,
  insertEvidenceRow,
  prepareEvidence,
  type PreparedEvidence,
  saveEvidenceFile,
} from './evidence.service.ts';
import { newJobRow, notifyWorkers } from './job-queue.service.ts';
import { checkProof, type CheckedProof } from './proof-of-work.service.ts';

/** Screenshots accepted with one report. */
export const MAX_SCREENSHOTS = 5;

/** Hours within which a second report of the same value by the same reporter joins the first. */
export const REPEAT_WINDOW_HOURS = 24;

const HOUR_MS = 60 * 60 * 1000;

/** Minutes between sweeps of expired reporter hashes in one process. */
const HASH_SWEEP_MINUTES = 5;
let lastHashSweep = 0;

export interface ReportServiceDependencies {
  readonly database: Database;
  readonly config: Pick<Config, 'dataDir' | 'portal'>;
}

export interface Screenshot {
  /** The form field it came from, named in error messages. */
  readonly field: string;
  readonly bytes: Uint8Array;
}

export interface SubmitReportOptions {
  /** The client address, hashed with the secret key before it is stored. */
  readonly clientAddress: string;
  /** The solved proof-of-work, base64 JSON, when the page script ran. */
  readonly proofOfWork?: string;
  readonly screenshots?: readonly Screenshot[];
  readonly now?: Date;
}

export interface SubmittedReport {
  readonly id: number;
  readonly receipt: string;
  /** True when the report joined an earlier one by the same reporter. */
  readonly joinedEarlier: boolean;
  readonly indicatorIds: readonly number[];
}

/**
 * Checks and stores a report from the public: its indicators with
 * `public-report` provenance, the report, its first status, its screenshots
 * without metadata, an audit entry, and the enrichment and clustering jobs,
 * all in one transaction. A report from the same client address naming a
 * value it named within a day, without contact details, joins that earlier
 * report and returns its receipt. Throws an InputProblem (400) for bad input,
 * before writing, and a VigilError RATE_LIMITED when the values were reported
 * too often this hour.
 */
export async function submitReport(
  dependencies: ReportServiceDependencies,
  raw: RawReportSubmission,
  options: SubmitReportOptions,
): Promise<SubmittedReport> {
  const { database, config } = dependencies;
  const now = options.now ?? new Date();
  const nowText = now.toISOString();
  const key = loadSecretKey(config);

  const submission = parseReportSubmission(raw, now);
  const prepared = await prepareScreenshots(options.screenshots ?? []);
  const proof =
    options.proofOfWork === undefined ? undefined : await checkProof(key, options.proofOfWork);
  const reporterHash = keyedHash(key, 'client-address', options.clientAddress);

  // Files are named by content and written before the transaction, so no row
  // ever lacks its file. The files this call created go again on a rollback.
  // TODO: a concurrent report of the same image can commit its row after that
  // removal, leaving the row without its file.
  const existed = await Promise.all(
    prepared.map((image) => evidenceFileExists(config, evidenceStorageKey(image))),
  );
  const storageKeys = await Promise.all(prepared.map((image) => saveEvidenceFile(config, image)));
  const created = storageKeys.filter((_key, index) => !existed[index]);

  await sweepReporterHashes(database, now);
  const result = await runReportTransaction(database, async (writer) => {
    await spendProof(writer, proof);

    const indicatorIds = await writer.upsertReportedIndicators(
      submission.indicators.map(({ indicator }) => ({
        kind: indicator.kind,
        value: indicator.value,
        host: indicator.host ?? null,
        registrableDomain: indicator.registrableDomain ?? null,
      })),
      { category: submission.category, now: nowText },
    );
    const hourAgo = new Date(now.getTime() - HOUR_MS).toISOString();
    const recent = await writer.countRecentReportsNaming(indicatorIds, hourAgo);
    if (recent >= config.portal.reportsPerValuePerHour) {
      throw new VigilError(
        'RATE_LIMITED',
        'indicators: this value was reported many times in the last hour and is being looked at; try again later',
        'indicators',
      );
    }

    // NOTE: people behind one carrier NAT share an address, so their reports of
    // one value within a day join too, but staff still see every description.
    // A repeat with contact details stays a separate report, since joining
    // would drop them.
    const since = new Date(now.getTime() - REPEAT_WINDOW_HOURS * HOUR_MS).toISOString();
    const earlier =
      submission.contact === null
        ? await writer.selectEarlierReportFromReporter(reporterHash, indicatorIds, since)
        : undefined;
    let reportId: number;
    let receipt: string;
    if (earlier !== undefined) {
      reportId = earlier.id;
      receipt = earlier.receipt;
      await writer.appendToReport(reportId, { ...submission, now: nowText });
    } else {
      receipt = generateReceiptCode();
      reportId = await writer.insertReport({
        ...submission,
        receipt,
        contactEncrypted:
          submission.contact === null ? null : encryptContact(submission.contact, key),
        reporterHash,
        reporterHashExpiresAt: new Date(
          now.getTime() + config.portal.reporterHashHours * HOUR_MS,
        ).toISOString(),
        now: nowText,
      });
      await writer.insertReportEvent({ reportId, status: 'received', now: nowText });
    }

    await writer.insertReportIndicators(
      reportId,
      submission.indicators.map((reported, index) => ({
        indicatorId: indicatorIds[index]!,
        entered: reported.entered,
      })),
    );
    for (const [index, image] of prepared.entries()) {
      await insertEvidenceRow(writer.executor, {
        ownerType: 'report',
        ownerId: reportId,
        storageKey: storageKeys[index]!,
        prepared: image,
        now: nowText,
      });
    }
    await writer.appendAuditEntry({
      actor: 'public',
      action: earlier === undefined ? 'report.received' : 'report.extended',
      targetType: 'report',
      targetId: reportId,
      after: {
        indicators: indicatorIds,
        category: submission.category,
        channel: submission.channel,
        screenshots: prepared.length,
      },
      at: nowText,
    });
    if (indicatorIds.length > 0) {
      await writer.insertJob(
        newJobRow({ name: JOB_NAMES.enrichIndicators, payload: { indicatorIds } }),
      );
      await writer.insertJob(
        newJobRow({ name: JOB_NAMES.clusterIndicators, payload: { indicatorIds } }),
      );
    }
    return { id: reportId, receipt, joinedEarlier: earlier !== undefined, indicatorIds };
  }).catch(async (error: unknown) => {
    await discardUnreferencedEvidence(database, config, created);
    throw error;
  });

  if (result.indicatorIds.length > 0) {
    await notifyWorkers(database);
  }
  return result;
}

/**
 * Returns the public part of the report with `receipt` as typed, or undefined
 * when the code is invalid or no report has it.
 */
export async function getReportStatus(
  database: Database,
  receipt: string,
): Promise<PublicReportRow | undefined> {
  const parsed = parseReceiptCode(receipt);
  if (!parsed.ok) {
    return undefined;
  }
  return selectPublicReport(database.db, parsed.code);
}

async function prepareScreenshots(screenshots: readonly Screenshot[]): Promise<PreparedEvidence[]> {
  if (screenshots.length > MAX_SCREENSHOTS) {
    throw new InputProblem(
      'screenshots',
      'too_many_images',
      `screenshots: at most ${MAX_SCREENSHOTS} per report`,
      { max: MAX_SCREENSHOTS },
    );
  }
  const prepared: PreparedEvidence[] = [];
  // One at a time, so a burst of uploads does not decode five images at once.
  for (const screenshot of screenshots) {
    prepared.push(await prepareEvidence(screenshot.bytes, screenshot.field));
  }
  return prepared;
}

async function spendProof(writer: ReportWriter, proof: CheckedProof | undefined): Promise<void> {
  if (proof === undefined) {
    return;
  }
  if (!(await writer.spendChallenge(proof.signature, proof.expiresAt))) {
    throw new InputProblem(
      'altcha',
      'proof_invalid',
      'altcha: this anti-spam check was already used; reload the page and send the form again',
    );
  }
}

async function sweepReporterHashes(database: Database, now: Date): Promise<void> {
  if (now.getTime() - lastHashSweep < HASH_SWEEP_MINUTES * 60_000) {
    return;
  }
  lastHashSweep = now.getTime();
  await clearExpiredReporterHashes(database.db, now.toISOString());
  await deleteExpiredChallenges(database.db, now.toISOString());
}
