import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { median, percentile } from './percentile.ts';

describe('median', () => {
  it('takes the middle value', () => {
    assert.equal(median([5, 1, 3]), 3);
  });

  it('averages the two middles', () => {
    assert.equal(median([4, 1, 3, 2]), 2.5);
  });

  it('is undefined when empty', () => {
    assert.equal(median([]), undefined);
  });
});

describe('percentile', () => {
  it('uses the nearest rank', () => {
    const values = Array.from({ length: 10 }, (_, index) => index + 1);
    assert.equal(percentile(values, 90), 9);
    assert.equal(percentile(values, 91), 10);
    assert.equal(percentile(values, 0), 1);
  });

  it('takes the one value', () => {
    assert.equal(percentile([7], 90), 7);
  });
});
