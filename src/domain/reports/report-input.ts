import type { Indicator } from '../indicators/indicator.ts';
import { IndicatorError } from '../indicators/indicator.ts';
import { parseIndicator } from '../indicators/parse-indicator.ts';
import { type Category, isCategory } from '../taxonomy.ts';
import { collectProblems, InputProblem } from './input-problem.ts';

/** The kinds of value a reporter may name, as the report form offers them. */
export const REPORTED_KINDS = [
  'link',
  'phone',
  'bank_account',
  'email',
  'social_profile',
  'app',
  'message',
] as const;

export type ReportedKind = (typeof REPORTED_KINDS)[number];

/** The channels through which a reporter may meet a scam. */
export const CHANNELS = [
  'sms',
  'zalo',
  'facebook',
  'phone_call',
  'website',
  'email',
  'other',
] as const;

export type Channel = (typeof CHANNELS)[number];

export const REPORT_LANGUAGES = ['vi', 'en'] as const;
export type ReportLanguage = (typeof REPORT_LANGUAGES)[number];

export const MAX_REPORTED_INDICATORS = 10;
export const MAX_DESCRIPTION_LENGTH = 5000;
export const MAX_MESSAGE_LENGTH = 5000;
export const MAX_CONTACT_LENGTH = 500;
export const MAX_VALUE_LENGTH = 2048;
/** The largest amount lost accepted, in đồng (a thousand billion). */
export const MAX_AMOUNT_LOST = 1e15;

/** The kinds of canonical indicator a "link" may turn out to be. */
const LINK_KINDS = new Set(['url', 'domain', 'ip', 'social_profile', 'app']);

/** A report as received, from JSON or from a form, before any check. */
export interface RawReportSubmission {
  readonly indicators?: unknown;
  readonly category?: unknown;
  readonly channel?: unknown;
  readonly seenAt?: unknown;
  readonly description?: unknown;
  readonly moneyLost?: unknown;
  readonly amountLost?: unknown;
  readonly contact?: unknown;
  readonly language?: unknown;
}

/** One value the reporter named, with its canonical form. */
export interface ReportedIndicator {
  readonly kind: Exclude<ReportedKind, 'message'>;
  /** The value as typed, after trimming. */
  readonly entered: string;
  readonly indicator: Indicator;
}

/** A checked report, ready to store. */
export interface ReportSubmission {
  readonly indicators: readonly ReportedIndicator[];
  /** The text of scam messages the reporter pasted, or null. */
  readonly messageText: string | null;
  readonly category: Category;
  readonly channel: Channel;
  readonly seenAt: string | null;
  readonly description: string;
  readonly moneyLost: boolean;
  readonly amountLost: number | null;
  readonly contact: string | null;
  readonly language: ReportLanguage;
}

/**
 * Checks a report and returns it in canonical form. `now` bounds the date it
 * was seen. Throws an InputProblem naming the first field at fault, such as
 * `indicators.1.value` or `category`.
 */
export function parseReportSubmission(raw: RawReportSubmission, now: Date): ReportSubmission {
  const [found, category, channel, seenAt, description, moneyLost, amountLost, contact] =
    collectProblems([
      () => readIndicators(raw.indicators),
      () => readChoice(raw.category, 'category', isCategory),
      () => readChoice(raw.channel, 'channel', isChannel),
      () => readSeenAt(raw.seenAt, 'seenAt', now),
      () => readText(raw.description, 'description', MAX_DESCRIPTION_LENGTH, true)!,
      () => readFlag(raw.moneyLost, 'moneyLost'),
      () => readAmount(raw.amountLost, 'amountLost'),
      () => readText(raw.contact, 'contact', MAX_CONTACT_LENGTH, false),
    ] as const);
  return {
    indicators: found.indicators,
    messageText: found.messages.length === 0 ? null : found.messages.join('\n\n'),
    category,
    channel,
    seenAt,
    description,
    moneyLost: moneyLost || (amountLost !== null && amountLost > 0),
    amountLost,
    contact,
    language: raw.language === 'en' ? 'en' : 'vi',
  };
}

export function isChannel(value: string): value is Channel {
  return (CHANNELS as readonly string[]).includes(value);
}

export function isReportedKind(value: string): value is ReportedKind {
  return (REPORTED_KINDS as readonly string[]).includes(value);
}

