const DAY_MS = 86_400_000;
const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
/** Maximum length of one report's period, which bounds what one request reads. */
export const MAX_PERIOD_DAYS = 3660;

export interface Period {
  /** Inclusive start, ISO-8601 UTC. */
  readonly from: string;
  /** Exclusive end, ISO-8601 UTC. */
  readonly to: string;
}

/**
 * Reads a date (`2026-01-31`, a whole UTC day) or an ISO-8601 instant. As the
 * end of a range, a date means the end of that day, so `--from 2026-01-01 --to
 * 2026-01-31` covers all of January. Returns undefined for anything else.
 */
export function parseBoundary(text: string, end: boolean): string | undefined {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed.length > 40) {
    return undefined;
  }
  const day = DAY_PATTERN.test(trimmed);
  const time = Date.parse(day ? `${trimmed}T00:00:00Z` : trimmed);
  if (Number.isNaN(time) || (!day && !/[zZ]|[+-]\d{2}:?\d{2}$/.test(trimmed))) {
    return undefined;
  }
  return new Date(day && end ? time + DAY_MS : time).toISOString();
}

/** A problem with a period, naming the field. */
export interface PeriodProblem {
  readonly field: 'from' | 'to';
  readonly message: string;
}

/** Reads a period from two boundaries, checking order and length. */
export function parsePeriod(from: string, to: string): Period | PeriodProblem {
  const start = parseBoundary(from, false);
  if (start === undefined) {
    return {
      field: 'from',
      message: `from "${clip(from)}" is not a date such as 2026-01-31 or an ISO-8601 time with a zone`,
    };
  }
  const end = parseBoundary(to, true);
  if (end === undefined) {
    return {
      field: 'to',
      message: `to "${clip(to)}" is not a date such as 2026-01-31 or an ISO-8601 time with a zone`,
    };
  }
  if (end <= start) {
    return { field: 'to', message: `to ${to} must be after from ${from}` };
  }
  if (Date.parse(end) - Date.parse(start) > MAX_PERIOD_DAYS * DAY_MS) {
    return { field: 'to', message: `the period may cover at most ${MAX_PERIOD_DAYS} days` };
  }
  return { from: start, to: end };
}

/** Returns the `days` whole UTC days up to and including today, the report's default period. */
export function recentDays(now: Date, days: number): Period {
  const end = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) + DAY_MS;
  return { from: new Date(end - days * DAY_MS).toISOString(), to: new Date(end).toISOString() };
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
