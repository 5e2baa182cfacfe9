import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { loadConfig } from './config.ts';
import { VigilError } from './errors.ts';

function configError(env: NodeJS.ProcessEnv): VigilError {
  try {
    loadConfig(env);
  } catch (error) {
    assert.ok(error instanceof VigilError, `expected a VigilError, got ${String(error)}`);
    return error;
  }
  assert.fail(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('loadConfig', () => {
  it('uses the defaults', () => {
    const config = loadConfig({});

    assert.equal(config.host, '127.0.0.1');
    assert.equal(config.port, 8080);
    assert.equal(config.feedListing.tlp, 'TLP:CLEAR');
    assert.equal(config.feedListing.ttlDays, 30);
    assert.equal(config.listingPollSeconds, 5);
  });

  it('rejects every invalid integer', () => {
    const cases = [
      { PORT: 'abc' },
      { PORT: '65536' },
      { VIGIL_FEED_TTL_DAYS: '0' },
      { VIGIL_LISTING_POLL_SECONDS: '1.5' },
    ];

    for (const env of cases) {
      const [name, value] = Object.entries(env)[0] ?? [];
      const error = configError(env);
      assert.equal(error.code, 'INVALID_INPUT');
      assert.equal(error.field, name);
      assert.ok(error.message.startsWith(`${name}=${value} is invalid`), error.message);
    }
  });

  it('stores the TLP label in upper case', () => {
    const config = loadConfig({ VIGIL_FEED_TLP: 'tlp:amber+strict' });

    assert.equal(config.feedListing.tlp, 'TLP:AMBER+STRICT');
  });

  it('rejects an unknown TLP label', () => {
    const error = configError({ VIGIL_FEED_TLP: 'TLP:WHITE' });

    assert.equal(error.code, 'INVALID_INPUT');
    assert.equal(error.field, 'VIGIL_FEED_TLP');
    assert.match(error.message, /^VIGIL_FEED_TLP=TLP:WHITE is invalid/);
    assert.match(error.message, /TLP:CLEAR, TLP:GREEN, TLP:AMBER, TLP:AMBER\+STRICT, TLP:RED/);
  });
});
