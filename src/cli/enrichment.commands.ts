import { readFileSync } from 'node:fs';

import type { Command } from 'commander';

import { type Config, loadConfig } from '../config.ts';
import { parseIndicator } from '../domain/indicators/parse-indicator.ts';
import { IndicatorError } from '../domain/indicators/indicator.ts';
import { VigilError } from '../errors.ts';
import { createEnrichmentTools, enrichIndicators } from '../services/enrichment.service.ts';
import { describeIndicatorEnrichment } from '../services/indicator-enrichment.service.ts';
import { refreshBootstrap } from '../services/rdap.service.ts';
import { insertPopularDomains } from '../store/allowlist.repository.ts';
import { openDatabase } from '../store/database.ts';
import { upsertIndicatorBatch } from '../store/indicator-batch.repository.ts';
import { type CliIo, EXIT_OK, processIo, reportError } from './cli-io.ts';
import { formatEnrichment } from './enrichment-text.ts';
import { runFetchCommand } from './fetch.command.ts';
import { parsePopularList } from './popular-list.ts';
import { runLookalikeCommand } from './lookalike.command.ts';

/** The default source of `vigil rdap refresh`: IANA's published bootstrap folder. */
const IANA_BOOTSTRAP_URL = 'https://data.iana.org/rdap/';

/** Adds the commands of enrichment (fetch, lookalike, enrich, rdap, allowlist) to `program`. */
export function registerEnrichmentCommands(program: Command): void {
  program
    .command('fetch')
    .description('fetch a URL once through the safe fetch and print what it recorded')
    .argument('<url>', 'the http or https URL')
    .option('--json', 'print the record as JSON', false)
    .action(async (url: string, options: { json: boolean }) => {
      const config = loadConfig();
      const tools = createEnrichmentTools(config);
      process.exitCode = await runFetchCommand(
        url,
        { json: options.json, outbound: tools.outbound },
        tools.fetcher,
        processIo,
      );
    });

  program
    .command('lookalike')
    .description('check domains against protected brands; reads stdin when none is given')
    .argument('[domains...]', 'domains, hosts or URLs')
    .option('--json', 'print one JSON object per domain', false)
    .action(async (domains: string[], options: { json: boolean }) => {
      process.exitCode = await runLookalikeCommand(domains, options, processIo);
    });

  program
    .command('enrich')
    .description('run every enrichment step for one value and print the results')
    .argument('<value>', 'a URL, domain or IP address')
    .option('--json', 'print the stored results as JSON', false)
    .action(async (value: string, options: { json: boolean }) => {
      process.exitCode = await runEnrichCommand(value, processIo, { json: options.json });
    });

  program
    .command('rdap')
    .description('manage RDAP bootstrap data')
    .command('refresh')
    .description('load IANA RDAP bootstrap files into the data folder')
    .option(
      '--from <source>',
      'a bootstrap file, a folder of them, or an http(s) URL',
      IANA_BOOTSTRAP_URL,
    )
    .action(async (options: { from: string }) => {
      process.exitCode = await runRdapRefreshCommand(options.from, processIo);
    });

  program
    .command('allowlist')
    .description('manage the popular-domain list that suppresses lookalike hits')
    .command('import')
    .description('import a Tranco-style CSV (rank,domain) or one domain per line')
    .argument('<file>', 'the list file')
    .option('--source <name>', 'the list name recorded with each domain', 'popular-list')
    .action(async (file: string, options: { source: string }) => {
      process.exitCode = await runAllowlistImportCommand(file, options.source, processIo);
    });
}

export interface EnrichCommandOptions {
  /** Print the stored results as JSON instead of labelled lines. */
  readonly json?: boolean;
  /** Defaults to the configuration of the environment. */
  readonly config?: Config;
}

/**
 * Runs `vigil enrich VALUE`: stores the value as an indicator, runs every enrichment step on it
 * and prints what was stored: lookalikes, DNS records, registration data, the page and liveness.
 */
export async function runEnrichCommand(
  value: string,
  io: CliIo,
  options: EnrichCommandOptions = {},
): Promise<number> {
  try {
    const config = options.config ?? loadConfig();
    const indicator = parseIndicator(value);
    if (indicator instanceof IndicatorError) {
      throw new VigilError('INVALID_INDICATOR', indicator.message, 'value');
    }
    const database = await openDatabase(config.databaseUrl);
    try {
      const now = new Date().toISOString();
      await upsertIndicatorBatch(
        database,
        [
          {
            kind: indicator.kind,
            value: indicator.value,
            host: indicator.host ?? null,
            registrableDomain: indicator.registrableDomain ?? null,
            category: 'other',
            seenAt: null,
            reasons: null,
          },
        ],
        { source: 'cli:enrich', now, tlp: 'TLP:AMBER' },
      );
      const row = await database.db
        .selectFrom('indicators')
        .select('id')
        .where('kind', '=', indicator.kind)
        .where('value', '=', indicator.value)
        .executeTakeFirstOrThrow();
      const id = Number(row.id);
      await enrichIndicators(database, [id], createEnrichmentTools(config));
      const view = await describeIndicatorEnrichment(database, id);
      if (view === undefined) {
        throw new VigilError('NOT_FOUND', `indicator ${id} disappeared while it was enriched`);
      }
      io.stdout.write(options.json ? `${JSON.stringify(view, null, 2)}\n` : formatEnrichment(view));
      return EXIT_OK;
    } finally {
      await database.close();
    }
  } catch (error) {
    return reportError(io, error, {});
  }
}

/** Runs `vigil rdap refresh`: stores the bootstrap files under `<dataDir>/rdap`. */
export async function runRdapRefreshCommand(from: string, io: CliIo): Promise<number> {
  try {
    const config = loadConfig();
    if (/^https?:/.test(from) && !config.enrichment.outbound) {
      throw new VigilError(
        'INVALID_INPUT',
        `outbound network access is off; give --from a file or folder`,
        'from',
      );
    }
    const written = await refreshBootstrap(from, `${config.dataDir}/rdap`);
    io.stdout.write(written.map((path) => `wrote ${path}\n`).join(''));
    return EXIT_OK;
  } catch (error) {
    return reportError(io, error, {});
  }
}

/** Runs `vigil allowlist import FILE`. */
export async function runAllowlistImportCommand(
  file: string,
  source: string,
  io: CliIo,
): Promise<number> {
  try {
    const config = loadConfig();
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      throw new VigilError('FILE_NOT_FOUND', `${file} cannot be read; check the path`, 'file');
    }
    const { rows, skipped } = parsePopularList(text);
    const database = await openDatabase(config.databaseUrl);
    try {
      const count = await insertPopularDomains(database, rows, {
        source,
        now: new Date().toISOString(),
      });
      io.stdout.write(`imported ${count} popular domains from ${file}; skipped ${skipped} lines\n`);
      return EXIT_OK;
    } finally {
      await database.close();
    }
  } catch (error) {
    return reportError(io, error, {});
  }
}
