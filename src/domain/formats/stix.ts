import type { IndicatorKind } from '../indicators/indicator.ts';
import type { Category } from '../taxonomy.ts';
import type { FeedItem } from './feed-entry.ts';
import { firstCategory } from './feed-category.ts';
import { toIsoUtc } from './feed-date.ts';
import { feedEntry, feedError, feedSkip } from './feed-item.ts';
import type { JsonFeedHandler } from './json-feed.ts';
import {
  DESCEND,
  isJsonObject,
  type JsonObject,
  type RecordSpec,
  stringField,
  stringList,
} from './json-records.ts';
import { type StixComparison, stixComparisons } from './stix-pattern.ts';

/** Object paths whose value is an indicator kind that Vigil stores. */
const STORED_PATHS: Readonly<Record<string, IndicatorKind>> = {
  'url:value': 'url',
  'domain-name:value': 'domain',
  'ipv4-addr:value': 'ip',
  'ipv6-addr:value': 'ip',
  'email-addr:value': 'email',
  'email-message:from_ref.value': 'email',
  'email-message:sender_ref.value': 'email',
};

/** `indicator_types` values that name no harm: the indicator is not listed. */
const HARMLESS_TYPES = new Set(['benign', 'anonymization']);

const OBJECT_FIELDS = new Set([
  'type',
  'pattern',
  'pattern_type',
  'indicator_types',
  'labels',
  'valid_from',
  'valid_until',
  'created',
  'revoked',
]);

/**
 * Creates the handler for a STIX 2.1 bundle. Each `indicator` object with a
 * STIX pattern gives one entry per equality comparison on a URL, domain, IP
 * or e-mail address, or one error when it has none. Other objects are
 * ignored. Objects are numbered by their position in `objects`.
 */
export function createStixHandler(out: FeedItem[], now: Date): JsonFeedHandler {
  const objectSpec: RecordSpec = { name: 'object', fields: OBJECT_FIELDS };
  const typeSpec: RecordSpec = { name: 'bundle-type' };
  let bundleType: string | undefined;

  return {
    primaryRecord: objectSpec.name,
    select(path, kind) {
      if (path.length === 0) {
        return kind === 'object' ? DESCEND : undefined;
      }
      if (path.length === 1 && path[0] === 'type') {
        return typeSpec;
      }
      if (path.length === 1) {
        return path[0] === 'objects' ? DESCEND : undefined;
      }
      return path.length === 2 && path[0] === 'objects' ? objectSpec : undefined;
    },
    record(spec, value, index) {
      if (spec === typeSpec) {
        bundleType = typeof value === 'string' ? value : undefined;
        return;
      }
      if (isJsonObject(value) && value['type'] === 'indicator') {
        out.push(...readIndicator(value, index, now));
      }
    },
    oversized(_spec, index, reason) {
      out.push(feedError(index, '', `object is too large (${reason}), so it was not read`));
    },
    finish(complete) {
      if (complete && bundleType !== 'bundle') {
        out.push(
          feedError(1, '', 'the document is not a STIX 2.1 bundle: its type is not "bundle"'),
        );
      }
    },
  };
}

function readIndicator(indicator: JsonObject, index: number, now: Date): FeedItem[] {
  const pattern = stringField(indicator, 'pattern') ?? '';
  const rejected = rejectIndicator(indicator, pattern, now);
  if (rejected !== undefined) {
    return [
      pattern === '' ? feedError(index, pattern, rejected) : feedSkip(index, pattern, rejected),
    ];
  }
  const category = indicatorCategory(indicator);
  if (category === undefined) {
    return [
      feedSkip(
        index,
        pattern,
        'indicator_types marks the indicator benign or anonymization, not harmful',
      ),
    ];
  }
  const comparisons = stixComparisons(pattern);
  if (typeof comparisons === 'string') {
    return [feedError(index, pattern, comparisons)];
  }
  const seenAt = toIsoUtc(
    stringField(indicator, 'valid_from') ?? stringField(indicator, 'created') ?? '',
  );
  const entries = comparisons.flatMap((comparison) =>
    storedValues(comparison).map(({ value, kind }) =>
      feedEntry(index, value, { kind, category, seenAt }),
    ),
  );
  if (entries.length > 0) {
    return entries;
  }
  return [feedSkip(index, pattern, unstoredReason(comparisons))];
}

function rejectIndicator(indicator: JsonObject, pattern: string, now: Date): string | undefined {
  if (indicator['revoked'] === true) {
    return 'indicator is revoked';
  }
  const validUntil = toIsoUtc(stringField(indicator, 'valid_until') ?? '');
  if (validUntil !== undefined && Date.parse(validUntil) <= now.getTime()) {
    return `expired: valid_until ${validUntil} has passed`;
  }
  const patternType = stringField(indicator, 'pattern_type') ?? 'stix';
  if (patternType.toLowerCase() !== 'stix') {
    return `pattern_type ${patternType} is not read, only stix patterns`;
  }
  return pattern === '' ? 'indicator has no pattern' : undefined;
}

/**
 * Returns the category that labels or custom indicator types name, such as
 * `phishing`, else `unspecified`. Returns undefined when every indicator type
 * is benign or anonymization.
 */
function indicatorCategory(indicator: JsonObject): Category | undefined {
  const types = stringList(indicator, 'indicator_types').map((type) => type.toLowerCase());
  const named = firstCategory([...stringList(indicator, 'labels'), ...types]);
  if (named !== undefined) {
    return named;
  }
  if (types.length > 0 && types.every((type) => HARMLESS_TYPES.has(type))) {
    return undefined;
  }
  return 'unspecified';
}

/** Lists the values a comparison names exactly: `=` or `IN` on a stored path, not negated. */
function storedValues(comparison: StixComparison): { value: string; kind: IndicatorKind }[] {
  const kind = STORED_PATHS[comparison.path];
  const exact = comparison.operator === '=' || comparison.operator === 'IN';
  if (kind === undefined || !exact || comparison.negated || !comparison.allStrings) {
    return [];
  }
  return comparison.values
    .map((value) => value.trim())
    .filter((value) => value !== '')
    .map((value) => ({ value, kind }));
}

function unstoredReason(comparisons: readonly StixComparison[]): string {
  const first = comparisons[0];
  if (first === undefined) {
    return 'pattern has no comparison';
  }
  if (first.path.startsWith('file:hashes')) {
    return 'file hashes are not stored';
  }
  if (STORED_PATHS[first.path] !== undefined) {
    const operator = first.negated ? `NOT ${first.operator}` : first.operator;
    return `${first.path} ${operator} matches many values, so it names no single indicator`;
  }
  return `${first.path} is not an indicator kind Vigil stores`;
}
