import { type Config, loadConfig } from '../config.ts';
import { type Database, openDatabase } from '../store/database.ts';
import { type CliIo, type ErrorContext, EXIT_OK, reportError } from './cli-io.ts';

/**
 * Opens the configured database for one command, runs it, closes the
 * database, and returns the exit code, reporting any error on `io`.
 */
export async function withDatabase(
  io: CliIo,
  env: NodeJS.ProcessEnv,
  run: (database: Database, config: Config) => Promise<void>,
): Promise<number> {
  let context: ErrorContext = {};
  try {
    const config = loadConfig(env);
    context = { databaseUrl: config.databaseUrl };
    const database = await openDatabase(config.databaseUrl);
    try {
      await run(database, config);
      return EXIT_OK;
    } finally {
      await database.close();
    }
  } catch (error) {
    return reportError(io, error, context);
  }
}
