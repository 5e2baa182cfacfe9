/** Longest `last_error` text stored, in characters. */
export const MAX_JOB_ERROR_LENGTH = 1000;

const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@:]+:[^\s/@]+@/gi;
const SECRET_ASSIGNMENT =
  /\b(password|passwd|secret|token|api[_-]?key|authorization)(\s*[=:]\s*)\S+/gi;

/**
 * A failure that another attempt cannot fix, such as a payload that fails
 * validation. The worker marks the job dead without retrying.
 */
export class PermanentJobError extends Error {
  override readonly name: string = 'PermanentJobError';
}

/** No handler is registered for the job's name. */
export class UnknownJobError extends PermanentJobError {
  override readonly name = 'UnknownJobError';

  constructor(jobName: string) {
    super(`no handler is registered for job name ${JSON.stringify(jobName)}`);
  }
}

/**
 * Describes a thrown value for the `last_error` column: the error's name and
 * message, never its stack. Masks URL credentials and `password=`-style values
 * and cuts the text to `MAX_JOB_ERROR_LENGTH` characters.
 */
export function describeJobError(error: unknown): string {
  return truncate(redact(summarize(error)), MAX_JOB_ERROR_LENGTH);
}

function summarize(error: unknown): string {
  if (error instanceof Error) {
    return error.message === '' ? error.name : `${error.name}: ${error.message}`;
  }
  if (typeof error === 'string') {
    return error;
  }
  return `non-Error value thrown (${error === null ? 'null' : typeof error})`;
}

function redact(text: string): string {
  return text.replace(URL_CREDENTIALS, '$1***@').replace(SECRET_ASSIGNMENT, '$1$2***');
}

function truncate(text: string, maxLength: number): string {
  return text.length <= maxLength ? text : `${text.slice(0, maxLength - 1)}…`;
}
