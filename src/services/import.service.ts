import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';

import { checkFormat, detectFormat } from '../domain/formats/detect-format.ts';
import { FEED_DEFAULTS } from '../domain/formats/feed-defaults.ts';
import type { FeedFormat, FeedItem } from '../domain/formats/feed-entry.ts';
import { FEED_FORMATS } from '../domain/formats/feed-entry.ts';
import { parseFeed } from '../domain/formats/parse-feed.ts';
import { IndicatorError } from '../domain/indicators/indicator.ts';
import { parseIndicator } from '../domain/indicators/parse-indicator.ts';
import { CATEGORIES, type Category, isCategory } from '../domain/taxonomy.ts';
import type { FeedListingPolicy } from '../config.ts';
import { VigilError } from '../errors.ts';
import type { Database } from '../store/database.ts';
import {
  finishImportRun,
  startImportRun,
  updateImportRunCounts,
} from '../store/import.repository.ts';
import { type IndicatorRow, upsertIndicatorBatch } from '../store/indicator-batch.repository.ts';
import { JOB_NAMES } from '../jobs/job-names.ts';
import { expandFeedFiles } from './feed-files.ts';
import { enqueue, notifyWorkers } from './job-queue.service.ts';

/** Bytes from the start of a file that format detection reads. */
const HEAD_BYTES = 64 * 1024;
/** Distinct indicators written per transaction. */
const BATCH_SIZE = 5000;
/** Invalid lines kept in the summary, for the reader to fix. */
const MAX_INVALID_SHOWN = 20;
/** Distinct reasons for skipped records counted in the summary. */
const MAX_SKIPPED_REASONS = 20;

export interface ImportOptions {
  /** The format, or `auto` to detect it from the content. */
  readonly format?: FeedFormat | 'auto';
  /** The provenance name; defaults to the feed's own name or the file name. */
  readonly source?: string;
  /** A category for every entry, overriding what the feed states. */
  readonly category?: string;
  /** List every valid entry as an automated feed listing. Defaults to true. */
  readonly list?: boolean;
  readonly listingPolicy: FeedListingPolicy;
  /** Called after each written batch. */
  readonly onProgress?: (progress: ImportProgress) => void;
}

export interface ImportProgress {
  readonly file: string;
  readonly read: number;
  readonly bytesRead: number;
  readonly totalBytes: number;
}

/** A line or record that was not imported, and why. */
export interface InvalidLine {
  readonly line: number;
  readonly text: string;
  readonly reason: string;
}

/** The outcome of importing one file. */
export interface ImportSummary {
  readonly file: string;
  readonly format: FeedFormat;
  readonly source: string;
  /** Entries read: valid plus invalid plus skipped. */
  readonly read: number;
  readonly valid: number;
  readonly invalid: number;
  /** The first invalid lines, with their line numbers and reasons. */
  readonly invalid_lines: InvalidLine[];
  /** Well-formed records that are not stored, such as file hashes or unverified entries. */
  readonly skipped: number;
  /** How many records were skipped for each reason. */
  readonly skipped_reasons: Record<string, number>;
  /** Valid entries whose indicator was not stored before. */
  readonly new: number;
  /** Valid entries whose indicator was already stored, or repeated in the file. */
  readonly duplicates: number;
  readonly seconds: number;
}

/**
 * Imports one feed or list file: detects or checks its format, streams it,
 * canonicalizes every entry and writes distinct indicators in batches of one
 * transaction each. A crash keeps every committed batch and no partial row,
 * and importing the same file again adds nothing new.
 */
