import type { Command } from 'commander';

/** Adds the commands of the public portal (warnings) to `program`. */
export function registerPortalCommands(_program: Command): void {}
