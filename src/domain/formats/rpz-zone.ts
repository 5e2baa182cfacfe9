import type { FeedItem } from './feed-entry.ts';
import { BINARY_REASON, containsBinary, feedEntry, feedError, feedSkip } from './feed-item.ts';
import type { LineParser } from './line-feed.ts';

const CLASSES = new Set(['IN', 'CH', 'HS', 'CS']);
const TTL = /^\d+[smhdw]?$/i;

/** RPZ triggers that match a name server or the client rather than the queried name. */
const OTHER_TRIGGERS = ['rpz-nsdname', 'rpz-nsip', 'rpz-client-ip'];

/**
 * Creates the parser for a DNS RPZ zone file in master-file syntax. Each
 * record that rewrites a name (`name CNAME .`, `CNAME *.`, `CNAME
 * rpz-drop.`, a redirect or local data) becomes a domain entry, and
 * `*.name` becomes `name`. The SOA and NS records, `$TTL` and other
 * directives, and records that continue the previous owner are skipped.
 * `rpz-passthru.` rules are errors, because they exempt a name. An absolute
 * name (ending in `.`) loses the `$ORIGIN` suffix, when one was set.
 */
export function createRpzZoneParser(): LineParser {
  let origin: string | undefined;
  let inParentheses = false;

  return (text: string, line: number, out: FeedItem[]) => {
    const content = stripSemicolonComment(text);
    if (inParentheses) {
      inParentheses = !content.includes(')');
      return;
    }
    if (content.trim() === '') {
      return;
    }
    inParentheses = content.includes('(') && !content.includes(')');
    if (content.startsWith('$')) {
      origin = readOrigin(content) ?? origin;
      return;
    }
    if (/^\s/.test(content)) {
      // A blank owner repeats the previous one, whose trigger was read already.
      return;
    }
    if (containsBinary(content)) {
      out.push(feedError(line, content, BINARY_REASON));
      return;
    }
    const item = readRecord(content.trim().split(/\s+/), line, origin);
    if (item !== undefined) {
      out.push(item);
    }
  };
}

function stripSemicolonComment(text: string): string {
  const comment = text.indexOf(';');
  return (comment === -1 ? text : text.slice(0, comment)).trimEnd();
}

function readOrigin(directive: string): string | undefined {
  const match = /^\$ORIGIN\s+(\S+)/i.exec(directive);
  return match?.[1]?.toLowerCase().replace(/\.$/, '');
}

/** Reads `owner [ttl] [class] type data`, in either order of TTL and class. */
function readRecord(
  fields: string[],
  line: number,
  origin: string | undefined,
): FeedItem | undefined {
  const [owner = '', ...rest] = fields;
  let index = 0;
  while (index < rest.length && isTtlOrClass(rest[index] ?? '')) {
    index++;
  }
  const type = (rest[index] ?? '').toUpperCase();
  const data = rest.slice(index + 1).join(' ');
  const record = fields.join(' ');

  if (owner === '@' || type === 'SOA' || type === 'NS') {
    return undefined;
  }
  if (type === '') {
    return feedError(line, record, 'record has no type');
  }
  if (type === 'CNAME' && data.toLowerCase() === 'rpz-passthru.') {
    return feedSkip(line, record, 'rpz-passthru rule exempts the name, it does not block it');
  }
  return triggerItem(ownerName(owner, origin), line, record);
}

function isTtlOrClass(field: string): boolean {
  return TTL.test(field) || CLASSES.has(field.toUpperCase());
}

function ownerName(owner: string, origin: string | undefined): string {
  if (!owner.endsWith('.')) {
    return owner;
  }
  const name = owner.slice(0, -1);
  if (origin !== undefined && name.toLowerCase().endsWith(`.${origin}`)) {
    return name.slice(0, -origin.length - 1);
  }
  return name;
}

function triggerItem(name: string, line: number, record: string): FeedItem {
  const labels = name.split('.');
  const last = labels.at(-1)?.toLowerCase() ?? '';
  if (last === 'rpz-ip') {
    return ipTrigger(labels.slice(0, -1), line, record);
  }
  if (OTHER_TRIGGERS.includes(last)) {
    return feedError(line, record, `${last} trigger names no blocked host or address`);
  }
  const host = name.startsWith('*.') ? name.slice(2) : name;
  return feedEntry(line, host, { kind: 'domain' });
}

/**
 * Decodes an `rpz-ip` trigger: the prefix length, then the address labels in
 * reverse order, with `zz` standing for `::` in IPv6. Only single addresses
 * become entries.
 */
function ipTrigger(labels: string[], line: number, record: string): FeedItem {
  const [prefix = '', ...reversed] = labels;
  const address = reversed.reverse();
  const ipv6 = address.length !== 4 || address.some((label) => /[a-z]/i.test(label));
  if (prefix !== (ipv6 ? '128' : '32')) {
    return feedSkip(line, record, `rpz-ip trigger for a /${prefix} range is not stored`);
  }
  return feedEntry(line, ipv6 ? ipv6Address(address) : address.join('.'), { kind: 'ip' });
}

function ipv6Address(labels: string[]): string {
  const text = labels.map((label) => (label.toLowerCase() === 'zz' ? '' : label)).join(':');
  if (text.startsWith(':') && !text.startsWith('::')) {
    return `:${text}`;
  }
  return text.endsWith(':') && !text.endsWith('::') ? `${text}:` : text;
}
