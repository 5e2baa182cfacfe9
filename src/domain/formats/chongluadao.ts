import type { Category } from '../taxonomy.ts';
import type { FeedItem } from './feed-entry.ts';
import { feedEntry, feedError, feedSkip } from './feed-item.ts';
import type { ArrayRecordReader } from './json-array.ts';
import { type JsonObject, jsonText, stringField } from './json-records.ts';

/** The keys of a ChongLuaDao record that the parser reads. */
export const CHONGLUADAO_FIELDS = new Set(['url', 'type']);

/** ChongLuaDao's `type` values and their categories. */
const TYPE_CATEGORIES: Readonly<Record<string, Category>> = {
  scam: 'fraud',
  phishing: 'phishing',
  impersonate_fake: 'impersonation',
  dangerous_link: 'malware',
};

/** ChongLuaDao's type for sites with harmful content rather than fraud, phishing or malware. */
const OUT_OF_SCOPE_TYPE = 'bad_sensitive_content';
const OUT_OF_SCOPE_REASON =
  "type bad_sensitive_content is outside Vigil's scope: it marks harmful content, not fraud, phishing or malware";

/**
 * Reads one record of the ChongLuaDao (Vietnam) `blacklist.json` or
 * `whitelist.json` array, `{_id, url, type, level, meta}`. A URL ending in the
 * wildcard `/*` loses it: `http://a.vn/*` becomes `http://a.vn`. Records
 * without a `type`, as in the whitelist, have no category.
 */
export const readChongluadaoRecord: ArrayRecordReader = (
  record: JsonObject,
  index: number,
): FeedItem => {
  const url = stringField(record, 'url');
  if (url === undefined || url === '') {
    return feedError(index, jsonText(record), 'record has no url');
  }
  const value = url.endsWith('/*') ? url.slice(0, -2) : url;
  const type = stringField(record, 'type');
  if (type === OUT_OF_SCOPE_TYPE) {
    return feedSkip(index, url, OUT_OF_SCOPE_REASON);
  }
  const category = type === undefined ? undefined : TYPE_CATEGORIES[type];
  return feedEntry(index, value, { kind: 'url', category });
};
