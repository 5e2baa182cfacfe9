import { type LookalikeResult, findLookalikes } from '../domain/brands/lookalike.ts';
import { type CliIo, EXIT_OK, EXIT_USAGE } from './cli-io.ts';

export interface LookalikeCommandOptions {
  readonly json: boolean;
  /** Tells whether a registrable domain is on the popular-domain list. */
  readonly isPopular?: (registrableDomain: string) => boolean;
}

/**
 * Runs `vigil lookalike DOMAIN...`, or reads one domain per line from stdin when none is given.
 * Prints each domain's hits, or one JSON object per line with `--json`. Exits 0 whether or not
 * anything was found.
 */
export async function runLookalikeCommand(
  domains: readonly string[],
  options: LookalikeCommandOptions,
  io: CliIo,
): Promise<number> {
  const inputs = domains.length > 0 ? domains : await readLines(io);
  if (inputs.length === 0) {
    io.stderr.write('vigil lookalike: give domains as arguments or one per line on stdin\n');
    return EXIT_USAGE;
  }
  for (const input of inputs) {
    const result = findLookalikes(input, options.isPopular ? { isPopular: options.isPopular } : {});
    io.stdout.write(options.json ? `${JSON.stringify(toJson(result))}\n` : formatResult(result));
  }
  return EXIT_OK;
}

function toJson(result: LookalikeResult) {
  return {
    domain: result.domain,
    hits: result.hits.map(({ brand, rule, evidence }) => ({ brand, rule, evidence })),
    suppressed: result.suppressed ?? null,
    ...(result.official ? { official: result.official } : {}),
  };
}

function formatResult(result: LookalikeResult): string {
  if (result.official !== undefined) {
    return `${result.domain}: official domain of ${result.official.brand} (${result.official.officialDomain})\n`;
  }
  const lines = result.hits.map((hit) => `  ${hit.brand}: ${hit.rule}: ${hit.evidence}`);
  if (result.suppressed !== undefined) {
    lines.push(`  suppressed: ${result.suppressed}`);
  }
  if (lines.length === 0) {
    return `${result.domain}: nothing found\n`;
  }
  return `${result.domain}\n${lines.join('\n')}\n`;
}

async function readLines(io: CliIo): Promise<string[]> {
  if (io.stdin.isTTY) {
    return [];
  }
  const chunks: Buffer[] = [];
  for await (const chunk of io.stdin) {
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  }
  return Buffer.concat(chunks)
    .toString('utf8')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}