export async function importFile(
  database: Database,
  path: string,
  options: ImportOptions,
): Promise<ImportSummary> {
  const startedAt = performance.now();
  await fileSize(path);
  const head = await readHead(path);
  const format = resolveFormat(options.format ?? 'auto', head, path);
  const category = resolveCategory(options.category);
  const files = await expandFeedFiles(path, format, head);
  const totalBytes = await sumSizes(files);
  const source = options.source ?? defaultSource(path, format, files);

  const runId = await startImportRun(database, { source, format, fileName: basename(path) });
  const counter = new ImportCounter();
  try {
    const writer = new BatchWriter(database, {
      runId,
      source,
      category,
      formatCategory: FEED_DEFAULTS[format].category,
      listingPolicy: options.list === false ? undefined : options.listingPolicy,
      tlp: options.listingPolicy.tlp,
      counter,
    });
    let bytesBefore = 0;
    for (const file of files) {
      const stream = createReadStream(file);
      for await (const items of parseFeed(format, stream, { fileName: basename(file) })) {
        await writer.add(items);
        const bytesRead = bytesBefore + stream.bytesRead;
        options.onProgress?.({ file: path, read: counter.read, bytesRead, totalBytes });
      }
      bytesBefore += stream.bytesRead;
    }
    await writer.flush();
  } catch (error) {
    // Recording the failure must not hide the error that caused it.
    await finishImportRun(database, runId, 'failed', counter).catch(() => undefined);
    throw error;
  }
  await finishImportRun(database, runId, 'succeeded', counter);

  return {
    file: path,
    format,
    source,
    read: counter.read,
    valid: counter.valid,
    invalid: counter.invalid,
    invalid_lines: counter.invalidLines,
    skipped: counter.skipped,
    skipped_reasons: counter.skippedReasons,
    new: counter.inserted,
    duplicates: counter.valid - counter.inserted,
    seconds: Math.round((performance.now() - startedAt) / 10) / 100,
  };
}

/** Running counts for one import. */
export class ImportCounter {
  read = 0;
  valid = 0;
  invalid = 0;
  skipped = 0;
  inserted = 0;
  readonly invalidLines: InvalidLine[] = [];
  readonly skippedReasons: Record<string, number> = {};

  addInvalid(line: InvalidLine): void {
    this.read++;
    this.invalid++;
    if (this.invalidLines.length < MAX_INVALID_SHOWN) {
      this.invalidLines.push({ line: line.line, text: line.text, reason: line.reason });
    }
  }

  addSkipped(reason: string): void {
    this.read++;
    this.skipped++;
    const known = this.skippedReasons[reason] !== undefined;
    if (known || Object.keys(this.skippedReasons).length < MAX_SKIPPED_REASONS) {
      this.skippedReasons[reason] = (this.skippedReasons[reason] ?? 0) + 1;
    }
  }
}

interface BatchWriterOptions {
  /** The import run whose counts each written batch updates. */
  readonly runId: number;
  readonly source: string;
  readonly category: Category | undefined;
  readonly formatCategory: Category | undefined;
  readonly listingPolicy: FeedListingPolicy | undefined;
  /** The marking of the source's data, recorded even when nothing is listed. */
  readonly tlp: string;
  readonly counter: ImportCounter;
}

/** Collects canonical rows, drops repeats within a batch, and writes full batches. */
class BatchWriter {
  private rows = new Map<string, IndicatorRow>();
  private readonly reasonsByCategory = new Map<string, string>();
  /** Feed dates after this are clock errors, so such entries count as seen now. */
  private readonly now = new Date().toISOString();

  constructor(
    private readonly database: Database,
    private readonly options: BatchWriterOptions,
  ) {}

  async add(items: readonly FeedItem[]): Promise<void> {
    const { counter } = this.options;
    for (const item of items) {
      if (item.type === 'invalid') {
        counter.addInvalid(item);
        continue;
      }
      if (item.type === 'skipped') {
        counter.addSkipped(item.reason);
        continue;
      }
      const indicator = parseIndicator(
        item.value,
        item.kind === undefined ? {} : { kind: item.kind },
      );
      if (indicator instanceof IndicatorError) {
        counter.addInvalid({
          line: item.line,
          text: item.value.slice(0, 200),
          reason: indicator.reason,
        });
        continue;
      }
      counter.read++;
      counter.valid++;
      const key = `${indicator.kind}\n${indicator.value}`;
      if (this.rows.has(key)) {
        continue;
      }
      const category =
        this.options.category ?? item.category ?? this.options.formatCategory ?? 'unspecified';
      this.rows.set(key, {
        kind: indicator.kind,
        value: indicator.value,
        host: indicator.host ?? null,
        registrableDomain: indicator.registrableDomain ?? null,
        category,
        seenAt: item.seenAt !== undefined && item.seenAt < this.now ? item.seenAt : null,
        reasons: this.options.listingPolicy ? this.reasonsFor(category) : null,
      });
      if (this.rows.size >= BATCH_SIZE) {
        await this.flush();
      }
    }
  }

