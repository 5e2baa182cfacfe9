import { loadConfig } from '../config.ts';
import { openDatabase } from '../store/database.ts';
import { type CliIo, EXIT_OK, reportError } from './cli-io.ts';

/** Runs `vigil migrate`: opens the configured database, which applies pending migrations. */
export async function runMigrateCommand(io: CliIo): Promise<number> {
  try {
    const database = await openDatabase(loadConfig().databaseUrl);
    io.stdout.write(`migrations applied to ${database.description}\n`);
    await database.close();
    return EXIT_OK;
  } catch (error) {
    return reportError(io, error);
  }
}
