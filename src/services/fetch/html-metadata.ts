const TITLE = /<title[^>]*>([\s\S]{0,2000}?)<\/title>/i;
const LINK_TAG = /<link\b[^>]*>/gi;
const ATTRIBUTE = /([a-z-]+)\s*=\s*("([^"]*)"|'([^']*)'|([^\s>]+))/gi;
const ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
};

/** Reads the page title, entities decoded and whitespace collapsed, at most 300 characters. */
export function readTitle(html: string): string | undefined {
  const match = TITLE.exec(html);
  if (match === null) {
    return undefined;
  }
  const title = decodeEntities(match[1]!).replace(/\s+/g, ' ').trim();
  return title === '' ? undefined : title.slice(0, 300);
}

/** Finds the favicon URL that a page names, or `/favicon.ico` of its origin. */
export function findFaviconUrl(html: string, pageUrl: string): string {
  for (const tag of html.match(LINK_TAG) ?? []) {
    const attributes = readAttributes(tag);
    const rel = attributes.get('rel')?.toLowerCase().split(/\s+/) ?? [];
    const href = attributes.get('href');
    if (rel.includes('icon') && href !== undefined) {
      try {
        return new URL(decodeEntities(href), pageUrl).toString();
      } catch {
        break;
      }
    }
  }
  return new URL('/favicon.ico', pageUrl).toString();
}

function readAttributes(tag: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const match of tag.matchAll(ATTRIBUTE)) {
    attributes.set(match[1]!.toLowerCase(), match[3] ?? match[4] ?? match[5] ?? '');
  }
  return attributes;
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith('#')) {
      const code =
        name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1));
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}
