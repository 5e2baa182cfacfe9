import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';

import { loadConfig } from '../config.ts';
import {
  type AuditExportFormat,
  exportAuditLog,
  verifyAuditLog,
} from '../services/audit.service.ts';
import { openDatabase } from '../store/database.ts';
import { type CliIo, type ErrorContext, EXIT_FAILURE, EXIT_OK, reportError } from './cli-io.ts';

/**
 * Runs `vigil audit verify`: checks the hash chain and names the first entry
 * where it breaks. Exits 0 when intact, 1 when broken.
 */
export async function runAuditVerifyCommand(
  options: { readonly json: boolean },
  io: CliIo,
): Promise<number> {
  let context: ErrorContext = {};
  try {
    const config = loadConfig();
    context = { databaseUrl: config.databaseUrl };
    const database = await openDatabase(config.databaseUrl);
    try {
      const result = await verifyAuditLog(database);
      if (options.json) {
        io.stdout.write(`${JSON.stringify(result)}\n`);
      } else if (result.ok) {
        io.stdout.write(`audit log intact: ${result.checked} entries checked\n`);
      } else {
        io.stdout.write(
          `audit log broken at entry ${result.entryId} (${result.reason}): ${result.message}\n` +
            `${result.checked} entries before it are intact\n`,
        );
      }
      return result.ok ? EXIT_OK : EXIT_FAILURE;
    } finally {
      await database.close();
    }
  } catch (error) {
    return reportError(io, error, context);
  }
}

/** Runs `vigil audit export`: the whole log as JSON lines or CSV, to stdout or a file. */
export async function runAuditExportCommand(
  options: { readonly format: AuditExportFormat; readonly output?: string },
  io: CliIo,
): Promise<number> {
  let context: ErrorContext = {};
  try {
    const config = loadConfig();
    context = { databaseUrl: config.databaseUrl };
    const database = await openDatabase(config.databaseUrl);
    const target: Writable =
      options.output === undefined ? io.stdout : createWriteStream(options.output);
    try {
      for await (const chunk of exportAuditLog(database, options.format)) {
        if (!target.write(chunk)) {
          await once(target, 'drain');
        }
      }
      if (options.output !== undefined) {
        target.end();
        await once(target, 'finish');
        io.stderr.write(`audit log written to ${options.output}\n`);
      }
      return EXIT_OK;
    } finally {
      await database.close();
    }
  } catch (error) {
    return reportError(io, error, context);
  }
}
