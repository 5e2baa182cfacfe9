import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { hashKey } from './key-hash.ts';
import { ListingIndex } from './listing-index.ts';

describe('ListingIndex', () => {
  it('finds added keys', () => {
    const index = new ListingIndex();
    index.add('evil.example/', 7);
    index.add('evil.example/login', 8);

    assert.deepEqual(index.find('evil.example/'), [7]);
    assert.deepEqual(index.find('evil.example/login'), [8]);
    assert.deepEqual(index.find('good.example/'), []);
    assert.equal(index.size, 2);
  });

  it('ignores a repeated pair', () => {
    const index = new ListingIndex();
    index.add('a/', 1);
    index.add('a/', 1);

    assert.equal(index.size, 1);
    assert.deepEqual(index.find('a/'), [1]);
  });

  it('keeps two ids under one key', () => {
    const index = new ListingIndex();
    index.add('a/', 1);
    index.add('a/', 2);

    assert.deepEqual(index.find('a/').sort(), [1, 2]);
  });

  it('removes a pair', () => {
    const index = new ListingIndex();
    index.add('a/', 1);
    index.add('b/', 2);
    index.remove('a/', 1);
    index.remove('missing/', 9);

    assert.deepEqual(index.find('a/'), []);
    assert.deepEqual(index.find('b/'), [2]);
    assert.equal(index.size, 1);
  });

  it('grows past its first capacity', () => {
    const index = new ListingIndex();
    for (let id = 1; id <= 50_000; id++) {
      index.add(`host${id}.example/`, id);
    }
    for (let id = 1; id <= 50_000; id += 997) {
      assert.deepEqual(index.find(`host${id}.example/`), [id]);
    }
    assert.equal(index.size, 50_000);
  });

  it('reuses slots after many removals', () => {
    const index = new ListingIndex(10);
    for (let round = 0; round < 20; round++) {
      for (let id = 1; id <= 1000; id++) {
        index.add(`k${id}`, id);
      }
      for (let id = 1; id <= 1000; id++) {
        index.remove(`k${id}`, id);
      }
    }

    assert.equal(index.size, 0);
    assert.ok(index.byteLength < 200_000, `table grew to ${index.byteLength} bytes`);
  });
});

describe('hashKey', () => {
  it('returns a stable safe integer', () => {
    const hash = hashKey('evil.example/');

    assert.equal(hash, hashKey('evil.example/'));
    assert.ok(Number.isSafeInteger(hash));
    assert.ok(hash > 0);
  });

  it('spreads similar keys apart', () => {
    const hashes = new Set<number>();
    for (let i = 0; i < 100_000; i++) {
      hashes.add(hashKey(`a${i}.example/`));
    }

    assert.equal(hashes.size, 100_000);
  });
});
