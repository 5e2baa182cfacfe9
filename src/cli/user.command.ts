import { loadConfig } from '../config.ts';
import { createUser, resetUser } from '../services/user.service.ts';
import { openDatabase } from '../store/database.ts';
import { type CliIo, type ErrorContext, EXIT_OK, reportError } from './cli-io.ts';

export interface UserAddOptions {
  readonly role: string;
  readonly organisation?: number;
}

/**
 * Runs `vigil user add EMAIL --role ROLE`: creates the user and prints a
 * one-time password, which is shown only this once.
 */
export async function runUserAddCommand(
  email: string,
  options: UserAddOptions,
  io: CliIo,
): Promise<number> {
  let context: ErrorContext = {};
  try {
    const config = loadConfig();
    context = { databaseUrl: config.databaseUrl };
    const database = await openDatabase(config.databaseUrl);
    try {
      const created = await createUser(database, {
        email,
        role: options.role,
        organisationId: options.organisation ?? null,
        actor: 'cli',
      });
      io.stdout.write(
        `created ${created.user.role} ${created.user.email} (user ${created.user.id})\n` +
          `one-time password: ${created.oneTimePassword}\n` +
          'it is shown only now; the user must change it at the first login\n',
      );
      return EXIT_OK;
    } finally {
      await database.close();
    }
  } catch (error) {
    return reportError(io, error, context);
  }
}

/**
 * Runs `vigil user reset EMAIL`: a new one-time password, every session
 * ended and the TOTP enrolment removed.
 */
export async function runUserResetCommand(email: string, io: CliIo): Promise<number> {
  let context: ErrorContext = {};
  try {
    const config = loadConfig();
    context = { databaseUrl: config.databaseUrl };
    const database = await openDatabase(config.databaseUrl);
    try {
      const reset = await resetUser(database, email, { actor: 'cli' });
      io.stdout.write(
        `reset ${reset.user.email}: sessions ended, second factor removed\n` +
          `one-time password: ${reset.oneTimePassword}\n` +
          'it is shown only now; the user must change it at the next login\n',
      );
      return EXIT_OK;
    } finally {
      await database.close();
    }
  } catch (error) {
    return reportError(io, error, context);
  }
}
