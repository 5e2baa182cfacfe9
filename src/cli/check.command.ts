import { loadConfig } from '../config.ts';
import { openDatabase } from '../store/database.ts';
import { type LookupResult, LookupService } from '../services/lookup.service.ts';
import { type CliIo, type ErrorContext, EXIT_OK, reportError } from './cli-io.ts';

export interface CheckCommandOptions {
  readonly kind?: string;
  readonly json: boolean;
}

/**
 * Runs `vigil check VALUE`: the same lookup as `GET /api/v1/lookup`. Exits 0
 * whether or not the value is listed; an invalid value exits 1.
 */
export async function runCheckCommand(
  value: string,
  options: CheckCommandOptions,
  io: CliIo,
): Promise<number> {
  let context: ErrorContext = {};
  try {
    const config = loadConfig();
    context = { databaseUrl: config.databaseUrl };
    const database = await openDatabase(config.databaseUrl);
    try {
      // The command line is a staff tool, so it includes listings of every TLP marking.
      const result = await LookupService.lookupOnce(database, value, {
        ...(options.kind !== undefined && { kind: options.kind }),
        includeRestricted: true,
      });
      io.stdout.write(options.json ? `${JSON.stringify(result)}\n` : formatResult(result));
      return EXIT_OK;
    } finally {
      await database.close();
    }
  } catch (error) {
    return reportError(io, error, context);
  }
}

function formatResult(result: LookupResult): string {
  const lines = [`${result.kind} ${result.canonical}`];
  if (!result.listed) {
    lines.push('  not listed (no listing matches; this does not prove it safe)');
    return `${lines.join('\n')}\n`;
  }
  lines.push(`  LISTED as ${result.category}`);
  for (const match of result.matches) {
    lines.push(
      `  match: ${match.match} on ${match.kind} ${match.value} (until ${match.expires_at})`,
    );
  }
  for (const source of result.sources) {
    lines.push(
      `  source: ${source.name}, first seen ${source.first_seen}, last seen ${source.last_seen}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
