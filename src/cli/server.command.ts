import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import pino from 'pino';

import { type Config, loadConfig, withListenPort } from '../config.ts';
import { buildApp } from '../http/app.ts';
import { scheduleAccountabilityJobs } from '../jobs/accountability.jobs.ts';
import { createJobHandlers } from '../jobs/handlers.ts';
import { startWorker } from '../jobs/worker.ts';
import { loggerOptions } from '../logger.ts';
import { startListingMaintenance } from '../services/listing-maintenance.service.ts';
import { startLivenessSweeps } from '../services/liveness.service.ts';
import { LookupService } from '../services/lookup.service.ts';
import { ensureFirstAdmin } from '../services/user.service.ts';
import { type Database, openDatabase } from '../store/database.ts';
import { type CliIo, type ErrorContext, EXIT_OK, reportError } from './cli-io.ts';

export interface ServerCommandOptions {
  readonly port?: number;
  readonly host?: string;
  /** Run the HTTP server. */
  readonly http: boolean;
  /** Run a job worker. */
  readonly worker: boolean;
}

/**
 * Runs `vigil start` (server and worker), `vigil serve` or `vigil worker`
 * until SIGINT or SIGTERM, then shuts down gracefully: the server stops
 * accepting, running jobs finish or are released, and the database closes.
 */
export async function runServerCommand(options: ServerCommandOptions, io: CliIo): Promise<number> {
  let config: Config;
  let database: Database;
  let logger: Logger;
  try {
    config = loadConfig();
  } catch (error) {
    return reportError(io, error);
  }
  const listen = { port: options.port ?? config.port, host: options.host ?? config.host };
  config = withListenPort(config, listen.port);
  const context: ErrorContext = { databaseUrl: config.databaseUrl, listen };
  try {
    logger = pino(loggerOptions(config.logLevel));
    database = await openDatabase(config.databaseUrl, {
      onConnectionError: (error) => logger.warn({ err: error }, 'database connection lost'),
    });
  } catch (error) {
    return reportError(io, error, context);
  }
  logger.info({ database: database.description }, 'database ready');
  if (options.http && options.worker) {
    try {
      await printFirstAdmin(database, io, config.sharing.publicUrl);
    } catch (error) {
      await database.close();
      return reportError(io, error, context);
    }
  }

  const stops: (() => Promise<void>)[] = [];
  try {
    if (options.worker) {
      stops.push(startWorkerPart(database, config, logger));
    }
    if (options.http) {
      stops.push(await startHttpPart(database, config, listen, logger));
    }
  } catch (error) {
    await stopAll(stops, database);
    return reportError(io, error, context);
  }

  await waitForSignal(logger);
  await stopAll(stops, database);
  logger.info('stopped');
  return EXIT_OK;
}

/**
 * On the first `vigil start` with no admin, creates one and prints its
 * one-time password to stdout, the only place it ever appears.
 */
async function printFirstAdmin(database: Database, io: CliIo, publicUrl: string): Promise<void> {
  const created = await ensureFirstAdmin(database);
  if (created === undefined) {
    return;
  }
  io.stdout.write(
    `created the first admin ${created.user.email}\n` +
      `one-time password: ${created.oneTimePassword}\n` +
      `log in at ${publicUrl}/console/login; the password is shown only now and must be changed at the first login\n`,
  );
}

async function startHttpPart(
  database: Database,
  config: Config,
  listen: { readonly port: number; readonly host: string },
  logger: Logger,
): Promise<() => Promise<void>> {
  const lookup = await LookupService.load(database);
  logger.info({ keys: lookup.size, indexBytes: lookup.indexBytes }, 'lookup index loaded');
  const stopFollowing = lookup.follow(config.listingPollSeconds * 1000, logger);

  const app: FastifyInstance = await buildApp({ database, lookup, logger, config });
  try {
    await app.listen(listen);
  } catch (error) {
    stopFollowing();
    await app.close();
    throw error;
  }
  return async () => {
    stopFollowing();
    await app.close();
  };
}

function startWorkerPart(database: Database, config: Config, logger: Logger): () => Promise<void> {
  const worker = startWorker({
    database,
    handlers: createJobHandlers(database, config),
    logger: logger.child({ component: 'worker' }),
  });
  const stopMaintenance = startListingMaintenance(database, logger);
  const stopLiveness = startLivenessSweeps(database, config, logger);
  scheduleAccountabilityJobs(database).catch((error: unknown) => {
    logger.error({ err: error }, 'scheduling the purge and appeal reminders failed');
  });
  return async () => {
    stopLiveness();
    stopMaintenance();
    await worker.stop();
  };
}

async function stopAll(stops: readonly (() => Promise<void>)[], database: Database): Promise<void> {
  for (const stop of [...stops].reverse()) {
    await stop();
  }
  await database.close();
}

function waitForSignal(logger: Logger): Promise<void> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      logger.info({ signal }, 'shutting down');
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}
