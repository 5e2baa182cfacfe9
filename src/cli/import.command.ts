import cliProgress from 'cli-progress';

import { loadConfig } from '../config.ts';
import { openDatabase } from '../store/database.ts';
import { type ImportProgress, type ImportSummary, importFile } from '../services/import.service.ts';
import type { FeedFormat } from '../domain/formats/feed-entry.ts';
import { type CliIo, EXIT_OK, reportError } from './cli-io.ts';

export interface ImportCommandOptions {
  readonly format: FeedFormat | 'auto';
  readonly source?: string;
  readonly category?: string;
  readonly list: boolean;
  readonly json: boolean;
}

/** Seconds between progress lines when stderr is not a terminal. */
const PROGRESS_LOG_SECONDS = 5;

/**
 * Runs `vigil import FILE...`: imports each file in turn and prints one summary
 * per file (one JSON object per line with `--json`). A file that fails stops
 * the command; files imported before it stay imported.
 */
export async function runImportCommand(
  files: readonly string[],
  options: ImportCommandOptions,
  io: CliIo,
): Promise<number> {
  let config;
  let database;
  try {
    config = loadConfig();
  } catch (error) {
    return reportError(io, error);
  }
  const context = { databaseUrl: config.databaseUrl };
  try {
    database = await openDatabase(config.databaseUrl);
  } catch (error) {
    return reportError(io, error, context);
  }
  try {
    for (const file of files) {
      const progress = createProgress(io, file);
      try {
        const summary = await importFile(database, file, {
          format: options.format,
          ...(options.source !== undefined && { source: options.source }),
          ...(options.category !== undefined && { category: options.category }),
          list: options.list,
          listingPolicy: config.feedListing,
          onProgress: (update) => progress.update(update),
        });
        progress.stop();
        io.stdout.write(options.json ? `${JSON.stringify(summary)}\n` : formatSummary(summary));
      } catch (error) {
        progress.stop();
        return reportError(io, error, context);
      }
    }
    return EXIT_OK;
  } finally {
    await database.close();
  }
}

function createProgress(io: CliIo, file: string) {
  if (io.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        stream: io.stderr,
        format: '{bar} {percentage}% | {read} entries | {file}',
        hideCursor: true,
      },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update(progress: ImportProgress) {
        if (!started) {
          bar.start(progress.totalBytes, 0, { read: 0, file });
          started = true;
        }
        bar.update(progress.bytesRead, { read: progress.read, file });
      },
      stop: () => started && bar.stop(),
    };
  }
  let lastLog = performance.now();
  return {
    update(progress: ImportProgress) {
      const now = performance.now();
      if (now - lastLog < PROGRESS_LOG_SECONDS * 1000) {
        return;
      }
      lastLog = now;
      const percent =
        progress.totalBytes > 0 ? (100 * progress.bytesRead) / progress.totalBytes : 100;
      io.stderr.write(`import ${file}: ${progress.read} entries read, ${percent.toFixed(0)}%\n`);
    },
    stop: () => undefined,
  };
}

function formatSummary(summary: ImportSummary): string {
  const lines = [
    `${summary.file} (${summary.format}, source ${summary.source})`,
    `  read ${summary.read}, valid ${summary.valid}, invalid ${summary.invalid}, skipped ${summary.skipped}`,
    `  new ${summary.new}, duplicates ${summary.duplicates}, ${summary.seconds} s`,
  ];
  for (const [reason, count] of Object.entries(summary.skipped_reasons)) {
    lines.push(`  skipped ${count}: ${reason}`);
  }
  if (summary.invalid_lines.length > 0) {
    lines.push(`  first invalid lines:`);
    for (const line of summary.invalid_lines) {
      lines.push(`    line ${line.line}: ${line.reason}: ${JSON.stringify(line.text)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
