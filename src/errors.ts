/**
 * The catalogue of errors that Vigil reports to callers. Each has a stable
 * code, an HTTP status and a default message. The HTTP layer and the CLI
 * render them from this table.
 */
export const ERROR_CATALOGUE = {
  INVALID_INPUT: { statusCode: 400, message: 'Invalid input' },
  INVALID_INDICATOR: { statusCode: 400, message: 'Invalid indicator' },
  UNKNOWN_FORMAT: { statusCode: 400, message: 'Unknown format' },
  FORMAT_MISMATCH: { statusCode: 400, message: 'The content does not match the format' },
  FILE_NOT_FOUND: { statusCode: 404, message: 'File not found' },
  UNAUTHORIZED: { statusCode: 401, message: 'Missing or invalid credentials' },
  FORBIDDEN: { statusCode: 403, message: 'Not allowed' },
  NOT_FOUND: { statusCode: 404, message: 'Not found' },
  NOT_ACCEPTABLE: { statusCode: 406, message: 'No acceptable media type' },
  CONFLICT: { statusCode: 409, message: 'Conflict' },
  RATE_LIMITED: { statusCode: 429, message: 'Too many requests' },
  INTERNAL: { statusCode: 500, message: 'Internal error' },
} as const satisfies Record<string, { statusCode: number; message: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/** An error a caller can act on: it names the value and what to do. */
export class VigilError extends Error {
  override readonly name = 'VigilError';
  readonly statusCode: number;

  constructor(
    readonly code: ErrorCode,
    message: string = ERROR_CATALOGUE[code].message,
    /** The input field or CLI option at fault, when there is one. */
    readonly field?: string,
  ) {
    super(message);
    this.statusCode = ERROR_CATALOGUE[code].statusCode;
  }
}

export function isVigilError(error: unknown): error is VigilError {
  return error instanceof VigilError;
}
