import type { JsonToken } from './json-tokens.ts';

export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** A key or an array index on the way from the document root to a value. */
export type PathSegment = string | number;
export type ValueKind = 'object' | 'array' | 'scalar';

/** A kind of record a format reads, such as a STIX object or a MISP attribute. */
export interface RecordSpec {
  /** Records are numbered from 1 per name. */
  readonly name: string;
  /** The keys of the record's top-level object to keep. The other keys are skipped unread. */
  readonly fields?: ReadonlySet<string>;
}

/** Keep tracking the path inside this value, because records may lie below it. */
export const DESCEND = 'descend';

/** A record to assemble, `DESCEND`, or undefined to skip the value unread. */
export type Selection = RecordSpec | typeof DESCEND | undefined;

export interface JsonRecordHandler {
  /** Decides what to do with the value that starts at `path`. Called only outside records. */
  select(path: readonly PathSegment[], kind: ValueKind): Selection;
  record(spec: RecordSpec, value: JsonValue, index: number): void;
  /** Called instead of `record` when the record exceeds a size limit; it was not kept. */
  oversized(spec: RecordSpec, index: number, reason: string): void;
}

/** Maximum nesting of the whole document. Feeds nest about 6 levels deep. */
export const MAX_DEPTH = 64;
/** Maximum values (scalars and containers) kept from one record. */
export const MAX_RECORD_VALUES = 10_000;
/** Maximum characters of keys and strings kept from one record. */
export const MAX_RECORD_TEXT = 1_048_576;
/** Keys outside records longer than this cannot match a selector, so only a prefix is kept. */
const MAX_PATH_KEY = 256;

/** The document nests deeper than `MAX_DEPTH`; reading stops. */
export class JsonTooDeepError extends Error {
  override readonly name = 'JsonTooDeepError';
}

interface Frame {
  readonly container: 'object' | 'array';
  key: string | undefined;
  index: number;
}

interface OpenContainer {
  readonly value: JsonValue[] | JsonObject;
  key: string | undefined;
}

interface Assembly {
  readonly spec: RecordSpec;
  readonly index: number;
  readonly stack: OpenContainer[];
  values: number;
  text: number;
  overflow: string | undefined;
}

/**
 * Assembles selected records from a stream of JSON tokens in bounded memory.
 * Values outside records, and fields outside a record's `fields`, are skipped
 * without being built. A record over a size limit is dropped and reported
 * through `oversized`.
 */
export class JsonRecordReader {
  private readonly frames: Frame[] = [];
  private readonly counts = new Map<string, number>();
  private assembly: Assembly | undefined;
  /** Open containers being skipped; 0 when not skipping. */
  private skipDepth = 0;
  /** Skip the next value, because its key is not among the record's fields. */
  private skipNext = false;
  /** Ignore the chunks of the scalar being read. */
  private ignoreScalar = false;
  private text = '';
  private textKind: 'key' | 'string' | 'number' | undefined;

  constructor(private readonly handler: JsonRecordHandler) {}

  push(tokens: readonly JsonToken[]): void {
    for (const token of tokens) {
      this.accept(token);
    }
  }

  /** Returns the number of the record being read under `name`, or else of the next one. */
  recordNumber(name: string): number {
    const count = this.counts.get(name) ?? 0;
    return this.assembly?.spec.name === name ? count : count + 1;
  }

  private accept(token: JsonToken): void {
    switch (token.name) {
      case 'startObject':
      case 'startArray':
        this.startContainer(token.name === 'startObject' ? 'object' : 'array');
        return;
      case 'endObject':
      case 'endArray':
        this.endContainer();
        return;
      case 'startKey':
        this.startText('key');
        return;
      case 'startString':
      case 'startNumber':
        this.startScalar(token.name === 'startString' ? 'string' : 'number');
        return;
      case 'stringChunk':
      case 'numberChunk':
        this.appendText(token.value ?? '');
        return;
      case 'endKey':
        this.endKey();
        return;
      case 'endString':
      case 'endNumber':
        this.endScalar(this.textKind === 'number' ? Number(this.text) : this.text);
        return;
      case 'nullValue':
      case 'trueValue':
      case 'falseValue':
        this.startScalar(undefined);
        this.endScalar(token.name === 'nullValue' ? null : token.name === 'trueValue');
        return;
    }
  }

  private startContainer(container: 'object' | 'array'): void {
    const depth = this.frames.length + (this.assembly?.stack.length ?? 0) + this.skipDepth;
    if (depth >= MAX_DEPTH) {
      throw new JsonTooDeepError(`JSON is nested deeper than ${MAX_DEPTH} levels`);
    }
    if (this.skipDepth > 0 || this.shouldSkipValue(container)) {
      this.skipDepth++;
      return;
    }
    const value: JsonValue[] | JsonObject = container === 'object' ? {} : [];
    if (this.assembly !== undefined) {
      this.attach(value);
      this.assembly?.stack.push({ value, key: undefined });
      return;
    }
    this.frames.push({ container, key: undefined, index: -1 });
  }

  private endContainer(): void {
    if (this.skipDepth > 0) {
      this.skipDepth--;
      if (this.skipDepth === 0) {
        this.finishOverflow();
      }
      return;
    }
    const assembly = this.assembly;
    if (assembly === undefined) {
      this.frames.pop();
      return;
    }
    const closed = assembly.stack.pop();
    if (assembly.stack.length === 0 && closed !== undefined) {
      this.complete(closed.value);
    }
  }

