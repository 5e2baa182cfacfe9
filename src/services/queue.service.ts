import { INDICATOR_KINDS } from '../domain/indicators/indicator.ts';
import { isCategory } from '../domain/taxonomy.ts';
import { VigilError } from '../errors.ts';
import type { Database } from '../store/database.ts';
import {
  CASE_STATUSES,
  countQueueByStatus,
  type QueueCursor,
  type QueueFilters,
  type QueueItem,
  type QueueSort,
  selectQueuePage,
} from '../store/queue.repository.ts';

export type { QueueItem, QueueSort } from '../store/queue.repository.ts';

export const QUEUE_SORTS: readonly QueueSort[] = ['newest', 'oldest', 'score'];
export const QUEUE_PAGE_SIZE = 50;

/** The queue's query string as it arrives: every field optional text. */
export interface QueueQuery {
  readonly status?: string;
  readonly category?: string;
  readonly kind?: string;
  readonly feed?: string;
  readonly channel?: string;
  /** Items no older than this many days. */
  readonly age?: string;
  readonly minScore?: string;
  /** `me`, `none`, or empty for anyone. */
  readonly assignee?: string;
  readonly sort?: string;
  readonly after?: string;
}

export interface QueuePage {
  readonly items: QueueItem[];
  /** The `after` value of the next page, or undefined on the last page. */
  readonly next: string | undefined;
  readonly counts: Map<string, number>;
  readonly filters: QueueFilters;
  readonly sort: QueueSort;
}

function blankToUndefined(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

function invalid(field: string, message: string): VigilError {
  return new VigilError('INVALID_INPUT', `${field}: ${message}`, field);
}

/** Reads the filters of a queue query; throws INVALID_INPUT naming the field at fault. */
export function parseQueueQuery(
  query: QueueQuery,
  staffId: number,
  now = new Date(),
): { filters: QueueFilters; sort: QueueSort; cursor: QueueCursor | undefined } {
  const status = blankToUndefined(query.status) ?? 'open';
  if (!(CASE_STATUSES as readonly string[]).includes(status)) {
    throw invalid('status', `"${status}" is not one of ${CASE_STATUSES.join(', ')}`);
  }
  const category = blankToUndefined(query.category);
  if (category !== undefined && !isCategory(category)) {
    throw invalid('category', `"${category}" is not in the taxonomy`);
  }
  const kind = blankToUndefined(query.kind);
  if (kind !== undefined && !(INDICATOR_KINDS as readonly string[]).includes(kind)) {
    throw invalid('kind', `"${kind}" is not one of ${INDICATOR_KINDS.join(', ')}`);
  }
  const sort = (blankToUndefined(query.sort) ?? 'newest') as QueueSort;
  if (!QUEUE_SORTS.includes(sort)) {
    throw invalid('sort', `"${sort}" is not one of ${QUEUE_SORTS.join(', ')}`);
  }
  const filters: {
    -readonly [K in keyof QueueFilters]: QueueFilters[K];
  } = { status };
  if (category !== undefined) {
    filters.category = category;
  }
  if (kind !== undefined) {
    filters.kind = kind;
  }
  const feed = blankToUndefined(query.feed);
  if (feed !== undefined) {
    filters.feed = feed.slice(0, 200);
  }
  const channel = blankToUndefined(query.channel);
  if (channel !== undefined) {
    filters.channel = channel.slice(0, 50);
  }
  const age = blankToUndefined(query.age);
  if (age !== undefined) {
    const days = Number(age);
    if (!Number.isInteger(days) || days < 1 || days > 3650) {
      throw invalid('age', `"${age}" is not a number of days from 1 to 3650`);
    }
    filters.createdAfter = new Date(+now - days * 86_400_000).toISOString();
  }
  const minScore = blankToUndefined(query.minScore);
  if (minScore !== undefined) {
    const score = Number(minScore);
    if (!Number.isFinite(score)) {
      throw invalid('minScore', `"${minScore}" is not a number`);
    }
    filters.minScore = score;
  }
  const assignee = blankToUndefined(query.assignee);
  if (assignee === 'me') {
    filters.assignee = staffId;
  } else if (assignee === 'none') {
    filters.assignee = 'none';
  } else if (assignee !== undefined) {
    throw invalid('assignee', `"${assignee}" is not me or none`);
  }
  const after = blankToUndefined(query.after);
  return { filters, sort, cursor: after === undefined ? undefined : decodeCursor(after) };
}

export function encodeCursor(cursor: QueueCursor): string {
  return Buffer.from(JSON.stringify([cursor.value, cursor.type, cursor.id])).toString('base64url');
}

function decodeCursor(text: string): QueueCursor {
  try {
    const [value, type, id] = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as [
      unknown,
      unknown,
      unknown,
    ];
    if (
      (typeof value === 'string' || typeof value === 'number') &&
      (type === 'case' || type === 'report') &&
      typeof id === 'number' &&
      Number.isSafeInteger(id)
    ) {
      return { value, type, id };
    }
  } catch {
    // Reported below as an invalid cursor.
  }
  throw invalid('after', 'is not a cursor this queue gave out; start again from the first page');
}

/** Returns one page of the queue with the counts per status. */
export async function listQueue(
  database: Database,
  query: QueueQuery,
  staffId: number,
  pageSize = QUEUE_PAGE_SIZE,
): Promise<QueuePage> {
  const { filters, sort, cursor } = parseQueueQuery(query, staffId);
  const page = await selectQueuePage(database.db, filters, sort, cursor, pageSize);
  const counts = await countQueueByStatus(database.db);
  return {
    items: page.items,
    next: page.next === undefined ? undefined : encodeCursor(page.next),
    counts,
    filters,
    sort,
  };
}
