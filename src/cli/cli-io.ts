import type { Readable, Writable } from 'node:stream';

import { VigilError, isVigilError } from '../errors.ts';
import { isPostgresUrl } from '../store/database.ts';

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

/** The settings a command was using when it failed, so that its error message can name them. */
export interface ErrorContext {
  /** The database URL in use. Messages show its host, port and database, never its password. */
  readonly databaseUrl?: string;
  /** The address the HTTP server was asked to listen on. */
  readonly listen?: { readonly host: string; readonly port: number };
}

/**
 * Network errors from connecting to PostgreSQL, and the SQLSTATE codes it
 * returns for a rejected login (28000, 28P01) or a missing database (3D000).
 */
const DATABASE_CONNECT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  '28000',
  '28P01',
  '3D000',
]);

/** Writes an error to stderr and returns the exit code for it. */
export function reportError(io: CliIo, error: unknown, context: ErrorContext = {}): number {
  const explained = explainError(error, context);
  if (isVigilError(explained)) {
    io.stderr.write(`vigil: ${explained.message}\n`);
    return explained.statusCode === 500 ? EXIT_SOFTWARE : EXIT_FAILURE;
  }
  const message = explained instanceof Error ? explained.message : String(explained);
  io.stderr.write(`vigil: unexpected error: ${message}\n`);
  return EXIT_SOFTWARE;
}

/**
 * Turns a system error that the user can fix into a VigilError that names the
 * setting and what to change. It handles a listen port in use or not allowed,
 * a listen address not on this machine, and a PostgreSQL server that cannot be
 * reached or rejects the login. Returns any other error unchanged.
 */
export function explainError(error: unknown, context: ErrorContext): unknown {
  if (!(error instanceof Error) || isVigilError(error)) {
    return error;
  }
  const { code, syscall } = error as NodeJS.ErrnoException;
  if (code === undefined) {
    return error;
  }
  if (syscall === 'listen' && context.listen !== undefined) {
    return explainListenError(code, context.listen) ?? error;
  }
  if (context.databaseUrl !== undefined && isPostgresUrl(context.databaseUrl)) {
    return DATABASE_CONNECT_CODES.has(code) ? databaseError(error, context.databaseUrl) : error;
  }
  return error;
}

function explainListenError(
  code: string,
  { host, port }: { readonly host: string; readonly port: number },
): VigilError | undefined {
  switch (code) {
    case 'EADDRINUSE':
      return new VigilError(
        'CONFLICT',
        `port ${port} on ${host} is already in use; pass --port or set PORT`,
        'port',
      );
    case 'EACCES':
      return new VigilError(
        'INVALID_INPUT',
        `permission denied to listen on port ${port} on ${host}; pass --port or set PORT to a port above 1023`,
        'port',
      );
    case 'EADDRNOTAVAIL':
      return new VigilError(
        'INVALID_INPUT',
        `${host} is not an address of this machine; pass --host or set HOST`,
        'host',
      );
    default:
      return undefined;
  }
}

function databaseError(error: Error, databaseUrl: string): VigilError {
  const where = describeDatabaseUrl(databaseUrl);
  const reason = hidePassword(describeReason(error), databaseUrl);
  return new VigilError(
    'INVALID_INPUT',
    `cannot connect to the database at ${where}: ${reason}; check DATABASE_URL and that the server is running`,
    'DATABASE_URL',
  );
}

/** Formats a PostgreSQL URL as `postgres://HOST:PORT/DB`, without user or password. */
function describeDatabaseUrl(databaseUrl: string): string {
  if (!URL.canParse(databaseUrl)) {
    return 'DATABASE_URL';
  }
  const url = new URL(databaseUrl);
  return `postgres://${url.hostname || 'localhost'}:${url.port || '5432'}${url.pathname}`;
}

/**
 * Returns the message of `error`, or of the errors inside it, because Node sets
 * no message on the AggregateError of a connect that tried IPv4 and IPv6.
 */
function describeReason(error: Error): string {
  if (error.message !== '') {
    return error.message;
  }
  if (error instanceof AggregateError) {
    const messages = error.errors.map((inner) => (inner instanceof Error ? inner.message : ''));
    const joined = messages.filter((message) => message !== '').join('; ');
    if (joined !== '') {
      return joined;
    }
  }
  return (error as NodeJS.ErrnoException).code ?? error.name;
}

function hidePassword(text: string, databaseUrl: string): string {
  const password = URL.canParse(databaseUrl) ? new URL(databaseUrl).password : '';
  if (password === '') {
    return text;
  }
  return text.replaceAll(password, '***').replaceAll(decodeOrKeep(password), '***');
}

function decodeOrKeep(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