  private startScalar(kind: 'string' | 'number' | undefined): void {
    this.ignoreScalar = this.skipDepth > 0 || this.shouldSkipValue('scalar');
    if (kind !== undefined) {
      this.startText(kind);
    }
  }

  private endScalar(value: string | number | boolean | null): void {
    this.textKind = undefined;
    this.text = '';
    if (this.ignoreScalar) {
      this.ignoreScalar = false;
      if (this.skipDepth === 0) {
        this.finishOverflow();
      }
      return;
    }
    if (this.assembly === undefined) {
      return;
    }
    if (this.assembly.stack.length === 0) {
      this.complete(value);
      return;
    }
    this.attach(value);
  }

  private startText(kind: 'key' | 'string' | 'number'): void {
    this.textKind = kind;
    this.text = '';
  }

  private appendText(chunk: string): void {
    if (this.ignoreScalar || (this.skipDepth > 0 && this.textKind !== undefined)) {
      return;
    }
    const assembly = this.assembly;
    if (assembly === undefined) {
      // Outside records only keys are kept, to match paths.
      if (this.textKind === 'key' && this.text.length <= MAX_PATH_KEY) {
        this.text += chunk;
      }
      return;
    }
    assembly.text += chunk.length;
    if (assembly.text > MAX_RECORD_TEXT) {
      this.overflow(`more than ${MAX_RECORD_TEXT} characters of text`);
      return;
    }
    this.text += chunk;
  }

  private endKey(): void {
    const key = this.text;
    this.textKind = undefined;
    this.text = '';
    if (this.skipDepth > 0) {
      return;
    }
    const assembly = this.assembly;
    if (assembly === undefined) {
      const frame = this.frames.at(-1);
      if (frame !== undefined) {
        frame.key = key;
      }
      return;
    }
    const open = assembly.stack.at(-1);
    if (open === undefined) {
      return;
    }
    const fields = assembly.spec.fields;
    this.skipNext = assembly.stack.length === 1 && fields !== undefined && !fields.has(key);
    open.key = key;
  }

  /**
   * Decides, at the start of a value that is not being skipped, whether to
   * skip it. Outside records it calls the handler's `select`, which may start a record.
   */
  private shouldSkipValue(kind: ValueKind): boolean {
    if (this.assembly !== undefined) {
      if (this.skipNext) {
        this.skipNext = false;
        return true;
      }
      return this.countValue();
    }
    const frame = this.frames.at(-1);
    if (frame?.container === 'array') {
      frame.index++;
    }
    const selection = this.handler.select(this.path(), kind);
    if (selection === DESCEND) {
      return false;
    }
    if (selection === undefined) {
      return true;
    }
    this.startRecord(selection);
    return false;
  }

  /** Counts a record value; returns true, after dropping the record, when it is one too many. */
  private countValue(): boolean {
    const assembly = this.assembly;
    if (assembly === undefined) {
      return false;
    }
    assembly.values++;
    if (assembly.values <= MAX_RECORD_VALUES) {
      return false;
    }
    this.overflow(`more than ${MAX_RECORD_VALUES} values`);
    return true;
  }

  private startRecord(spec: RecordSpec): void {
    const index = (this.counts.get(spec.name) ?? 0) + 1;
    this.counts.set(spec.name, index);
    this.assembly = { spec, index, stack: [], values: 1, text: 0, overflow: undefined };
  }

  private path(): PathSegment[] {
    return this.frames.map((frame) =>
      frame.container === 'array' ? frame.index : (frame.key ?? ''),
    );
  }

  private attach(value: JsonValue): void {
    const open = this.assembly?.stack.at(-1);
    if (open === undefined) {
      return;
    }
    if (Array.isArray(open.value)) {
      open.value.push(value);
    } else if (open.key !== undefined) {
      open.value[open.key] = value;
    }
  }

  private complete(value: JsonValue): void {
    const assembly = this.assembly;
    this.assembly = undefined;
    if (assembly !== undefined) {
      this.handler.record(assembly.spec, value, assembly.index);
    }
  }

  /**
   * Drops the record being assembled and skips the rest of it: the open
   * containers of the record become containers being skipped.
   */
  private overflow(reason: string): void {
    const assembly = this.assembly;
    if (assembly === undefined || assembly.overflow !== undefined) {
      return;
    }
    assembly.overflow = reason;
    this.skipDepth += assembly.stack.length;
    assembly.stack.length = 0;
    this.text = '';
    this.ignoreScalar = this.textKind === 'string' || this.textKind === 'number';
  }

  /** Reports a dropped record once the last of its tokens was skipped. */
  private finishOverflow(): void {
    const assembly = this.assembly;
    if (assembly?.overflow === undefined) {
      return;
    }
    this.assembly = undefined;
    this.handler.oversized(assembly.spec, assembly.index, assembly.overflow);
  }
}

export function isJsonObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Returns the trimmed string at `key`, or undefined when it is absent or not a string. */
export function stringField(record: JsonObject, key: string): string | undefined {
  const value = record[key];
  return typeof value === 'string' ? value.trim() : undefined;
}

/** Returns the strings in the array at `key`, skipping other values. */
export function stringList(record: JsonObject, key: string): string[] {
  const value = record[key];
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : [];
}

/** Compact JSON of a value, for the text of an error item. */
export function jsonText(value: JsonValue): string {
  return JSON.stringify(value);
}
