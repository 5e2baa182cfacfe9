import { type ChainCheck, checkAuditChain, GENESIS_HASH } from '../domain/audit/audit-chain.ts';
import { VigilError } from '../errors.ts';
import { selectAuditEntries } from '../store/audit.repository.ts';
import type { Database } from '../store/database.ts';

/**
 * Checks the whole audit chain page by page and returns the first break:
 * an edited entry, or one whose predecessor was removed or that was inserted
 * with a forged link.
 */
export async function verifyAuditLog(database: Database): Promise<ChainCheck> {
  let previous = { lastHash: GENESIS_HASH, checked: 0 };
  for await (const page of selectAuditEntries(database.db)) {
    const result = checkAuditChain(page, previous);
    if (!result.ok) {
      return result;
    }
    previous = { lastHash: result.lastHash, checked: result.checked };
  }
  return { ok: true, checked: previous.checked, lastHash: previous.lastHash };
}

export interface AuditQuery {
  readonly actor?: string;
  readonly action?: string;
  readonly targetType?: string;
  readonly targetId?: string;
  /** Entries with an id below this, for the next page (newest first). */
  readonly before?: string;
}

export interface AuditEntryView {
  readonly id: number;
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly targetType: string;
  readonly targetId: string;
  readonly before: string | null;
  readonly after: string | null;
  readonly hash: string;
}

export const AUDIT_PAGE_SIZE = 100;

function trimmed(value: string | undefined): string | undefined {
  const text = value?.trim();
  return text === undefined || text === '' ? undefined : text.slice(0, 200);
}

/** Returns a page of the audit log, newest first, filtered by exact actor, action or target. */
export async function browseAuditLog(
  database: Database,
  query: AuditQuery,
  pageSize = AUDIT_PAGE_SIZE,
): Promise<{ entries: AuditEntryView[]; nextBefore: number | undefined }> {
  let select = database.db.selectFrom('audit_log').selectAll().orderBy('id', 'desc');
  const actor = trimmed(query.actor);
  const action = trimmed(query.action);
  const targetType = trimmed(query.targetType);
  const targetId = trimmed(query.targetId);
  if (actor !== undefined) {
    select = select.where('actor', '=', actor);
  }
  if (action !== undefined) {
    select = select.where('action', '=', action);
  }
  if (targetType !== undefined) {
    select = select.where('target_type', '=', targetType);
  }
  if (targetId !== undefined) {
    select = select.where('target_id', '=', targetId);
  }
  const before = trimmed(query.before);
  if (before !== undefined) {
    const id = Number(before);
    if (!Number.isSafeInteger(id) || id < 1) {
      throw new VigilError('INVALID_INPUT', `before: "${before}" is not an entry id`, 'before');
    }
    select = select.where('id', '<', id);
  }
  const rows = await select.limit(pageSize + 1).execute();
  const entries = rows.slice(0, pageSize).map(toView);
  return {
    entries,
    nextBefore: rows.length > pageSize ? entries[entries.length - 1]?.id : undefined,
  };
}

function toView(row: {
  id: number | bigint;
  at: string;
  actor: string;
  action: string;
  target_type: string;
  target_id: string;
  before: string | null;
  after: string | null;
  hash: string;
}): AuditEntryView {
  return {
    id: Number(row.id),
    at: row.at,
    actor: row.actor,
    action: row.action,
    targetType: row.target_type,
    targetId: row.target_id,
    before: row.before,
    after: row.after,
    hash: row.hash,
  };
}

export type AuditExportFormat = 'jsonl' | 'csv';

const CSV_COLUMNS = [
  'id',
  'at',
  'actor',
  'action',
  'target_type',
  'target_id',
  'before',
  'after',
  'prev_hash',
  'hash',
] as const;

/** Quotes a CSV field and defuses a leading =, +, - or @ that a spreadsheet would run as a formula. */
function csvField(value: string | number | null): string {
  if (value === null) {
    return '';
  }
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) {
    text = `'${text}`;
  }
  return /[",\n\r]/.test(text) || text !== String(value) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * Yields the whole audit log in id order as JSON lines or CSV with a header,
 * with every stored field, so a copy can be checked with `checkAuditChain`.
 */
export async function* exportAuditLog(
  database: Database,
  format: AuditExportFormat,
): AsyncGenerator<string> {
  if (format === 'csv') {
    yield `${CSV_COLUMNS.join(',')}\n`;
  }
  for await (const page of selectAuditEntries(database.db)) {
    let chunk = '';
    for (const entry of page) {
      chunk +=
        format === 'csv'
          ? `${CSV_COLUMNS.map((column) => csvField(entry[column])).join(',')}\n`
          : `${JSON.stringify(entry)}\n`;
    }
    yield chunk;
  }
}
