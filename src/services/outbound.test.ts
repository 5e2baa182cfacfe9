import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { isVigilError } from '../errors.ts';
import { assertOutboundAllowed } from './outbound.ts';

describe('assertOutboundAllowed', () => {
  it('lets anything through when outbound is on', () => {
    assert.doesNotThrow(() =>
      assertOutboundAllowed(true, 'https://abuse.isp.example/hook', 'a webhook'),
    );
  });

  it('lets loopback through when outbound is off', () => {
    for (const url of [
      'http://127.0.0.1:8080/hook',
      'http://127.9.9.9/',
      'http://[::1]:25/',
      'smtp://localhost:2525',
      'http://[::ffff:127.0.0.1]/',
    ]) {
      assert.doesNotThrow(() => assertOutboundAllowed(false, url, 'a webhook'), url);
    }
  });

  it('stops every other address when outbound is off', () => {
    for (const url of [
      'https://abuse.isp.example/hook',
      'http://10.0.0.1/',
      'http://localhost.example/',
      'smtp://mail.isp.example:25',
      'not a url',
    ]) {
      assert.throws(
        () => assertOutboundAllowed(false, url, 'a webhook'),
        (error: unknown) => isVigilError(error) && error.field === 'VIGIL_OUTBOUND',
        url,
      );
    }
  });
});
