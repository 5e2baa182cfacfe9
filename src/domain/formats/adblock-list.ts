import type { FeedItem } from './feed-entry.ts';
import { BINARY_REASON, containsBinary, feedEntry, feedError } from './feed-item.ts';
import { looksLikeAddress, parseHostsLine } from './hosts-file.ts';

/** Element hiding, scriptlet and HTML filtering markers: `##`, `#@#`, `#?#`, `#$#`, `#%#`, `$$`. */
const COSMETIC_MARKER = /#@?[?$%]?#|\$@?\$/;

/** Rule options after the last `$`, such as `$all` or `$third-party,domain=a.com|b.com`. */
const OPTIONS = /\$[\w\-~,=|.]*$/;

const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * Reads one line of an Adblock Plus, AdGuard or uBlock Origin list. Blocking
 * rules that name a host, a host and path, or a whole URL become entries.
 * Exception and cosmetic rules, regular expressions and wildcard patterns are
 * errors, because they are not addresses. Hosts-file lines, which uBlock
 * Origin also reads, are read as such.
 */
export function parseAdblockLine(text: string, line: number, out: FeedItem[]): void {
  const rule = text.trim();
  if (isAdblockComment(rule)) {
    return;
  }
  if (containsBinary(rule)) {
    out.push(feedError(line, rule, BINARY_REASON));
    return;
  }
  if (/\s/.test(rule) && looksLikeAddress(rule.split(/\s/, 1)[0] ?? '')) {
    parseHostsLine(rule, line, out);
    return;
  }
  const reason = rejectRule(rule);
  if (reason !== undefined) {
    out.push(feedError(line, rule, reason));
    return;
  }
  const target = ruleTarget(rule.replace(OPTIONS, ''));
  if (typeof target === 'string') {
    out.push(feedError(line, rule, target));
    return;
  }
  out.push(feedEntry(line, target.value, target.url ? { kind: 'url' } : {}));
}

/**
 * Tells whether a line is a comment or a header: `!` comments, `[Adblock
 * Plus 2.0]` headers, and the `# ` comments of AdGuard DNS lists.
 */
function isAdblockComment(rule: string): boolean {
  if (rule === '' || rule.startsWith('!')) {
    return true;
  }
  if (rule.startsWith('[') && rule.endsWith(']')) {
    return true;
  }
  return rule.startsWith('#') && !COSMETIC_MARKER.test(rule);
}

function rejectRule(rule: string): string | undefined {
  if (rule.startsWith('@@')) {
    return 'exception rule (@@) allows an address, it does not block one';
  }
  if (COSMETIC_MARKER.test(rule)) {
    return 'cosmetic rule (##) hides page content, it names no address';
  }
  if (rule.length > 2 && rule.startsWith('/') && rule.endsWith('/')) {
    return 'regular expression rule names no single address';
  }
  if (/\s/.test(rule)) {
    return 'rule contains whitespace';
  }
  return undefined;
}

/** Returns the address a blocking rule names, or the reason it names none. */
function ruleTarget(body: string): { value: string; url: boolean } | string {
  let value = body;
  let url = false;
  if (value.startsWith('||')) {
    value = value.slice(2).replace(/^\*\./, '');
  } else if (value.startsWith('|')) {
    value = value.slice(1);
    url = SCHEME.test(value);
  }
  value = value.replace(/\^?\|?$/, '');
  if (value === '') {
    return 'rule is empty once its options are removed';
  }
  if (/[*^]/.test(value)) {
    return 'wildcard pattern names no single address';
  }
  if (/^[/.?&=:_-]/.test(value)) {
    return 'pattern rule names no host';
  }
  return { value, url };
}
