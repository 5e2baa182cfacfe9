import { createInterface } from 'node:readline';

import { IndicatorError } from '../domain/indicators/indicator.ts';
import { canonicalizeUrl } from '../domain/indicators/url.canonical.ts';
import { urlExpressions } from '../domain/indicators/url.expressions.ts';
import { type CliIo, EXIT_OK } from './cli-io.ts';

export interface CanonicalizeCommandOptions {
  readonly expressions: boolean;
}

/**
 * Runs `vigil canonicalize`: one canonical URL per input line, in order, and an
 * empty line where the input is not a valid URL. With `--expressions`, writes
 * the URL's lookup expressions separated by spaces instead.
 */
export async function runCanonicalizeCommand(
  options: CanonicalizeCommandOptions,
  io: CliIo,
): Promise<number> {
  const lines = createInterface({ input: io.stdin, crlfDelay: Infinity });
  let output = '';
  for await (const line of lines) {
    const canonical = canonicalizeUrl(line);
    if (canonical instanceof IndicatorError) {
      output += '\n';
    } else {
      output += `${options.expressions ? urlExpressions(canonical).join(' ') : canonical}\n`;
    }
    if (output.length > 64 * 1024) {
      await write(io, output);
      output = '';
    }
  }
  await write(io, output);
  return EXIT_OK;
}

function write(io: CliIo, text: string): Promise<void> {
  return new Promise((resolve) => {
    if (io.stdout.write(text)) {
      resolve();
    } else {
      io.stdout.once('drain', resolve);
    }
  });
}
