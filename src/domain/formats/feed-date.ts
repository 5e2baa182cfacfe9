/**
 * `YYYY-MM-DD`, then optionally `T` or a space, `hh:mm`, seconds, a fraction
 * and a zone (`Z`, `+hh:mm`, `+hhmm` or `+hh`). A time without a zone is UTC.
 */
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

/** The last conversion: feeds often repeat one date on consecutive rows. */
let lastText = '';
let lastIso: string | undefined;

/**
 * Converts a feed's date or date-time to an ISO-8601 UTC string such as
 * `2026-08-18T16:17:08.000Z`, or returns undefined when it is not a valid
 * one. Feeds write UTC without saying so (URLhaus `dateadded`), so a missing
 * zone means UTC, never the local time zone.
 */
export function toIsoUtc(text: string): string | undefined {
  if (text === lastText) {
    return lastIso;
  }
  lastText = text;
  lastIso = convert(text.trim());
  return lastIso;
}

function convert(text: string): string | undefined {
  const match = DATE_TIME.exec(text);
  if (match === null) {
    return undefined;
  }
  const [, year, month, day, hour = '0', minute = '0', second = '0', fraction = '', zone = 'Z'] =
    match;
  const fields = [year, month, day, hour, minute, second].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (!validFields(...fields)) {
    return undefined;
  }
  const [y, mo, d, h, mi, s] = fields;
  const millis = Number(fraction.padEnd(3, '0').slice(0, 3));
  const time = Date.UTC(y, mo - 1, d, h, mi, s, millis) - offsetMinutes(zone) * 60_000;
  return new Date(time).toISOString();
}

function validFields(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
) {
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const dateValid = year >= 1970 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth;
  return dateValid && hour < 24 && minute < 60 && second < 60;
}

function offsetMinutes(zone: string): number {
  if (zone.toUpperCase() === 'Z') {
    return 0;
  }
  const digits = zone.slice(1).replace(':', '').padEnd(4, '0');
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4));
  return zone.startsWith('-') ? -minutes : minutes;
}

/** Converts Unix time in seconds, as MISP writes it, to an ISO-8601 UTC string. */
export function epochSecondsToIso(value: string | number): string | undefined {
  if (typeof value === 'string' && value.trim() === '') {
    return undefined;
  }
  const seconds = typeof value === 'number' ? value : Number(value.trim());
  const date = new Date(seconds * 1000);
  return Number.isFinite(seconds) && !Number.isNaN(date.getTime()) ? date.toISOString() : undefined;
}