  async flush(): Promise<void> {
    if (this.rows.size === 0) {
      return;
    }
    const rows = [...this.rows.values()];
    this.rows = new Map();
    const now = new Date().toISOString();
    const policy = this.options.listingPolicy;
    const lastIdBefore = await selectLastIndicatorId(this.database);
    const result = await upsertIndicatorBatch(this.database, rows, {
      source: this.options.source,
      now,
      tlp: this.options.tlp,
      ...(policy && {
        listing: {
          legalBasis: policy.legalBasis,
          expiresAt: new Date(Date.parse(now) + policy.ttlDays * 86_400_000).toISOString(),
        },
      }),
    });
    this.options.counter.inserted += result.inserted;
    await updateImportRunCounts(this.database, this.options.runId, this.options.counter);
    if (result.inserted > 0) {
      await enqueueNewIndicatorJobs(this.database, lastIdBefore);
    }
  }

  private reasonsFor(category: string): string {
    let reasons = this.reasonsByCategory.get(category);
    if (reasons === undefined) {
      reasons =
        `Listed automatically because the trusted source "${this.options.source}" ` +
        `named this indicator as ${category}.`;
      this.reasonsByCategory.set(category, reasons);
    }
    return reasons;
  }
}

/**
 * Names the provenance when `--source` is absent: the feed's own name, the
 * folder of a MISP feed (whose manifest is always `manifest.json`), or the
 * file name.
 */
function defaultSource(path: string, format: FeedFormat, files: readonly string[]): string {
  const feedName = FEED_DEFAULTS[format].source;
  if (feedName !== undefined) {
    return feedName;
  }
  if (format === 'misp' && (files.length !== 1 || files[0] !== path)) {
    return `misp:${basename(dirname(resolve(path)))}`;
  }
  return basename(path);
}

async function selectLastIndicatorId(database: Database): Promise<number> {
  const row = await database.db
    .selectFrom('indicators')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirst();
  return Number(row?.id ?? 0);
}

/**
 * Queues one clustering and one enrichment job for the indicators inserted
 * since `lastIdBefore`. Ids only grow, so these are this batch's new rows, and
 * at worst also those of a concurrent import, which both jobs take twice
 * without harm.
 */
async function enqueueNewIndicatorJobs(database: Database, lastIdBefore: number): Promise<void> {
  // TODO: the jobs commit after the batch, so a crash in between loses them;
  // the batch repository would have to enqueue inside its own transaction.
  const rows = await database.db
    .selectFrom('indicators')
    .select('id')
    .where('id', '>', lastIdBefore)
    .execute();
  const indicatorIds = rows.map((row) => Number(row.id));
  await database.db.transaction().execute(async (trx) => {
    await enqueue(trx, { name: JOB_NAMES.clusterIndicators, payload: { indicatorIds } });
    await enqueue(trx, { name: JOB_NAMES.enrichIndicators, payload: { indicatorIds } });
  });
  await notifyWorkers(database).catch(() => {});
}

async function sumSizes(files: readonly string[]): Promise<number> {
  let total = 0;
  for (const file of files) {
    total += (await stat(file)).size;
  }
  return total;
}

function resolveFormat(requested: string, head: string, path: string): FeedFormat {
  if (requested === 'auto') {
    const detected = detectFormat(head, basename(path));
    if (!detected) {
      throw new VigilError(
        'UNKNOWN_FORMAT',
        `${path}: the format could not be detected from the content; pass --format with one of ${FEED_FORMATS.join(', ')}`,
        'format',
      );
    }
    return detected;
  }
  if (!(FEED_FORMATS as readonly string[]).includes(requested)) {
    throw new VigilError(
      'UNKNOWN_FORMAT',
      `format: unknown format ${JSON.stringify(requested)}; use auto or one of ${FEED_FORMATS.join(', ')}`,
      'format',
    );
  }
  const format = requested as FeedFormat;
  const mismatch = checkFormat(format, head);
  if (mismatch) {
    throw new VigilError('FORMAT_MISMATCH', `${path}: ${mismatch}`, 'format');
  }
  return format;
}

function resolveCategory(category: string | undefined): Category | undefined {
  if (category === undefined || isCategory(category)) {
    return category;
  }
  throw new VigilError(
    'INVALID_INPUT',
    `category: unknown category ${JSON.stringify(category)}; use one of ${CATEGORIES.join(', ')}`,
    'category',
  );
}

async function fileSize(path: string): Promise<number> {
  try {
    const info = await stat(path);
    if (!info.isFile()) {
      throw new VigilError('INVALID_INPUT', `${path}: not a regular file`, 'file');
    }
    return info.size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new VigilError('FILE_NOT_FOUND', `${path}: no such file`, 'file');
    }
    throw error;
  }
}

async function readHead(path: string): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}
