import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  type AuditEntryContent,
  auditEntryHash,
  checkAuditChain,
  GENESIS_HASH,
  type StoredAuditEntry,
} from './audit-chain.ts';

function chain(count: number): StoredAuditEntry[] {
  const entries: StoredAuditEntry[] = [];
  let prev = GENESIS_HASH;
  for (let id = 1; id <= count; id += 1) {
    const content: AuditEntryContent = {
      at: `2026-12-04T10:00:0${id}.000Z`,
      actor: 'user:1',
      action: 'decision.record',
      target_type: 'decision',
      target_id: String(id),
      before: null,
      after: JSON.stringify({ id }),
    };
    const hash = auditEntryHash(prev, content);
    entries.push({ ...content, id, prev_hash: prev, hash });
    prev = hash;
  }
  return entries;
}

describe('checkAuditChain', () => {
  it('accepts an intact chain and counts it', () => {
    const result = checkAuditChain(chain(5));
    assert.equal(result.ok, true);
    assert.equal(result.checked, 5);
  });

  it('accepts an empty chain', () => {
    assert.deepEqual(checkAuditChain([]), { ok: true, checked: 0, lastHash: GENESIS_HASH });
  });

  it('names an edited entry', () => {
    const entries = chain(5);
    entries[2] = { ...entries[2]!, after: JSON.stringify({ id: 99 }) };
    const result = checkAuditChain(entries);
    assert.equal(result.ok, false);
    assert.ok(!result.ok);
    assert.equal(result.entryId, 3);
    assert.equal(result.reason, 'edited');
  });

  it('finds a removed entry at the one after it', () => {
    const entries = chain(5);
    entries.splice(1, 1);
    const result = checkAuditChain(entries);
    assert.ok(!result.ok);
    assert.equal(result.entryId, 3);
    assert.equal(result.reason, 'removed_or_inserted');
  });

  it('finds an inserted entry even when its own hash is consistent', () => {
    const entries = chain(4);
    const forged: AuditEntryContent = { ...entries[1]!, action: 'forged' };
    const prev = entries[1]!.hash;
    entries.splice(2, 0, {
      ...forged,
      id: 99,
      prev_hash: prev,
      hash: auditEntryHash(prev, forged),
    });
    const result = checkAuditChain(entries);
    assert.ok(!result.ok);
    assert.equal(result.entryId, 3);
  });

  it('continues from the hash of an earlier page', () => {
    const entries = chain(6);
    const first = checkAuditChain(entries.slice(0, 3));
    assert.ok(first.ok);
    const rest = checkAuditChain(entries.slice(3), first);
    assert.ok(rest.ok);
    assert.equal(rest.checked, 6);
  });

  it('does not let a separator inside a field make two entries hash alike', () => {
    const a = { ...chain(1)[0]!, actor: 'a', action: 'b,c' };
    const b = { ...chain(1)[0]!, actor: 'a,b', action: 'c' };
    assert.notEqual(auditEntryHash(GENESIS_HASH, a), auditEntryHash(GENESIS_HASH, b));
  });
});
