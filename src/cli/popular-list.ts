import { getDomain } from 'tldts';

import type { PopularDomainRow } from '../store/allowlist.repository.ts';

/**
 * Parses a popular-domain list: Tranco's `rank,domain` CSV, a CSV with a `url` column, or one
 * domain per line with `#` comments. Each entry is reduced to its registrable domain; the first
 * (best-ranked) occurrence wins.
 */
export function parsePopularList(text: string): { rows: PopularDomainRow[]; skipped: number } {
  const rows = new Map<string, PopularDomainRow>();
  let skipped = 0;
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#') || /^(url|rank|domain)\b/i.test(trimmed)) {
      continue;
    }
    const fields = trimmed.split(',');
    const rankField = /^\d+$/.test(fields[0]!) && fields.length > 1 ? Number(fields[0]) : null;
    const name = rankField === null ? fields[0]! : fields[1]!;
    const host = name
      .replace(/^[a-z]+:\/\//i, '')
      .split(/[/:]/)[0]!
      .toLowerCase();
    const domain = getDomain(host, { allowPrivateDomains: true });
    if (domain === null) {
      skipped += 1;
      continue;
    }
    if (!rows.has(domain)) {
      rows.set(domain, { domain, rank: rankField });
    }
  }
  return { rows: [...rows.values()], skipped };
}
