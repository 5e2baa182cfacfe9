import type { IndicatorKind } from '../indicators/indicator.ts';
import type { Category } from '../taxonomy.ts';
import type { FeedItem } from './feed-entry.ts';
import { firstCategory } from './feed-category.ts';
import { epochSecondsToIso } from './feed-date.ts';
import { feedEntry, feedError, feedSkip } from './feed-item.ts';
import type { JsonFeedHandler } from './json-feed.ts';
import {
  DESCEND,
  isJsonObject,
  type JsonObject,
  type JsonValue,
  type PathSegment,
  type RecordSpec,
  type Selection,
  stringField,
  type ValueKind,
} from './json-records.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MANIFEST_HEAD =
  /^\s*\{\s*"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"\s*:\s*\{/i;

/**
 * MISP attribute types stored as indicators, and their kinds. For composite
 * types (`a|b`) the first part is taken, except `domain|ip`, which gives both.
 * NOTE: `email-dst` is the recipient of a message, which in a phishing event
 * is usually the target rather than the attacker.
 */
const ATTRIBUTE_KINDS: Readonly<Record<string, IndicatorKind>> = {
  url: 'url',
  domain: 'domain',
  hostname: 'domain',
  'hostname|port': 'domain',
  'ip-dst': 'ip',
  'ip-src': 'ip',
  'ip-dst|port': 'ip',
  'ip-src|port': 'ip',
  email: 'email',
  'email-src': 'email',
  'email-dst': 'email',
  'email-reply-to': 'email',
  'phone-number': 'phone',
};

/** MISP attribute categories that mean malware when no tag names a category. */
const MALWARE_CATEGORIES = new Set([
  'payload delivery',
  'network activity',
  'payload installation',
  'artifacts dropped',
  'persistence mechanism',
]);

const ATTRIBUTE_FIELDS = new Set([
  'type',
  'value',
  'to_ids',
  'timestamp',
  'category',
  'deleted',
  'Tag',
]);

const ATTRIBUTE_SPEC: RecordSpec = { name: 'attribute', fields: ATTRIBUTE_FIELDS };
const TAG_SPEC: RecordSpec = { name: 'tag', fields: new Set(['name']) };
const MANIFEST_SPEC: RecordSpec = { name: 'manifest-event', fields: new Set(['info']) };

/**
 * Maximum entries held back while the event's `Tag` list may still follow
 * its attributes. Past it, entries go out with the categories known so far.
 */
const MAX_PENDING = 50_000;

/** Tells whether a file head is a MISP feed manifest, `{"<event uuid>": {...}, ...}`. */
export function isMispManifest(head: string): boolean {
  return MANIFEST_HEAD.test(head.replace(/^\uFEFF/, ''));
}

/**
 * Lists the event files that a MISP feed manifest names, `<uuid>.json`, in
 * manifest order; they sit beside `manifest.json`. Throws when the manifest is
 * not a JSON object or a key is not a UUID, so that no key can name a path
 * outside the feed folder.
 */
export function mispManifestEventFiles(manifestJson: string): string[] {
  const manifest = JSON.parse(manifestJson) as unknown;
  if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest)) {
    throw new Error('MISP manifest is not a JSON object of events');
  }
  return Object.keys(manifest).map((uuid) => {
    if (!UUID.test(uuid)) {
      throw new Error(
        `MISP manifest key ${JSON.stringify(uuid.slice(0, 80))} is not an event UUID`,
      );
    }
    return `${uuid}.json`;
  });
}

/**
 * Creates the handler for one MISP event file, `{"Event": {...}}`. Every
 * attribute, in `Attribute` and in `Object[].Attribute`, gives an entry or an
 * error. Only attributes with `to_ids` true are read, because MISP sets it on
 * the values meant for detection and blocking. The others are context, such as
 * file names and analysis links, and give errors. A manifest gives one error
 * whose reason directs the caller to the event files it names.
 */
export function createMispHandler(out: FeedItem[]): JsonFeedHandler {
  const event = new MispEvent(out);
  let sawEvent = false;
  let manifestEntries = 0;

  return {
    primaryRecord: ATTRIBUTE_SPEC.name,
    select(path, kind) {
      if (path.length === 1 && path[0] === 'Event') {
        sawEvent = true;
      }
      return selectMisp(path, kind);
    },
    record(spec, value, index) {
      if (spec === TAG_SPEC) {
        event.addTag(value);
      } else if (spec === MANIFEST_SPEC) {
        manifestEntries++;
      } else {
        event.addAttribute(value, index);
      }
    },
    oversized(spec, index, reason) {
      if (spec === ATTRIBUTE_SPEC) {
        event.add({
          item: feedError(index, '', `attribute is too large (${reason}), so it was not read`),
        });
      }
    },
    finish(complete) {
      event.flush();
      if (complete && !sawEvent) {
        const reason =
          manifestEntries > 0
            ? 'the file is a MISP manifest, which contains no attributes; import the event files it names'
            : 'the document has no "Event" object, so it is not a MISP event';
        out.push(feedError(1, '', reason));
      }
    },
  };
}

/**
 * Selects `Event.Tag[i]`, `Event.Attribute[i]` and
 * `Event.Object[i].Attribute[j]`, and the entries of a manifest.
 */
