import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { publicIndicatorValue } from './public-value.ts';

describe('publicIndicatorValue', () => {
  it('drops the query of a URL', () => {
    assert.equal(
      publicIndicatorValue('url', 'https://bank.example.vn/login?user=an&token=1#top'),
      'https://bank.example.vn/login',
    );
  });

  it('masks a phone number', () => {
    assert.equal(publicIndicatorValue('phone', '+84901234567'), '+84******567');
  });

  it('masks a bank account', () => {
    assert.equal(
      publicIndicatorValue('bank_account', '970436:0011001234567'),
      '970436:**********567',
    );
  });

  it('masks an e-mail address', () => {
    assert.equal(publicIndicatorValue('email', 'an.nguyen@gmail.com'), 'a********@gmail.com');
    assert.equal(publicIndicatorValue('email', 'a@b.vn'), 'a***@b.vn');
  });

  it('hides short values entirely', () => {
    assert.equal(publicIndicatorValue('bank_account', '970436:12'), '970436:**');
  });

  it('keeps domains and addresses', () => {
    assert.equal(publicIndicatorValue('domain', 'fake-shop.vn'), 'fake-shop.vn');
    assert.equal(publicIndicatorValue('ip', '203.0.113.7'), '203.0.113.7');
  });
});
