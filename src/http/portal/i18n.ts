import type { FastifyReply, FastifyRequest } from 'fastify';

/** The languages of the public pages. Vietnamese is the default. */
export type Lang = 'vi' | 'en';

export const LANGS: readonly Lang[] = ['vi', 'en'];
export const DEFAULT_LANG: Lang = 'vi';

/** The cookie that keeps the reader's choice of language between pages. */
export const LANG_COOKIE = 'vigil_lang';

/** Values for `{name}` placeholders in a message. */
export type MessageParams = Readonly<Record<string, string | number>>;

/** One message table per language, with the same keys in both. */
export interface MessageTables<Key extends string> {
  readonly vi: Readonly<Record<Key, string>>;
  readonly en: Readonly<Record<Key, string>>;
}

const registry: Record<Lang, Map<string, string>> = { vi: new Map(), en: new Map() };

/**
 * Registers messages for both languages so `t` can find them, and returns the
 * tables. Each part of the product keeps its keys in a file of its own and
 * calls this once at import time. Throws when a key is already registered with
 * a different text, because two parts would then show different words for it.
 */
export function defineMessages<Key extends string>(tables: MessageTables<Key>): MessageTables<Key> {
  for (const lang of LANGS) {
    for (const [key, text] of Object.entries<string>(tables[lang])) {
      const existing = registry[lang].get(key);
      if (existing !== undefined && existing !== text) {
        throw new Error(`message ${key} (${lang}) is already defined with a different text`);
      }
      registry[lang].set(key, text);
    }
  }
  return tables;
}

/**
 * Returns the message `key` in `lang` with `{name}` placeholders filled from
 * `params`. A key missing in `lang` falls back to the other language, and a
 * key missing in both returns the key itself, so a missing message shows as its key
 * instead of failing the page.
 */
export function t(lang: Lang, key: string, params?: MessageParams): string {
  const text = registry[lang].get(key) ?? registry[otherLang(lang)].get(key) ?? key;
  if (params === undefined) {
    return text;
  }
  return text.replace(/\{(\w+)\}/g, (placeholder, name: string) => {
    const value = params[name];
    return value === undefined ? placeholder : String(value);
  });
}

/**
 * Like `t`, but a placeholder may be filled with an element, such as a link:
 * returns the text split around it, for a template to render as children.
 */
export function tParts<Node>(
  lang: Lang,
  key: string,
  params: Readonly<Record<string, string | number | Node>>,
): (string | Node)[] {
  const text = registry[lang].get(key) ?? registry[otherLang(lang)].get(key) ?? key;
  const parts: (string | Node)[] = [];
  let last = 0;
  for (const match of text.matchAll(/\{(\w+)\}/g)) {
    const value = params[match[1]!];
    if (value === undefined) {
      continue;
    }
    parts.push(text.slice(last, match.index));
    parts.push(typeof value === 'number' ? String(value) : value);
    last = match.index + match[0].length;
  }
  parts.push(text.slice(last));
  return parts.filter((part) => part !== '');
}

/** Returns true when `key` is registered in both languages. */
export function hasMessage(key: string): boolean {
  return registry.vi.has(key) && registry.en.has(key);
}

export function parseLang(value: unknown): Lang | undefined {
  return value === 'vi' || value === 'en' ? value : undefined;
}

export function otherLang(lang: Lang): Lang {
  return lang === 'vi' ? 'en' : 'vi';
}

/**
 * Picks the language of a request: `?lang=` first, then a `lang` field of a
 * posted form, then the language cookie, then Vietnamese. Accept-Language is
 * left out on purpose: the portal opens in Vietnamese unless the reader picks
 * English. Reads the Cookie header itself when
 * @fastify/cookie is not registered in the caller's scope.
 */
export function resolveLang(request: FastifyRequest): Lang {
  const query = request.query as Record<string, unknown> | undefined;
  return (
    parseLang(query?.lang) ??
    parseLang(readBodyLang(request)) ??
    parseLang(readCookie(request, LANG_COOKIE)) ??
    DEFAULT_LANG
  );
}

/**
 * Stores the language chosen with `?lang=` in a cookie for the next pages. Call
 * it from a page route. It does nothing when the request has no `?lang=`.
 */
export function rememberLang(request: FastifyRequest, reply: FastifyReply): void {
  const query = request.query as Record<string, unknown> | undefined;
  const chosen = parseLang(query?.lang);
  if (chosen === undefined || readCookie(request, LANG_COOKIE) === chosen) {
    return;
  }
  const maxAge = 365 * 24 * 60 * 60;
  reply.header('set-cookie', `${LANG_COOKIE}=${chosen}; Path=/; Max-Age=${maxAge}; SameSite=Lax`);
}

/**
 * Returns `url` (a path with an optional query) with `lang` set to the given
 * language and every other query parameter kept, for the language switch.
 */
export function withLang(url: string, lang: Lang): string {
  const parsed = new URL(url, 'http://portal.invalid');
  parsed.searchParams.set('lang', lang);
  return `${parsed.pathname}${parsed.search}`;
}

function readCookie(request: FastifyRequest, name: string): string | undefined {
  const parsed = (request as { cookies?: Record<string, string | undefined> }).cookies;
  if (parsed !== undefined) {
    return parsed[name];
  }
  const header = request.headers.cookie;
  if (header === undefined) {
    return undefined;
  }
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) {
      return rest.join('=');
    }
  }
  return undefined;
}

/** Reads the hidden `lang` field in which a form posts its page's language. */
function readBodyLang(request: FastifyRequest): unknown {
  const body = request.body as Record<string, unknown> | undefined;
  if (body === null || typeof body !== 'object') {
    return undefined;
  }
  const value = body.lang;
  return typeof value === 'object' && value !== null && 'value' in value ? value.value : value;
}
