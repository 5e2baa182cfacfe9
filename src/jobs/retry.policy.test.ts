import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { computeRetryDelay, DEFAULT_RETRY_BACKOFF } from './retry.policy.ts';

const BACKOFF = { baseMs: 1000, capMs: 60_000 };

describe('computeRetryDelay', () => {
  it('doubles the ceiling per attempt', () => {
    const delays = [1, 2, 3, 4].map((attempt) => computeRetryDelay(attempt, BACKOFF, () => 0.999));

    assert.deepEqual(delays, [1000, 1999, 3998, 7996]);
  });

  it('halves the ceiling at zero random', () => {
    const delays = [1, 2, 3, 4].map((attempt) => computeRetryDelay(attempt, BACKOFF, () => 0));

    assert.deepEqual(delays, [500, 1000, 2000, 4000]);
  });

  it('applies jitter to the upper half', () => {
    assert.equal(
      computeRetryDelay(3, BACKOFF, () => 0.25),
      2500,
    );
    assert.equal(
      computeRetryDelay(3, BACKOFF, () => 0.5),
      3000,
    );
  });

  it('stops growing at the cap', () => {
    assert.equal(
      computeRetryDelay(7, BACKOFF, () => 0),
      30_000,
    );
    assert.equal(
      computeRetryDelay(8, BACKOFF, () => 0),
      30_000,
    );
    assert.equal(
      computeRetryDelay(5000, BACKOFF, () => 0.5),
      45_000,
    );
  });

  it('treats attempt zero as one', () => {
    assert.equal(
      computeRetryDelay(0, BACKOFF, () => 0),
      500,
    );
  });

  it('defaults to ten seconds base', () => {
    assert.deepEqual(DEFAULT_RETRY_BACKOFF, { baseMs: 10_000, capMs: 3_600_000 });
    assert.equal(
      computeRetryDelay(1, undefined, () => 0),
      5000,
    );
  });
});
