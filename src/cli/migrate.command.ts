import { loadConfig } from '../config.ts';
import { openDatabase } from '../store/database.ts';
import { type CliIo, type ErrorContext, EXIT_OK, reportError } from './cli-io.ts';

/** Runs `vigil migrate`: opens the configured database, which applies pending migrations. */
export async function runMigrateCommand(io: CliIo): Promise<number> {
  let context: ErrorContext = {};
  try {
    const config = loadConfig();
    context = { databaseUrl: config.databaseUrl };
    const database = await openDatabase(config.databaseUrl);
    io.stdout.write(`migrations applied to ${database.description}\n`);
    await database.close();
    return EXIT_OK;
  } catch (error) {
    return reportError(io, error, context);
  }
}
