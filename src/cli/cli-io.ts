import type { Readable, Writable } from 'node:stream';

import { isVigilError } from '../errors.ts';

/** The streams a command reads and writes, so tests can capture them. */
export interface CliIo {
  readonly stdin: Readable & { isTTY?: boolean };
  readonly stdout: Writable & { isTTY?: boolean };
  readonly stderr: Writable & { isTTY?: boolean };
}

export const processIo: CliIo = {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
};

/** Exit codes: 0 success, 1 a failure the user can fix, 2 a usage error, 70 our own fault. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
export const EXIT_SOFTWARE = 70;

/** Writes an error to stderr and returns the exit code for it. */
export function reportError(io: CliIo, error: unknown): number {
  if (isVigilError(error)) {
    io.stderr.write(`vigil: ${error.message}\n`);
    return error.statusCode === 500 ? EXIT_SOFTWARE : EXIT_FAILURE;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr.write(`vigil: unexpected error: ${message}\n`);
  return EXIT_SOFTWARE;
}
