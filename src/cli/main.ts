import { readFileSync } from 'node:fs';

import { Command, InvalidArgumentError, Option } from 'commander';

import { FEED_FORMATS } from '../domain/formats/feed-entry.ts';
import { INDICATOR_KINDS } from '../domain/indicators/indicator.ts';
import { CATEGORIES } from '../domain/taxonomy.ts';
import { runCanonicalizeCommand } from './canonicalize.command.ts';
import { runCheckCommand } from './check.command.ts';
import { EXIT_USAGE, processIo } from './cli-io.ts';
import { type ImportCommandOptions, runImportCommand } from './import.command.ts';
import { runMigrateCommand } from './migrate.command.ts';
import { runServerCommand } from './server.command.ts';
import { registerAccountabilityCommands } from './accountability.commands.ts';
import { registerConsoleCommands } from './console.commands.ts';
import { registerEnrichmentCommands } from './enrichment.commands.ts';
import { registerPortalCommands } from './portal.commands.ts';
import { registerSharingCommands } from './sharing.commands.ts';

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new InvalidArgumentError(`${value} is not a port number from 0 to 65535`);
  }
  return port;
}

function readVersion(): string {
  const manifest = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
  return (JSON.parse(manifest) as { version: string }).version;
}

/** Builds the `vigil` command line. Each action sets `process.exitCode`. */
export function createProgram(): Command {
  const program = new Command('vigil')
    .description('Report, verify, list and share online fraud, phishing and malware indicators')
    .version(readVersion(), '-V, --version', 'print the version and exit')
    .showHelpAfterError()
    .exitOverride((error) => {
      process.exit(error.exitCode === 0 ? 0 : EXIT_USAGE);
    });

  const serverOptions = (command: Command) =>
    command
      .option('--port <port>', 'TCP port to listen on (default: $PORT or 8080)', parsePort)
      .option(
        '--host <address>',
        'address to listen on (default: $HOST or 127.0.0.1; 0.0.0.0 for all interfaces)',
      );

  serverOptions(program.command('start'))
    .description('run the HTTP server and a job worker in one process')
    .action(async (options: { port?: number; host?: string }) => {
      process.exitCode = await runServerCommand(
        { ...options, http: true, worker: true },
        processIo,
      );
    });

  serverOptions(program.command('serve'))
    .description('run the HTTP server only')
    .action(async (options: { port?: number; host?: string }) => {
      process.exitCode = await runServerCommand(
        { ...options, http: true, worker: false },
        processIo,
      );
    });

  program
    .command('worker')
    .description('run a job worker only')
    .action(async () => {
      process.exitCode = await runServerCommand({ http: false, worker: true }, processIo);
    });

  program
    .command('import')
    .description('import indicators from feed or list files')
    .argument('<file...>', 'files to import, in order')
    .addOption(
      new Option('--format <format>', 'file format')
        .choices(['auto', ...FEED_FORMATS])
        .default('auto'),
    )
    .option('--source <name>', 'provenance name (default: the feed name or the file name)')
    .addOption(new Option('--category <category>', 'category for every entry').choices(CATEGORIES))
    .option('--no-list', 'record indicators and provenance without listing them')
    .option('--json', 'print one JSON summary per file', false)
    .action(async (files: string[], options: ImportCommandOptions) => {
      process.exitCode = await runImportCommand(files, options, processIo);
    });

  program
    .command('check')
    .description('check whether a URL, domain, address, number or account is listed')
    .argument('<value>', 'the value to check')
    .addOption(new Option('--kind <kind>', 'read the value as this kind').choices(INDICATOR_KINDS))
    .option('--json', 'print the result as JSON', false)
    .action(async (value: string, options: { kind?: string; json: boolean }) => {
      process.exitCode = await runCheckCommand(value, options, processIo);
    });

  program
    .command('canonicalize')
    .description('read URLs on stdin, one per line, and write their canonical forms')
    .option('--expressions', 'write the lookup expressions of each URL instead', false)
    .action(async (options: { expressions: boolean }) => {
      process.exitCode = await runCanonicalizeCommand(options, processIo);
    });

  program
    .command('migrate')
    .description('apply pending database migrations and exit')
    .action(async () => {
      process.exitCode = await runMigrateCommand(processIo);
    });

  registerPortalCommands(program);
  registerConsoleCommands(program);
  registerEnrichmentCommands(program);
  registerSharingCommands(program);
  registerAccountabilityCommands(program);

  return program;
}

await createProgram().parseAsync(process.argv);
