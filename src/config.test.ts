import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { loadConfig, withListenPort } from './config.ts';
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

  it('guesses the public address from HOST and PORT', () => {
    assert.equal(loadConfig({}).sharing.publicUrl, 'http://127.0.0.1:8080');
    assert.equal(loadConfig({ PORT: '9000' }).sharing.publicUrl, 'http://127.0.0.1:9000');
    assert.equal(
      loadConfig({ HOST: '0.0.0.0', PORT: '9000' }).sharing.publicUrl,
      'http://127.0.0.1:9000',
    );
    assert.equal(loadConfig({ HOST: '::1' }).sharing.publicUrl, 'http://[::1]:8080');
    assert.equal(loadConfig({}).sharing.publicUrlConfigured, false);
  });

  it('moves a guessed public address to the listen port', () => {
    assert.equal(withListenPort(loadConfig({}), 18431).sharing.publicUrl, 'http://127.0.0.1:18431');
    const configured = loadConfig({ VIGIL_PUBLIC_URL: 'https://canhbao.example.vn/' });
    assert.equal(configured.sharing.publicUrl, 'https://canhbao.example.vn');
    assert.equal(withListenPort(configured, 18431).sharing.publicUrl, 'https://canhbao.example.vn');
  });

  it('rejects an RPZ name that would break the zone', () => {
    assert.equal(
      loadConfig({ VIGIL_RPZ_ZONE: 'rpz.example.vn.' }).sharing.rpzZone,
      'rpz.example.vn',
    );
    for (const bad of ['rpz example.vn', 'rpz.vn\n@ IN NS evil.', 'a;b.vn', 'rpz..vn']) {
      assert.equal(configError({ VIGIL_RPZ_ZONE: bad }).field, 'VIGIL_RPZ_ZONE', bad);
      assert.equal(configError({ VIGIL_RPZ_TARGET: bad }).field, 'VIGIL_RPZ_TARGET', bad);
    }
  });

  it('rejects a public address that is not http or https', () => {
    assert.equal(configError({ VIGIL_PUBLIC_URL: 'canhbao.example.vn' }).field, 'VIGIL_PUBLIC_URL');
    assert.equal(
      configError({ VIGIL_PUBLIC_URL: 'ftp://canhbao.example.vn' }).field,
      'VIGIL_PUBLIC_URL',
    );
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

describe('loadConfig enrichment settings', () => {
  it('reads ports, resolvers and the switch', () => {
    const config = loadConfig({
      VIGIL_FETCH_PORTS: '80, 8081',
      VIGIL_DNS_SERVERS: '127.0.0.1:5353,[::1]:53,::1,10.0.0.2',
      VIGIL_OUTBOUND: 'off',
    });
    assert.deepEqual(config.enrichment.fetchPorts, [80, 8081]);
    assert.deepEqual(config.enrichment.dnsServers, [
      '127.0.0.1:5353',
      '[::1]:53',
      '::1',
      '10.0.0.2',
    ]);
    assert.equal(config.enrichment.outbound, false);
    assert.equal(loadConfig({ VIGIL_OUTBOUND: 'on' }).enrichment.outbound, true);
    assert.deepEqual(loadConfig({}).enrichment.fetchPorts, [80, 443, 8080, 8443]);
    assert.deepEqual(loadConfig({}).enrichment.dnsServers, []);
  });

  const invalid: readonly (readonly [string, string])[] = [
    ['VIGIL_FETCH_PORTS', '80,http'],
    ['VIGIL_FETCH_PORTS', '0'],
    ['VIGIL_FETCH_PORTS', '65536'],
    ['VIGIL_FETCH_PORTS', '443.5'],
    ['VIGIL_FETCH_PORTS', '-1'],
    ['VIGIL_FETCH_PORTS', ','],
    ['VIGIL_DNS_SERVERS', 'dns.google'],
    ['VIGIL_DNS_SERVERS', '127.0.0.1:99999'],
    ['VIGIL_DNS_SERVERS', '[::1'],
    ['VIGIL_DNS_SERVERS', '1.2.3.4:53:53'],
    ['VIGIL_DNS_SERVERS', '<script>'],
    ['VIGIL_OUTBOUND', 'false'],
    ['VIGIL_OUTBOUND', 'OFF '],
  ];
  for (const [name, value] of invalid) {
    it(`rejects ${name}=${value}`, () => {
      const error = configError({ [name]: value });
      assert.equal(error.code, 'INVALID_INPUT');
      assert.equal(error.field, name);
      assert.ok(error.message.includes(`${name}=${value}`), error.message);
    });
  }
});
