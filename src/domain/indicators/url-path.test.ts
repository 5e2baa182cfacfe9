import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { canonicalizePath } from './url-path.ts';

describe('canonicalizePath', () => {
  it('resolves dot segments', () => {
    assert.equal(canonicalizePath('/a/./b/../c'), '/a/c');
    assert.equal(canonicalizePath('/a/b/..'), '/a/');
    assert.equal(canonicalizePath('/a/.'), '/a/');
    assert.equal(canonicalizePath('/../../a'), '/a');
    assert.equal(canonicalizePath('/a/..b/.c'), '/a/..b/.c');
  });

  it('collapses slashes', () => {
    assert.equal(canonicalizePath('//a//b///'), '/a/b/');
    assert.equal(canonicalizePath('///'), '/');
  });

  it('fills an empty path', () => {
    assert.equal(canonicalizePath(''), '/');
    assert.equal(canonicalizePath('/'), '/');
  });
});
