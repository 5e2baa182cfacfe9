import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  describeJobError,
  MAX_JOB_ERROR_LENGTH,
  PermanentJobError,
  UnknownJobError,
} from './job-error.ts';

describe('describeJobError', () => {
  it('keeps name and message only', () => {
    const error = new TypeError('reportId: expected a number');

    const text = describeJobError(error);

    assert.equal(text, 'TypeError: reportId: expected a number');
    assert.doesNotMatch(text, /at .*job-error/);
  });

  it('names an unknown job', () => {
    assert.equal(
      describeJobError(new UnknownJobError('report.enrich')),
      'UnknownJobError: no handler is registered for job name "report.enrich"',
    );
    assert.ok(new UnknownJobError('x') instanceof PermanentJobError);
  });

  it('masks URL credentials', () => {
    const error = new Error('connect failed: postgres://vigil:s3cret@db.internal:5432/vigil');

    assert.equal(
      describeJobError(error),
      'Error: connect failed: postgres://***@db.internal:5432/vigil',
    );
  });

  it('masks secret assignments', () => {
    const error = new Error('rejected token=abc123 and password: hunter2');

    assert.equal(describeJobError(error), 'Error: rejected token=*** and password: ***');
  });

  it('caps the length', () => {
    const text = describeJobError(new Error('x'.repeat(5000)));

    assert.equal(text.length, MAX_JOB_ERROR_LENGTH);
    assert.ok(text.endsWith('…'));
  });

  it('describes thrown non-errors', () => {
    assert.equal(describeJobError('plain text'), 'plain text');
    assert.equal(describeJobError({ secret: 'x' }), 'non-Error value thrown (object)');
    assert.equal(describeJobError(null), 'non-Error value thrown (null)');
  });

  it('uses the name without message', () => {
    assert.equal(describeJobError(new RangeError()), 'RangeError');
  });
});
