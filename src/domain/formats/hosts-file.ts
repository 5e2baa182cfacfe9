import type { FeedItem } from './feed-entry.ts';
import { BINARY_REASON, containsBinary, feedEntry, feedError } from './feed-item.ts';
import { stripHashComment } from './line-feed.ts';

/** Names that hosts files map for the local machine rather than to block a host. */
const LOCAL_NAMES = new Set([
  'localhost',
  'localhost.localdomain',
  'local',
  'broadcasthost',
  'ip6-localhost',
  'ip6-loopback',
  'ip6-localnet',
  'ip6-mcastprefix',
  'ip6-allnodes',
  'ip6-allrouters',
  'ip6-allhosts',
]);

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
const IPV6 = /^[0-9a-f]*:[0-9a-f:.]*(%\S+)?$/i;

/** Tells whether a field is written like an IPv4 or IPv6 address, without validating it. */
export function looksLikeAddress(field: string): boolean {
  return IPV4.test(field) || IPV6.test(field);
}

/**
 * Reads one hosts-file line, `ADDRESS NAME [NAME...]`, as one domain entry per
 * name. Local names and the address itself are skipped without an error.
 */
export function parseHostsLine(text: string, line: number, out: FeedItem[]): void {
  const content = stripHashComment(text);
  if (content === '') {
    return;
  }
  if (containsBinary(content)) {
    out.push(feedError(line, content, BINARY_REASON));
    return;
  }
  const [address = '', ...names] = content.split(/\s+/);
  if (!looksLikeAddress(address)) {
    out.push(feedError(line, content, 'hosts line does not start with an IP address'));
    return;
  }
  if (names.length === 0) {
    out.push(feedError(line, content, 'hosts line has no host name'));
    return;
  }
  for (const name of names) {
    if (name === address || LOCAL_NAMES.has(name.toLowerCase())) {
      continue;
    }
    // Some block lists put addresses in the name column; the caller reads those as addresses.
    out.push(feedEntry(line, name, looksLikeAddress(name) ? {} : { kind: 'domain' }));
  }
}
