import type { Category } from '../taxonomy.ts';
import type { FeedFormat } from './feed-entry.ts';

/** Defaults a format implies for entries that state nothing themselves. */
export interface FeedDefaults {
  /** The category every entry has unless it states another. */
  readonly category?: Category;
  /** The provenance name of a feed with one publisher. Lists of unknown origin have none. */
  readonly source?: string;
}

/** The default category and source name of each format. */
export const FEED_DEFAULTS: Readonly<Record<FeedFormat, FeedDefaults>> = {
  plain: {},
  urlhaus: { category: 'malware', source: 'urlhaus' },
  'phishtank-csv': { category: 'phishing', source: 'phishtank' },
  'phishtank-json': { category: 'phishing', source: 'phishtank' },
  'chongluadao-json': { source: 'chongluadao' },
  openphish: { category: 'phishing', source: 'openphish' },
  stix: {},
  misp: {},
  csv: {},
  hosts: {},
  adblock: {},
  rpz: {},
};
