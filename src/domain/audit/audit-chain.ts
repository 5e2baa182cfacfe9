import { createHash } from 'node:crypto';

/** The `prev_hash` of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields of an audit entry that its hash covers. */
export interface AuditEntryContent {
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly target_type: string;
  readonly target_id: string;
  readonly before: string | null;
  readonly after: string | null;
}

export interface StoredAuditEntry extends AuditEntryContent {
  readonly id: number;
  readonly prev_hash: string;
  readonly hash: string;
}

/**
 * Returns the SHA-256, in hex, of an entry chained to the hash of the entry
 * before it. The fields are hashed as a JSON array in a fixed order, so no
 * separator inside a value can make two entries hash alike.
 */
export function auditEntryHash(prevHash: string, entry: AuditEntryContent): string {
  const fields = [
    prevHash,
    entry.at,
    entry.actor,
    entry.action,
    entry.target_type,
    entry.target_id,
    entry.before,
    entry.after,
  ];
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex');
}

export type ChainBreakReason = 'edited' | 'removed_or_inserted';

export type ChainCheck =
  | { readonly ok: true; readonly checked: number; readonly lastHash: string }
  | {
      readonly ok: false;
      readonly checked: number;
      /** The first entry at which the chain no longer holds. */
      readonly entryId: number;
      /**
       * `edited`: the entry's content no longer gives its hash. An entry that
       * was removed, or one inserted with a forged link, leaves the next
       * entry's `prev_hash` pointing at a hash that is not the one before it.
       */
      readonly reason: ChainBreakReason;
      readonly message: string;
    };

/**
 * Checks entries in id order, continuing from `previous` (the hash and count
 * of the entries checked before this page). Returns at the first break.
 */
export function checkAuditChain(
  entries: Iterable<StoredAuditEntry>,
  previous: { readonly lastHash: string; readonly checked: number } = {
    lastHash: GENESIS_HASH,
    checked: 0,
  },
): ChainCheck {
  let lastHash = previous.lastHash;
  let checked = previous.checked;
  for (const entry of entries) {
    if (entry.prev_hash !== lastHash) {
      return {
        ok: false,
        checked,
        entryId: entry.id,
        reason: 'removed_or_inserted',
        message: `audit entry ${entry.id} does not follow the entry before it: an entry was removed or inserted before it`,
      };
    }
    if (auditEntryHash(entry.prev_hash, entry) !== entry.hash) {
      return {
        ok: false,
        checked,
        entryId: entry.id,
        reason: 'edited',
        message: `audit entry ${entry.id} was changed after it was written: its content no longer matches its hash`,
      };
    }
    lastHash = entry.hash;
    checked += 1;
  }
  return { ok: true, checked, lastHash };
}
