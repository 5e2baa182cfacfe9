import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { indicatorSourceKeys } from './source-keys.ts';
import { groupBySharedKeys, UnionFind } from './union-find.ts';

describe('UnionFind', () => {
  it('joins transitively', () => {
    const sets = new UnionFind(5);
    sets.union(0, 1);
    sets.union(3, 4);
    sets.union(1, 4);
    assert.equal(sets.find(0), sets.find(3));
    assert.notEqual(sets.find(2), sets.find(0));
    assert.equal(sets.union(0, 4), false);
  });
});

describe('groupBySharedKeys', () => {
  const keys = [['a'], ['b'], ['a', 'c'], ['c', 'b'], ['d'], ['cdn'], ['cdn', 'e']];

  it('groups through chains of keys', () => {
    const groups = groupBySharedKeys(keys.length, (i) => keys[i]!);
    assert.deepEqual([...groups], [0, 0, 0, 0, 4, 5, 5]);
  });

  it('skips keys that do not join', () => {
    const groups = groupBySharedKeys(
      keys.length,
      (i) => keys[i]!,
      (key) => key !== 'cdn',
    );
    assert.deepEqual([...groups], [0, 0, 0, 0, 4, 5, 6]);
  });

  it('gives the same partition in any order', () => {
    const order = [6, 3, 0, 5, 1, 4, 2];
    const shuffled = order.map((i) => keys[i]!);
    const groups = groupBySharedKeys(shuffled.length, (i) => shuffled[i]!);
    const partition = (labels: ArrayLike<number>, ids: readonly number[]) => {
      const byLabel = new Map<number, number[]>();
      ids.forEach((id, index) =>
        byLabel.set(labels[index]!, [...(byLabel.get(labels[index]!) ?? []), id]),
      );
      return [...byLabel.values()].map((group) => group.sort()).sort((a, b) => a[0]! - b[0]!);
    };
    const original = groupBySharedKeys(keys.length, (i) => keys[i]!);
    assert.deepEqual(partition(groups, order), partition(original, [0, 1, 2, 3, 4, 5, 6]));
  });

  it('handles no elements', () => {
    assert.equal(groupBySharedKeys(0, () => []).length, 0);
  });
});

describe('indicatorSourceKeys', () => {
  it('keys URLs by domain and host', () => {
    assert.deepEqual(
      indicatorSourceKeys({
        kind: 'url',
        value: 'https://login.bank-vn.com/a',
        host: 'login.bank-vn.com',
        registrableDomain: 'bank-vn.com',
      }),
      ['domain:bank-vn.com', 'host:login.bank-vn.com'],
    );
  });

  it('keys numbers and accounts by value', () => {
    const phone = { kind: 'phone', value: '+84901234567', host: null, registrableDomain: null };
    const bank = {
      kind: 'bank_account',
      value: '970436:0011',
      host: null,
      registrableDomain: null,
    };
    assert.deepEqual(indicatorSourceKeys(phone), ['phone:+84901234567']);
    assert.deepEqual(indicatorSourceKeys(bank), ['bank:970436:0011']);
  });

  it('keys an IP host by address', () => {
    assert.deepEqual(
      indicatorSourceKeys({
        kind: 'url',
        value: 'http://203.0.113.5/x',
        host: '203.0.113.5',
        registrableDomain: null,
      }),
      ['address:203.0.113.5'],
    );
  });
});
