import { defineMessages, type Lang, t } from './i18n.ts';

/**
 * The time zone public pages show times in. Vietnam has kept UTC+7 without
 * daylight saving time since 1975, so the offset in the zone's name is exact.
 */
export const PORTAL_TIME_ZONE = 'Asia/Ho_Chi_Minh';

defineMessages({
  vi: { 'time.zone': 'giờ Việt Nam, UTC+7' },
  en: { 'time.zone': 'Vietnam time, UTC+7' },
});

const DATE_TIME_FORMATS: Readonly<Record<Lang, Intl.DateTimeFormat>> = {
  vi: new Intl.DateTimeFormat('vi-VN', {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: PORTAL_TIME_ZONE,
  }),
  en: new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: PORTAL_TIME_ZONE,
  }),
};

/**
 * Formats an ISO time in Vietnam time with the zone named, such as
 * "05/12/2026 01:22 (giờ Việt Nam, UTC+7)" or "5 Dec 2026 01:22 (Vietnam time,
 * UTC+7)". The parts are joined here because each locale orders and
 * punctuates date and time differently.
 */
export function formatDateTime(iso: string, lang: Lang): string {
  const parts = Object.fromEntries(
    DATE_TIME_FORMATS[lang].formatToParts(new Date(iso)).map((part) => [part.type, part.value]),
  );
  const date =
    lang === 'vi'
      ? `${parts.day}/${parts.month}/${parts.year}`
      : `${parts.day} ${parts.month} ${parts.year}`;
  return `${date} ${parts.hour}:${parts.minute} (${t(lang, 'time.zone')})`;
}

/** Formats an ISO time as its day in Vietnam, such as "5 tháng 12, 2026". */
export function formatDate(iso: string, lang: Lang): string {
  return new Intl.DateTimeFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', {
    dateStyle: 'long',
    timeZone: PORTAL_TIME_ZONE,
  }).format(new Date(iso));
}