function selectMisp(path: readonly PathSegment[], kind: ValueKind): Selection {
  const [top, section, objectIndex, inner] = path;
  if (path.length === 0) {
    return kind === 'object' ? DESCEND : undefined;
  }
  if (top !== 'Event') {
    return path.length === 1 && typeof top === 'string' && UUID.test(top)
      ? MANIFEST_SPEC
      : undefined;
  }
  if (path.length <= 2) {
    return path.length === 1 || section === 'Tag' || section === 'Attribute' || section === 'Object'
      ? DESCEND
      : undefined;
  }
  if (section === 'Tag' && path.length === 3) {
    return TAG_SPEC;
  }
  if (section === 'Attribute' && path.length === 3) {
    return ATTRIBUTE_SPEC;
  }
  if (section !== 'Object' || typeof objectIndex !== 'number') {
    return undefined;
  }
  if (path.length === 3 || (path.length === 4 && inner === 'Attribute')) {
    return DESCEND;
  }
  return path.length === 5 && inner === 'Attribute' ? ATTRIBUTE_SPEC : undefined;
}

/** An item, with what decides its category once the event's tags are known. */
interface PendingItem {
  readonly item: FeedItem;
  readonly attributeTags?: readonly string[];
  readonly attributeCategory?: string;
}

/**
 * The attributes of one event. The event's tags decide the category of every
 * entry, but MISP may write them after the attributes, so entries are held
 * back until the tags have been read.
 */
class MispEvent {
  private readonly tags: string[] = [];
  private tagState: 'none' | 'reading' | 'read' = 'none';
  private pending: PendingItem[] = [];

  constructor(private readonly out: FeedItem[]) {}

  addTag(tag: JsonValue): void {
    const name = isJsonObject(tag) ? stringField(tag, 'name') : undefined;
    if (name !== undefined) {
      this.tags.push(name);
    }
    this.tagState = 'reading';
  }

  addAttribute(value: JsonValue, index: number): void {
    if (this.tagState === 'reading') {
      this.tagState = 'read';
      this.flush();
    }
    for (const pending of readAttribute(value, index)) {
      this.add(pending);
    }
  }

  add(pending: PendingItem): void {
    if (this.tagState === 'read') {
      this.out.push(this.resolve(pending));
      return;
    }
    this.pending.push(pending);
    if (this.pending.length >= MAX_PENDING) {
      this.flush();
    }
  }

  flush(): void {
    for (const pending of this.pending) {
      this.out.push(this.resolve(pending));
    }
    this.pending = [];
  }

  /** Sets the category: the attribute's tags, then the event's, then the attribute category. */
  private resolve({ item, attributeTags = [], attributeCategory }: PendingItem): FeedItem {
    if (item.type !== 'entry') {
      return item;
    }
    const category =
      firstCategory(attributeTags) ??
      firstCategory(this.tags) ??
      fromAttributeCategory(attributeCategory);
    return category === undefined ? item : { ...item, category };
  }
}

function fromAttributeCategory(category: string | undefined): Category | undefined {
  if (category === undefined) {
    return undefined;
  }
  const lower = category.toLowerCase();
  if (MALWARE_CATEGORIES.has(lower)) {
    return 'malware';
  }
  return lower === 'financial fraud' ? 'fraud' : undefined;
}

function readAttribute(value: JsonValue, index: number): PendingItem[] {
  if (!isJsonObject(value)) {
    return [{ item: feedError(index, JSON.stringify(value), 'attribute is not a JSON object') }];
  }
  const type = stringField(value, 'type') ?? '';
  const text = stringField(value, 'value') ?? '';
  const rejected = rejectAttribute(value, type, text);
  if (rejected !== undefined) {
    const item = text === '' ? feedError(index, text, rejected) : feedSkip(index, text, rejected);
    return [{ item }];
  }
  const timestamp = value['timestamp'];
  const seenAt =
    typeof timestamp === 'string' || typeof timestamp === 'number'
      ? epochSecondsToIso(timestamp)
      : undefined;
  const attributeTags = attributeTagNames(value);
  const attributeCategory = stringField(value, 'category');

  const values = attributeValues(type, text);
  if (values.length === 0) {
    return [{ item: feedError(index, text, 'attribute has no value') }];
  }
  return values.map(({ part, kind }) => ({
    item: feedEntry(index, part, { kind, seenAt }),
    attributeTags,
    ...(attributeCategory !== undefined && { attributeCategory }),
  }));
}

function rejectAttribute(attribute: JsonObject, type: string, text: string): string | undefined {
  if (isTrue(attribute['deleted'])) {
    return 'attribute is deleted';
  }
  if (ATTRIBUTE_KINDS[type] === undefined && type !== 'domain|ip') {
    return `attribute type ${type || '(none)'} is not stored`;
  }
  if (!isTrue(attribute['to_ids'])) {
    return 'attribute has to_ids false, so MISP does not mark it for detection';
  }
  return text === '' ? 'attribute has no value' : undefined;
}

/**
 * Splits an attribute value into its stored parts: `1.2.3.4|80` gives
 * `1.2.3.4`, and `a.com|1.2.3.4` gives both parts.
 */
function attributeValues(type: string, text: string): { part: string; kind: IndicatorKind }[] {
  if (type === 'domain|ip') {
    const [domain = '', ip = ''] = text.split('|').map((part) => part.trim());
    return [
      { part: domain, kind: 'domain' as const },
      { part: ip, kind: 'ip' as const },
    ].filter(({ part }) => part !== '');
  }
  const kind = ATTRIBUTE_KINDS[type] ?? 'url';
  const part = type.includes('|') ? (text.split('|')[0] ?? '').trim() : text;
  return part === '' ? [] : [{ part, kind }];
}

function attributeTagNames(attribute: JsonObject): string[] {
  const tags = attribute['Tag'];
  if (!Array.isArray(tags)) {
    return [];
  }
  return tags.flatMap((tag) => {
    const name = isJsonObject(tag) ? stringField(tag, 'name') : undefined;
    return name === undefined ? [] : [name];
  });
}

/** MISP writes booleans as `true`, or in older exports as `"1"` or `1`. */
function isTrue(value: JsonValue | undefined): boolean {
  return value === true || value === 1 || value === '1' || value === 'true';
}
