import { type Command, Option } from 'commander';

import { APPEAL_OUTCOMES } from '../domain/archive/appeal.ts';
import { PURGE_COUNT_NAMES } from '../domain/retention/retention-rules.ts';
import { figuresToCsv } from '../domain/transparency/figures-csv.ts';
import { CATEGORIES } from '../domain/taxonomy.ts';
import { decideAppeal, findReviewer, getAppeal } from '../services/appeal.service.ts';
import { purge } from '../services/purge.service.ts';
import { getTransparencyReport } from '../services/transparency.service.ts';
import { selectAppeals } from '../store/appeal.repository.ts';
import { type CliIo, processIo } from './cli-io.ts';
import { withDatabase } from './command-database.ts';

export interface TransparencyCommandOptions {
  readonly from: string;
  readonly to: string;
  readonly format: 'json' | 'csv';
}

/** Runs `vigil report transparency`: prints the figures of a period as JSON or CSV. */
export async function runTransparencyCommand(
  options: TransparencyCommandOptions,
  io: CliIo,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  return withDatabase(io, env, async (database) => {
    const figures = await getTransparencyReport(database, options.from, options.to);
    io.stdout.write(
      options.format === 'csv' ? figuresToCsv(figures) : `${JSON.stringify(figures, null, 2)}\n`,
    );
  });
}

export interface PurgeCommandOptions {
  readonly dryRun: boolean;
  readonly json: boolean;
}

/** Runs `vigil purge`: applies the retention rules, or with --dry-run shows what would go. */
export async function runPurgeCommand(
  options: PurgeCommandOptions,
  io: CliIo,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  return withDatabase(io, env, async (database, config) => {
    const result = await purge(database, config, { dryRun: options.dryRun, actor: 'cli' });
    if (options.json) {
      io.stdout.write(`${JSON.stringify(result)}\n`);
      return;
    }
    const lines = [options.dryRun ? 'dry run: nothing was changed; would purge' : 'purged'];
    for (const name of PURGE_COUNT_NAMES) {
      lines.push(`  ${name}: ${result.counts[name]}`);
    }
    if (result.runId !== null) {
      lines.push(`  recorded as purge run ${result.runId}`);
    }
    if (result.fileErrors > 0) {
      lines.push(`  ${result.fileErrors} evidence files could not be deleted; check the log`);
    }
    io.stdout.write(`${lines.join('\n')}\n`);
  });
}

/** Runs `vigil appeal list`: open appeals, earliest due first. */
export async function runAppealListCommand(
  options: { readonly status?: string; readonly json: boolean },
  io: CliIo,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  return withDatabase(io, env, async (database) => {
    const appeals = await selectAppeals(database.db, {
      ...(options.status !== undefined && { status: options.status }),
      limit: 500,
    });
    for (const appeal of appeals) {
      // The contact stays encrypted and out of the output.
      const printed = {
        ...appeal,
        contact_encrypted: appeal.contact_encrypted === null ? null : '(encrypted)',
      };
      io.stdout.write(
        options.json
          ? `${JSON.stringify(printed)}\n`
          : `${appeal.id}\t${appeal.receipt}\t${appeal.status}\tdue ${appeal.due_at}\n`,
      );
    }
  });
}

export interface AppealDecideCommandOptions {
  readonly reviewer: string;
  readonly outcome: string;
  readonly reasons: string;
  readonly category?: string;
  readonly expires?: string;
  readonly tlp?: string;
}

/**
 * Runs `vigil appeal decide APPEAL`: records the outcome as the reviewer
 * named by e-mail, who must not be the person who made the decision appealed.
 */
export async function runAppealDecideCommand(
  appealRef: string,
  options: AppealDecideCommandOptions,
  io: CliIo,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  return withDatabase(io, env, async (database, config) => {
    const appeal = await getAppeal(
      database,
      /^\d+$/.test(appealRef) ? Number(appealRef) : appealRef,
    );
    const reviewer = await findReviewer(database, options.reviewer);
    const decided = await decideAppeal(
      database,
      undefined,
      {
        appealId: appeal.id,
        reviewerId: reviewer.id,
        outcome: options.outcome,
        reasons: options.reasons,
        ...(options.category !== undefined && { category: options.category }),
        ...(options.expires !== undefined && { expiresAt: options.expires }),
        ...(options.tlp !== undefined && { tlp: options.tlp }),
      },
      { config },
    );
    const decision = decided.decisionId === null ? '' : `, decision ${decided.decisionId}`;
    io.stdout.write(`appeal ${appeal.receipt} ${decided.outcome}${decision}\n`);
  });
}

/** Adds the commands of accountability (report, purge, appeal) to `program`. */
export function registerAccountabilityCommands(program: Command): void {
  program
    .command('report')
    .description('print public reports')
    .command('transparency')
    .description('print the transparency figures of a period')
    .requiredOption('--from <date>', 'first day, such as 2026-01-01, or an ISO-8601 time')
    .requiredOption('--to <date>', 'last day (included), or an ISO-8601 time (excluded)')
    .addOption(
      new Option('--format <format>', 'output format').choices(['json', 'csv']).default('json'),
    )
    .action(async (options: TransparencyCommandOptions) => {
      process.exitCode = await runTransparencyCommand(options, processIo);
    });

  program
    .command('purge')
    .description('delete what the retention rules no longer allow keeping')
    .option('--dry-run', 'count what would go and change nothing', false)
    .option('--json', 'print the result as JSON', false)
    .action(async (options: PurgeCommandOptions) => {
      process.exitCode = await runPurgeCommand(options, processIo);
    });

  const appeal = program.command('appeal').description('review appeals against listings');
  appeal
    .command('list')
    .description('list open appeals, earliest due first')
    .option('--status <status>', 'list appeals with this status instead')
    .option('--json', 'print one JSON object per appeal', false)
    .action(async (options: { status?: string; json: boolean }) => {
      process.exitCode = await runAppealListCommand(options, processIo);
    });
  appeal
    .command('decide')
    .description('decide an appeal as a reviewer other than the person who made the decision')
    .argument('<appeal>', 'appeal id or receipt code')
    .requiredOption('--reviewer <email>', 'e-mail address of the reviewing staff member')
    .addOption(
      new Option('--outcome <outcome>', 'the outcome')
        .choices(APPEAL_OUTCOMES)
        .makeOptionMandatory(),
    )
    .requiredOption(
      '--reasons <text>',
      'statement of reasons, published and shown to the appellant',
    )
    .addOption(new Option('--category <category>', 'new category, for changed').choices(CATEGORIES))
    .option('--expires <time>', 'new expiry as an ISO-8601 time, for changed')
    .option('--tlp <label>', 'new TLP marking, for changed')
    .action(async (appealRef: string, options: AppealDecideCommandOptions) => {
      process.exitCode = await runAppealDecideCommand(appealRef, options, processIo);
    });
}
