import { unlink } from 'node:fs/promises';
import path from 'node:path';

import type { Config } from '../config.ts';
import {
  type PurgeCounts,
  type RetentionCutoffs,
  retentionCutoffs,
} from '../domain/retention/retention-rules.ts';
import { appendAuditEntry } from '../store/audit.repository.ts';
import type { Database } from '../store/database.ts';
import {
  clearAppealContacts,
  clearReportContacts,
  clearReporterHashes,
  countAppealContacts,
  countExpiredListings,
  countRejectedReports,
  countReportContacts,
  countReporterHashes,
  deleteEvidenceRows,
  deleteExpiredListings,
  deleteRejectedReports,
  insertPurgeRun,
  selectExpiredEvidence,
  selectUnreferencedKeys,
} from '../store/purge.repository.ts';
import { evidenceFolder } from './evidence.service.ts';

export interface PurgeOptions {
  /** Count what would go without changing anything. */
  readonly dryRun: boolean;
  /** Actor named in the audit entry: `job:retention.purge` or `cli`. */
  readonly actor: string;
  readonly now?: Date;
}

export interface PurgeResult {
  readonly dryRun: boolean;
  readonly cutoffs: RetentionCutoffs;
  readonly counts: PurgeCounts;
  /** The purge run recorded; null for a dry run. */
  readonly runId: number | null;
  /** Evidence files that could not be deleted from disk, left for the next run to report. */
  readonly fileErrors: number;
}

/**
 * Applies the retention rules of `config` in one transaction, writing one
 * audit entry with the counts, then deletes the evidence files no row names
 * any more. A dry run returns the same counts and writes nothing.
 */
export async function purge(
  database: Database,
  config: Pick<Config, 'accountability' | 'dataDir'>,
  options: PurgeOptions,
): Promise<PurgeResult> {
  const now = options.now ?? new Date();
  const cutoffs = retentionCutoffs(config.accountability.retention, now);
  if (options.dryRun) {
    return {
      dryRun: true,
      cutoffs,
      counts: await countPurge(database, cutoffs, now),
      runId: null,
      fileErrors: 0,
    };
  }
  const startedAt = now.toISOString();
  const { counts, runId, storageKeys } = await database.db.transaction().execute(async (trx) => {
    const evidence = await selectExpiredEvidence(trx, cutoffs);
    const listings = await countExpiredListings(trx, cutoffs);
    const applied: PurgeCounts = {
      reportContacts: await clearReportContacts(trx, cutoffs),
      appealContacts: await clearAppealContacts(trx, cutoffs),
      reporterHashes: await clearReporterHashes(trx, startedAt),
      evidenceFiles: await deleteEvidenceRows(
        trx,
        evidence.map((row) => row.id),
      ),
      rejectedReports: await deleteRejectedReports(trx, cutoffs),
      expiredListings: await deleteExpiredListings(trx, cutoffs),
      expiredListingsKept: listings.kept,
    };
    const finishedAt = new Date().toISOString();
    const id = await insertPurgeRun(trx, {
      actor: options.actor,
      counts: applied,
      startedAt,
      finishedAt,
    });
    await appendAuditEntry(trx, database.dialect, {
      actor: options.actor,
      action: 'retention.purge',
      targetType: 'purge_run',
      targetId: id,
      after: { counts: applied, cutoffs },
      at: finishedAt,
    });
    const unreferenced = await selectUnreferencedKeys(
      trx,
      evidence.map((row) => row.storageKey),
    );
    return { counts: applied, runId: id, storageKeys: unreferenced };
  });
  const fileErrors = await deleteFiles(evidenceFolder(config), storageKeys);
  return { dryRun: false, cutoffs, counts, runId, fileErrors };
}

async function countPurge(
  database: Database,
  cutoffs: RetentionCutoffs,
  now: Date,
): Promise<PurgeCounts> {
  const { db } = database;
  const listings = await countExpiredListings(db, cutoffs);
  return {
    reportContacts: await countReportContacts(db, cutoffs),
    appealContacts: await countAppealContacts(db, cutoffs),
    reporterHashes: await countReporterHashes(db, now.toISOString()),
    evidenceFiles: (await selectExpiredEvidence(db, cutoffs)).length,
    rejectedReports: await countRejectedReports(db, cutoffs),
    expiredListings: listings.removable,
    expiredListingsKept: listings.kept,
  };
}

/** Deletes files by storage key and returns how many failed for a reason other than being gone. */
async function deleteFiles(folder: string, storageKeys: readonly string[]): Promise<number> {
  let errors = 0;
  for (const key of storageKeys) {
    // Storage keys are written by the evidence service; one that climbs out of
    // the folder is never deleted.
    const file = path.resolve(folder, key);
    if (!file.startsWith(path.resolve(folder) + path.sep)) {
      errors += 1;
      continue;
    }
    try {
      await unlink(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        errors += 1;
      }
    }
  }
  return errors;
}
