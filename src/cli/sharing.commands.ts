import type { Command } from 'commander';

/** Adds the commands of sharing (export) to `program`. */
export function registerSharingCommands(_program: Command): void {}
