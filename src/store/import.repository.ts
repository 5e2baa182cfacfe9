import type { Database } from './database.ts';

export interface ImportRunStart {
  readonly source: string;
  readonly format: string;
  readonly fileName: string;
}

export interface ImportRunCounts {
  readonly read: number;
  readonly valid: number;
  readonly invalid: number;
  readonly inserted: number;
}

/** Records the start of an import and returns its id. */
export async function startImportRun(database: Database, run: ImportRunStart): Promise<number> {
  const row = await database.db
    .insertInto('imports')
    .values({
      source: run.source,
      format: run.format,
      file_name: run.fileName,
      status: 'running',
      started_at: new Date().toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Records the counts of an import still running, after each committed batch,
 * so that a run killed part-way shows how far it got.
 */
export async function updateImportRunCounts(
  database: Database,
  id: number,
  counts: ImportRunCounts,
): Promise<void> {
  await database.db.updateTable('imports').set(countColumns(counts)).where('id', '=', id).execute();
}

/** Records how an import ended, with its counts. */
export async function finishImportRun(
  database: Database,
  id: number,
  status: 'succeeded' | 'failed',
  counts: ImportRunCounts,
): Promise<void> {
  await database.db
    .updateTable('imports')
    .set({ status, finished_at: new Date().toISOString(), ...countColumns(counts) })
    .where('id', '=', id)
    .execute();
}

function countColumns(counts: ImportRunCounts) {
  return {
    read_count: counts.read,
    valid_count: counts.valid,
    invalid_count: counts.invalid,
    new_count: counts.inserted,
    duplicate_count: counts.valid - counts.inserted,
  };
}
