import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  checkNewPassword,
  isPlausibleEmail,
  lockoutDuration,
  MAX_LOCKOUT_MS,
  requiresTotp,
} from './login-policy.ts';

describe('lockoutDuration', () => {
  it('allows the first failures', () => {
    assert.equal(lockoutDuration(0), 0);
    assert.equal(lockoutDuration(4), 0);
  });

  it('doubles from one minute', () => {
    assert.equal(lockoutDuration(5), 60_000);
    assert.equal(lockoutDuration(6), 120_000);
    assert.equal(lockoutDuration(7), 240_000);
  });

  it('stops at one hour', () => {
    assert.equal(lockoutDuration(12), MAX_LOCKOUT_MS);
    assert.equal(lockoutDuration(1_000_000), MAX_LOCKOUT_MS);
  });
});

describe('checkNewPassword', () => {
  it('rejects short passwords', () => {
    assert.match(checkNewPassword('short', 'a@b.vn') ?? '', /at least 12/);
  });

  it('rejects huge passwords', () => {
    assert.match(checkNewPassword('x'.repeat(10_000), 'a@b.vn') ?? '', /at most 256/);
  });

  it('rejects and names the mailbox part', () => {
    assert.equal(
      checkNewPassword('my-ANALYST-password', 'Analyst@cert.vn'),
      'the password must not contain "analyst", the part of your e-mail address before the @',
    );
  });

  it('accepts a long passphrase', () => {
    assert.equal(checkNewPassword('correct horse battery staple', 'a@b.vn'), undefined);
  });
});

describe('requiresTotp', () => {
  it('covers supervisors and admins', () => {
    assert.equal(requiresTotp('supervisor'), true);
    assert.equal(requiresTotp('admin'), true);
    assert.equal(requiresTotp('analyst'), false);
    assert.equal(requiresTotp('auditor'), false);
  });
});

describe('isPlausibleEmail', () => {
  it('rejects markup and spaces', () => {
    assert.equal(isPlausibleEmail('<script>@x.vn'), false);
    assert.equal(isPlausibleEmail('a b@x.vn'), false);
    assert.equal(isPlausibleEmail(''), false);
    assert.equal(isPlausibleEmail('analyst@cert.gov.vn'), true);
  });
});
