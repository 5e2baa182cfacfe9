import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { canonicalizeEmail } from './email.ts';
import { IndicatorError } from './indicator.ts';

function email(raw: string): string {
  const result = canonicalizeEmail(raw);
  if (result instanceof IndicatorError) {
    assert.fail(`${JSON.stringify(raw)} was rejected: ${result.reason}`);
  }
  return result;
}

function rejection(raw: string): string {
  const result = canonicalizeEmail(raw);
  assert.ok(result instanceof IndicatorError, `${JSON.stringify(raw)} gave ${String(result)}`);
  assert.equal(result.kind, 'email');
  return result.reason;
}

describe('canonicalizeEmail', () => {
  it('lowercases both parts', () => {
    assert.equal(email(' John.Smith@Example.COM '), 'john.smith@example.com');
  });

  it('keeps provider aliases', () => {
    assert.equal(email('a.b+scam@gmail.com'), 'a.b+scam@gmail.com');
  });

  it('removes mailto and brackets', () => {
    assert.equal(email('mailto:Support@Bank.vn'), 'support@bank.vn');
    assert.equal(email('<support@bank.vn>'), 'support@bank.vn');
  });

  it('converts IDN domains', () => {
    assert.equal(email('hotro@vietcombánk.vn'), 'hotro@xn--vietcombnk-z4a.vn');
  });

  it('accepts Unicode local parts', () => {
    assert.equal(email('Nguyễn@example.vn'), 'nguyễn@example.vn');
    assert.equal(email('Nguye\u0302\u0303n@example.vn'), 'nguyễn@example.vn');
  });

  it('rejects malformed local parts', () => {
    assert.equal(rejection('example.com'), 'missing "@"');
    assert.equal(rejection('@example.com'), 'missing local part before "@"');
    assert.equal(rejection('"a b"@example.com'), 'quoted local parts are not supported');
    const reason = 'local part has a character or dot that an address may not contain';
    assert.equal(rejection('a..b@example.com'), reason);
    assert.equal(rejection('.a@example.com'), reason);
    assert.equal(rejection('a b@example.com'), reason);
    assert.equal(rejection('<script>@example.com'), reason);
    assert.equal(rejection(`${'a'.repeat(65)}@example.com`), 'local part is longer than 64 bytes');
  });

  it('rejects unusable domains', () => {
    assert.equal(rejection('a@'), 'domain: missing domain after "@"');
    assert.equal(rejection('a@localhost'), 'domain: domain has no dot');
    assert.equal(rejection('a@[1.2.3.4]'), 'domain: IP address domains are not supported');
    assert.equal(rejection('a@1.2.3.4'), 'domain: IP address domains are not supported');
    assert.match(rejection('a@exa mple.com'), /^domain: host may contain only/);
  });

  it('rejects long input', () => {
    const domain = `${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.${'e'.repeat(57)}.com`;
    assert.equal(domain.length, 253);
    assert.equal(rejection(`a@${domain}`), 'longer than 254 bytes');
    assert.equal(rejection('a'.repeat(1024 * 1024)), 'longer than 1024 characters');
  });
});
