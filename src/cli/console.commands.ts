import { type Command, InvalidArgumentError, Option } from 'commander';

import { ROLES } from '../domain/roles.ts';
import { runAuditExportCommand, runAuditVerifyCommand } from './audit.command.ts';
import { processIo } from './cli-io.ts';
import { runUserAddCommand, runUserResetCommand, type UserAddOptions } from './user.command.ts';

function parseId(value: string): number {
  const id = Number(value);
  if (!Number.isSafeInteger(id) || id < 1) {
    throw new InvalidArgumentError(`${value} is not an id (a positive integer)`);
  }
  return id;
}

/** Adds the commands of the staff console (users and the audit log) to `program`. */
export function registerConsoleCommands(program: Command): void {
  const user = program.command('user').description('manage staff accounts');
  user
    .command('add')
    .description('create a staff account and print its one-time password')
    .argument('<email>', 'the e-mail address the person logs in with')
    .addOption(new Option('--role <role>', 'the role').choices(ROLES).makeOptionMandatory())
    .option(
      '--organisation <id>',
      'the organisation a focal point answers for (required for focal_point)',
      parseId,
    )
    .action(async (email: string, options: UserAddOptions) => {
      process.exitCode = await runUserAddCommand(email, options, processIo);
    });
  user
    .command('reset')
    .description('give an account a new one-time password, end its sessions, remove its TOTP')
    .argument('<email>', 'the e-mail address of the account')
    .action(async (email: string) => {
      process.exitCode = await runUserResetCommand(email, processIo);
    });

  const audit = program.command('audit').description('check and export the audit log');
  audit
    .command('verify')
    .description('check the hash chain; exit 1 and name the first broken entry if it breaks')
    .option('--json', 'print the result as JSON', false)
    .action(async (options: { json: boolean }) => {
      process.exitCode = await runAuditVerifyCommand(options, processIo);
    });
  audit
    .command('export')
    .description('write the whole audit log, in id order')
    .addOption(
      new Option('--format <format>', 'output format').choices(['jsonl', 'csv']).default('jsonl'),
    )
    .option('--output <file>', 'write to this file instead of stdout')
    .action(async (options: { format: 'jsonl' | 'csv'; output?: string }) => {
      process.exitCode = await runAuditExportCommand(options, processIo);
    });
}
