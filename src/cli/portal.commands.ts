import { type Command, Option } from 'commander';

import { CATEGORIES } from '../domain/taxonomy.ts';
import { processIo } from './cli-io.ts';
import { runWarningAddCommand, type WarningAddOptions } from './warning.command.ts';

/** Adds the commands of the public portal (warnings) to `program`. */
export function registerPortalCommands(program: Command): void {
  const warning = program.command('warning').description('manage official warnings on /warnings');
  warning
    .command('add')
    .description('publish an official warning about a current scam')
    .requiredOption('--title-vi <title>', 'the title in Vietnamese')
    .option('--title-en <title>', 'the title in English (default: the Vietnamese title)')
    .option('--body-vi <markdown>', 'the text in Vietnamese, Markdown')
    .option('--body-vi-file <path>', 'read the Vietnamese text from this Markdown file')
    .option('--body-en <markdown>', 'the text in English, Markdown (default: the Vietnamese text)')
    .option('--body-en-file <path>', 'read the English text from this Markdown file')
    .addOption(
      new Option('--category <category>', 'the kind of harm')
        .choices(CATEGORIES)
        .makeOptionMandatory(),
    )
    .option(
      '--indicator <value>',
      'a link, number or account the warning is about; repeat for more',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option('--published-at <time>', 'when it is published, ISO 8601 (default: now)')
    .option('--json', 'print the warning as JSON', false)
    .action(async (options: WarningAddOptions) => {
      process.exitCode = await runWarningAddCommand(options, processIo);
    });
}
