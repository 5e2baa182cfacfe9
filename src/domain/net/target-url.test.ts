import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { checkTargetUrl } from './target-url.ts';

function reasonOf(raw: string): string | undefined {
  const check = checkTargetUrl(raw);
  return check.ok ? undefined : check.reason;
}

describe('checkTargetUrl', () => {
  test('rejects single-label names', () => {
    assert.match(reasonOf('http://intranetbox/') ?? '', /local or single-label/);
  });

  test('rejects single label with trailing dot', () => {
    assert.match(reasonOf('http://intranetbox./') ?? '', /local or single-label/);
    assert.match(reasonOf('https://com./') ?? '', /local or single-label/);
  });

  test('accepts fully qualified trailing dot', () => {
    const check = checkTargetUrl('https://example.com./path');
    assert.equal(check.ok, true);
    assert.equal(check.ok && check.target.port, 443);
  });

  test('uses scheme default ports', () => {
    const check = checkTargetUrl('http://example.com/');
    assert.equal(check.ok && check.target.port, 80);
  });
});
