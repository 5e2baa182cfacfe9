import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { canonicalizeApp, isAppStoreHost } from './app.ts';
import { IndicatorError } from './indicator.ts';

function app(raw: string): string {
  const result = canonicalizeApp(raw);
  if (result instanceof IndicatorError) {
    assert.fail(`${JSON.stringify(raw)} was rejected: ${result.reason}`);
  }
  return result;
}

function rejection(raw: string): string {
  const result = canonicalizeApp(raw);
  assert.ok(result instanceof IndicatorError, `${JSON.stringify(raw)} gave ${String(result)}`);
  assert.equal(result.kind, 'app');
  return result.reason;
}

describe('canonicalizeApp', () => {
  it('reads Android package names', () => {
    assert.equal(app('com.example.app'), 'android:com.example.app');
    assert.equal(app('android:vn.teraapp.n8410'), 'android:vn.teraapp.n8410');
    assert.equal(app('com.Example.App'), 'android:com.Example.App');
  });

  it('reads Google Play URLs', () => {
    const url = 'play.google.com/store/apps/details?id=vn.teraapp.n8410&hl=vi&showAllReviews=true';
    assert.equal(app(url), 'android:vn.teraapp.n8410');
    assert.equal(
      app('https://play.google.com/store/apps/details?hl=en&id=com.a.b'),
      'android:com.a.b',
    );
  });

  it('reads App Store URLs', () => {
    assert.equal(app('apps.apple.com/us/app/robomine/id1517267484'), 'ios:1517267484');
    assert.equal(app('https://itunes.apple.com/vn/app/id1517267484?mt=8'), 'ios:1517267484');
    assert.equal(app('id1517267484'), 'ios:1517267484');
    assert.equal(app('IOS:1517267484'), 'ios:1517267484');
  });

  it('rejects other values', () => {
    assert.equal(rejection('com'), 'invalid Android package name');
    assert.equal(rejection('com.1example'), 'invalid Android package name');
    assert.equal(rejection('android:com.example.app<script>'), 'invalid Android package name');
    assert.equal(rejection('play.google.com/store/apps/details'), 'invalid Android package name');
    assert.equal(
      rejection('https://play.google.com/store/search?q=x'),
      'not an app page on Google Play or the App Store',
    );
    assert.equal(rejection('apps.apple.com/us/app/robomine'), 'invalid App Store id');
    assert.equal(rejection('ios:abc'), 'invalid App Store id');
    assert.equal(rejection('a'.repeat(1024 * 1024)), 'longer than 2048 characters');
  });
});

describe('isAppStoreHost', () => {
  it('knows both stores', () => {
    assert.equal(isAppStoreHost('play.google.com'), true);
    assert.equal(isAppStoreHost('apps.apple.com'), true);
    assert.equal(isAppStoreHost('google.com'), false);
  });
});