/**
 * Reads one value as the kind the reporter chose. Returns the canonical
 * indicator, or an IndicatorError with the reason.
 */
export function parseReportedValue(
  kind: Exclude<ReportedKind, 'message'>,
  value: string,
): Indicator | IndicatorError {
  if (kind !== 'link') {
    return parseIndicator(value, { kind });
  }
  const parsed = parseIndicator(value);
  if (parsed instanceof IndicatorError || LINK_KINDS.has(parsed.kind)) {
    return parsed;
  }
  return new IndicatorError(value, `this is a ${parsed.kind.replace('_', ' ')}, not a link`);
}

function readIndicators(value: unknown): {
  indicators: ReportedIndicator[];
  messages: string[];
} {
  if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) {
    throw new InputProblem(
      'indicators',
      'no_indicator',
      'indicators: name at least one link, number, account, profile, app or message',
    );
  }
  if (!Array.isArray(value)) {
    throw new InputProblem('indicators', 'invalid', 'indicators: expected a list of {kind, value}');
  }
  if (value.length > MAX_REPORTED_INDICATORS) {
    throw new InputProblem(
      'indicators',
      'too_many',
      `indicators: at most ${MAX_REPORTED_INDICATORS} per report; send the rest in another report`,
      { max: MAX_REPORTED_INDICATORS },
    );
  }

  const indicators: ReportedIndicator[] = [];
  const messages: string[] = [];
  const seen = new Set<string>();
  const linksInMessages: ReportedIndicator[] = [];
  const checks = value.map((item: unknown, index) => () => {
    const entry = (typeof item === 'object' && item !== null ? item : {}) as Record<
      string,
      unknown
    >;
    const kindField = `indicators.${index}.kind`;
    const valueField = `indicators.${index}.value`;
    const kind = readChoice(entry.kind, kindField, isReportedKind);
    if (kind === 'message') {
      const message = readText(entry.value, valueField, MAX_MESSAGE_LENGTH, true)!;
      messages.push(message);
      linksInMessages.push(...linksIn(message));
      return;
    }
    const entered = readText(entry.value, valueField, MAX_VALUE_LENGTH, true)!;
    const indicator = parseReportedValue(kind, entered);
    if (indicator instanceof IndicatorError) {
      throw new InputProblem(
        valueField,
        `value_${kind}`,
        `${valueField}: ${JSON.stringify(entered.slice(0, 100))} is not a valid ${kind.replace('_', ' ')} (${indicator.reason})`,
        { reason: indicator.reason },
      );
    }
    const key = `${indicator.kind}\n${indicator.value}`;
    if (!seen.has(key)) {
      seen.add(key);
      indicators.push({ kind, entered, indicator });
    }
  });
  collectProblems(checks);
  for (const link of linksInMessages) {
    const key = `${link.indicator.kind}\n${link.indicator.value}`;
    if (indicators.length < MAX_REPORTED_INDICATORS && !seen.has(key)) {
      seen.add(key);
      indicators.push(link);
    }
  }
  return { indicators, messages };
}

/**
 * Finds the links in the text of a scam message (`http://`, `https://` or
 * `www.` up to the next space), so they are stored as indicators too. A token
 * that is not a valid link is left in the text only.
 */
export function linksIn(text: string): ReportedIndicator[] {
  const found: ReportedIndicator[] = [];
  for (const match of text.matchAll(/\b(?:https?:\/\/|www\.)[^\s<>"'`]+/giu)) {
    // Punctuation that ends a sentence is not part of the link.
    const entered = match[0].replace(/[.,;:!?)\]}]+$/u, '');
    const indicator = parseReportedValue('link', entered);
    if (!(indicator instanceof IndicatorError)) {
      found.push({ kind: 'link', entered, indicator });
    }
  }
  return found;
}

function readChoice<T extends string>(
  value: unknown,
  field: string,
  isChoice: (value: string) => value is T,
): T {
  if (value === undefined || value === null || value === '') {
    throw new InputProblem(field, 'required', `${field}: is required`);
  }
  if (typeof value !== 'string' || !isChoice(value)) {
    throw new InputProblem(
      field,
      'invalid_choice',
      `${field}: ${typeof value === 'string' ? JSON.stringify(value.slice(0, 50)) : `a ${typeof value}`} is not one of the offered choices`,
    );
  }
  return value;
}

