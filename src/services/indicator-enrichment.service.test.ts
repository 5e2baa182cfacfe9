import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { createTestDatabase, type TestDatabase } from '../../test/support/database.ts';
import { listValues } from '../../test/support/factories.ts';
import { replaceLookalikeHits, upsertEnrichmentResult } from '../store/enrichment.repository.ts';
import { describeIndicatorEnrichment } from './indicator-enrichment.service.ts';

let database: TestDatabase;
const CHECKED_AT = '2026-03-01T10:00:00.000Z';

async function indicatorId(value: string): Promise<number> {
  const row = await database.db
    .selectFrom('indicators')
    .select('id')
    .where('value', '=', value)
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

before(async () => {
  database = await createTestDatabase();
});

after(async () => {
  await database.close();
});

describe('describeIndicatorEnrichment', () => {
  test('returns every stored step', async () => {
    await listValues(database, ['http://vietcombank-login.example/dang-nhap']);
    const id = await indicatorId('http://vietcombank-login.example/dang-nhap');
    const step = (name: 'fetch' | 'dns' | 'rdap' | 'lookalike', result: unknown) =>
      upsertEnrichmentResult(
        database.db,
        { indicatorId: id, step: name, status: 'ok', result, error: null },
        CHECKED_AT,
      );
    await step('fetch', {
      outcome: 'fetched',
      requestedUrl: 'http://vietcombank-login.example/dang-nhap',
      hops: [
        {
          url: 'http://vietcombank-login.example/dang-nhap',
          address: '203.0.113.5',
          status: 302,
          location: '/x',
        },
        { url: 'http://vietcombank-login.example/x', address: '203.0.113.5', status: 200 },
      ],
      finalUrl: 'http://vietcombank-login.example/x',
      status: 200,
      title: 'Đăng nhập',
      sha256: 'ab'.repeat(32),
      faviconSha256: 'cd'.repeat(32),
      tls: {
        issuer: 'CN=Test CA',
        subject: 'CN=x',
        validFrom: '2026-01-01',
        validTo: '2026-04-01',
        authorized: false,
      },
      durationMs: 120,
    });
    await step('dns', {
      a: ['203.0.113.5'],
      aaaa: [],
      cname: [],
      ns: ['ns1.bad.example'],
      registrableNs: ['ns2.bad.example'],
      mx: [{ exchange: 'mx.bad.example', priority: 10 }],
    });
    await step('rdap', {
      query: 'vietcombank-login.example',
      server: 'https://rdap.example',
      registrar: 'Example Registrar',
      creationDate: '2026-02-27T00:00:00Z',
      status: ['client transfer prohibited'],
      abuseEmail: 'abuse@registrar.example',
      nameservers: ['ns1.bad.example'],
      asn: 64500,
      networkName: 'EXAMPLE-NET',
    });
    await step('lookalike', { domain: 'vietcombank-login.example', hits: [] });
    await replaceLookalikeHits(
      database.db,
      id,
      [{ brand: 'Vietcombank', rule: 'combosquatting', evidence: 'vietcombank + login' }],
      CHECKED_AT,
    );

    const view = await describeIndicatorEnrichment(database, id);

    assert.ok(view !== undefined);
    assert.equal(view.indicator.kind, 'url');
    assert.equal(view.fetch?.finalUrl, 'http://vietcombank-login.example/x');
    assert.equal(view.fetch?.title, 'Đăng nhập');
    assert.equal(view.fetch?.httpStatus, 200);
    assert.equal(view.fetch?.checkedAt, CHECKED_AT);
    assert.deepEqual(
      view.fetch?.redirectChain.map((hop) => [hop.status, hop.location]),
      [
        [302, '/x'],
        [200, null],
      ],
    );
    assert.equal(view.fetch?.tls?.issuer, 'CN=Test CA');
    assert.deepEqual(view.dns?.a, ['203.0.113.5']);
    assert.deepEqual(view.dns?.ns, ['ns1.bad.example', 'ns2.bad.example']);
    assert.deepEqual(view.dns?.mx, [{ exchange: 'mx.bad.example', priority: 10 }]);
    assert.equal(view.rdap?.registrar, 'Example Registrar');
    assert.equal(view.rdap?.creationDate, '2026-02-27T00:00:00Z');
    assert.deepEqual(view.rdap?.registrationStatus, ['client transfer prohibited']);
    assert.equal(view.rdap?.abuseEmail, 'abuse@registrar.example');
    assert.equal(view.rdap?.networkName, 'EXAMPLE-NET');
    assert.equal(view.rdap?.asn, 64500);
    assert.deepEqual(view.lookalike?.hits, [
      { brand: 'Vietcombank', rule: 'combosquatting', evidence: 'vietcombank + login' },
    ]);
    assert.equal(view.liveness?.listingStatus, 'active');
    assert.equal(view.liveness?.takenDownAt, null);
  });

  test('malformed results give nulls', async () => {
    await listValues(database, ['odd-results.example'], { unlisted: true });
    const id = await indicatorId('odd-results.example');
    await upsertEnrichmentResult(
      database.db,
      {
        indicatorId: id,
        step: 'dns',
        status: 'ok',
        result: { a: 'not a list', ns: [1, 'ns.x'], mx: 'x' },
        error: null,
      },
      CHECKED_AT,
    );
    await upsertEnrichmentResult(
      database.db,
      { indicatorId: id, step: 'rdap', status: 'failed', result: ['array'], error: 'timed out' },
      CHECKED_AT,
    );
    await upsertEnrichmentResult(
      database.db,
      {
        indicatorId: id,
        step: 'fetch',
        status: 'ok',
        result: { title: 'x'.repeat(100_000), hops: 'x' },
        error: null,
      },
      CHECKED_AT,
    );

    const view = await describeIndicatorEnrichment(database, id);

    assert.deepEqual(view?.dns?.a, []);
    assert.deepEqual(view?.dns?.ns, ['ns.x']);
    assert.deepEqual(view?.dns?.mx, []);
    assert.equal(view?.rdap?.status, 'failed');
    assert.equal(view?.rdap?.error, 'timed out');
    assert.equal(view?.rdap?.registrar, null);
    assert.equal(view?.fetch?.title?.length, 2000);
    assert.deepEqual(view?.fetch?.redirectChain, []);
    assert.equal(view?.lookalike, null);
    assert.equal(view?.liveness, null);
  });

  test('unknown indicator is undefined', async () => {
    assert.equal(await describeIndicatorEnrichment(database, 987_654), undefined);
  });
});
