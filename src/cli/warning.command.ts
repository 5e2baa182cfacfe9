import { readFile } from 'node:fs/promises';

import { loadConfig } from '../config.ts';
import { VigilError } from '../errors.ts';
import { addWarning } from '../services/warning.service.ts';
import { openDatabase } from '../store/database.ts';
import { type CliIo, type ErrorContext, EXIT_OK, reportError } from './cli-io.ts';

export interface WarningAddOptions {
  readonly titleVi: string;
  readonly titleEn?: string;
  readonly bodyVi?: string;
  readonly bodyViFile?: string;
  readonly bodyEn?: string;
  readonly bodyEnFile?: string;
  readonly category: string;
  readonly indicator?: readonly string[];
  readonly publishedAt?: string;
  readonly json: boolean;
}

/**
 * Runs `vigil warning add`: publishes an official warning on /warnings and in
 * the Atom feed. Prints the warning's address; bad input exits 1.
 */
export async function runWarningAddCommand(
  options: WarningAddOptions,
  io: CliIo,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  let context: ErrorContext = {};
  try {
    const config = loadConfig(env);
    context = { databaseUrl: config.databaseUrl };
    const bodyVi = await readBody(options.bodyVi, options.bodyViFile, '--body-vi');
    const bodyEn = await readBody(options.bodyEn, options.bodyEnFile, '--body-en');
    if (bodyVi === undefined) {
      throw new VigilError(
        'INVALID_INPUT',
        'give the Vietnamese text with --body-vi or --body-vi-file',
        '--body-vi',
      );
    }
    const publishedAt = parsePublishedAt(options.publishedAt);
    const database = await openDatabase(config.databaseUrl);
    try {
      const warning = await addWarning(database, {
        titleVi: options.titleVi,
        ...(options.titleEn !== undefined && { titleEn: options.titleEn }),
        bodyVi,
        ...(bodyEn !== undefined && { bodyEn }),
        category: options.category,
        indicators: options.indicator ?? [],
        ...(publishedAt !== undefined && { publishedAt }),
        actor: 'cli',
      });
      const path = `/warnings/${warning.slug}`;
      io.stdout.write(
        options.json ? `${JSON.stringify({ ...warning, path })}\n` : `published ${path}\n`,
      );
      return EXIT_OK;
    } finally {
      await database.close();
    }
  } catch (error) {
    return reportError(io, error, context);
  }
}

async function readBody(
  text: string | undefined,
  file: string | undefined,
  option: string,
): Promise<string | undefined> {
  if (text !== undefined && file !== undefined) {
    throw new VigilError('INVALID_INPUT', `give ${option} or ${option}-file, not both`, option);
  }
  if (file === undefined) {
    return text;
  }
  try {
    return await readFile(file, 'utf8');
  } catch {
    throw new VigilError(
      'FILE_NOT_FOUND',
      `${option}-file ${file}: cannot be read`,
      `${option}-file`,
    );
  }
}

function parsePublishedAt(value: string | undefined): Date | undefined {
  if (value === undefined) {
    return undefined;
  }
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    throw new VigilError(
      'INVALID_INPUT',
      `--published-at ${value} is not a date; use ISO 8601, such as 2026-06-01T08:00:00Z`,
      '--published-at',
    );
  }
  return date;
}
