import { createRequire } from 'node:module';

import pino, { type Logger, type LoggerOptions } from 'pino';

/** Keys whose values never reach a log line, at any depth up to four levels. */
const REDACTED_KEYS = ['authorization', 'cookie', 'password', 'token', 'secret'];

/**
 * Returns pino options: JSON lines, or pretty lines when `LOG_FORMAT=pretty`
 * and pino-pretty is installed. Secrets are redacted.
 */
export function loggerOptions(level: string, destination: 1 | 2 = 1): LoggerOptions {
  const redact = REDACTED_KEYS.flatMap((key) => [
    key,
    `*.${key}`,
    `*.*.${key}`,
    `*.*.*.${key}`,
    `req.headers.${key}`,
  ]);
  const options: LoggerOptions = {
    level,
    redact: { paths: redact, censor: '[redacted]' },
    serializers: { req: serializeRequest },
  };
  if (process.env.LOG_FORMAT === 'pretty' && hasPinoPretty()) {
    return {
      ...options,
      transport: { target: 'pino-pretty', options: { destination, colorize: true } },
    };
  }
  return options;
}

/** Creates a logger that writes to stderr, as CLI commands do so stdout stays for results. */
export function createCliLogger(level = process.env.LOG_LEVEL ?? 'info'): Logger {
  const options = loggerOptions(level, 2);
  return options.transport ? pino(options) : pino(options, pino.destination(2));
}

interface LoggedRequest {
  readonly method?: string;
  readonly url?: string;
  readonly host?: string;
  readonly ip?: string;
}

/**
 * Logs a request without its query string: people look up their own phone
 * numbers, e-mail addresses and accounts, and those must not reach the logs.
 */
export function serializeRequest(request: LoggedRequest) {
  return {
    method: request.method,
    url: request.url?.split('?')[0],
    host: request.host,
    remoteAddress: request.ip,
  };
}

function hasPinoPretty(): boolean {
  try {
    createRequire(import.meta.url).resolve('pino-pretty');
    return true;
  } catch {
    return false;
  }
}