/**
 * Trims and normalizes text (NFC, no control characters other than line
 * breaks and tabs). Returns null for empty optional text.
 */
function readText(value: unknown, field: string, maxLength: number, required: boolean) {
  if (value !== undefined && value !== null && typeof value !== 'string') {
    throw new InputProblem(field, 'invalid', `${field}: expected text`);
  }
  const text = cleanText(value ?? '');
  if (text === '') {
    if (required) {
      throw new InputProblem(field, 'required', `${field}: is required`);
    }
    return null;
  }
  if (text.length > maxLength) {
    throw new InputProblem(
      field,
      'too_long',
      `${field}: has ${text.length} characters; the limit is ${maxLength}`,
      { max: maxLength },
    );
  }
  return text;
}

/** Removes control characters other than tab and line feed, and unifies line ends. */
export function cleanText(value: string): string {
  return value
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '')
    .trim();
}

function readFlag(value: unknown, field: string): boolean {
  if (value === undefined || value === null || value === '' || value === false) {
    return false;
  }
  if (value === true || value === 'yes' || value === 'true' || value === 'on' || value === '1') {
    return true;
  }
  if (value === 'no' || value === 'false' || value === '0') {
    return false;
  }
  throw new InputProblem(field, 'invalid', `${field}: expected yes or no`);
}

function readAmount(value: unknown, field: string): number | null {
  if (value === undefined || value === null || value === '') {
    return null;
  }
  let text = '';
  if (typeof value === 'number') {
    text = String(value);
  } else if (typeof value === 'string') {
    text = value;
  }
  // People write 1.500.000 or 1,500,000 or 1 500 000 đ; grouping is dropped.
  const digits = text.replace(/[\s.,_đ₫]|vnd/gi, '');
  const amount = Number(digits);
  if (!/^\d+$/.test(digits) || !Number.isSafeInteger(amount) || amount > MAX_AMOUNT_LOST) {
    throw new InputProblem(
      field,
      'amount_invalid',
      `${field}: ${JSON.stringify(text.slice(0, 30))} is not an amount in đồng; write digits only, such as 1500000`,
    );
  }
  return amount;
}

function readSeenAt(value: unknown, field: string, now: Date): string | null {
  if (value === undefined || value === null || value === '') {
    return null;
  }
  if (typeof value !== 'string' || value.length > 40) {
    throw new InputProblem(field, 'date_invalid', `${field}: expected a date such as 2026-05-31`);
  }

  // A date or a datetime-local value without zone is read as Vietnam time
  // (UTC+7). Vietnamese write dates day first, as 31/05/2026.
  const dayFirst = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value);
  const isoText = dayFirst
    ? `${dayFirst[3]}-${dayFirst[2]!.padStart(2, '0')}-${dayFirst[1]!.padStart(2, '0')}`
    : value;
  const withZone = /^\d{4}-\d{2}-\d{2}$/.test(isoText)
    ? `${isoText}T00:00:00+07:00`
    : /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(isoText)
      ? `${isoText}+07:00`
      : isoText;

  const date = new Date(withZone);
  if (
    Number.isNaN(date.getTime()) ||
    date.getUTCFullYear() < 2000 ||
    !sameCalendarDay(isoText, date)
  ) {
    throw new InputProblem(
      field,
      'date_invalid',
      `${field}: ${JSON.stringify(value)} is not a date such as 2026-05-31`,
    );
  }
  // A day of slack covers a phone whose clock or time zone is off.
  if (date.getTime() > now.getTime() + 24 * 60 * 60 * 1000) {
    throw new InputProblem(field, 'date_future', `${field}: ${value} is in the future`);
  }
  return date.toISOString();
}

/** False when Date rolled an impossible day over, as 2026-02-31 to March 3. */
function sameCalendarDay(isoText: string, date: Date): boolean {
  const day = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoText);
  if (day === null) {
    return true;
  }
  const local = new Date(date.getTime() + 7 * 60 * 60 * 1000);
  return (
    local.getUTCFullYear() === Number(day[1]) &&
    local.getUTCMonth() + 1 === Number(day[2]) &&
    local.getUTCDate() === Number(day[3])
  );
}
