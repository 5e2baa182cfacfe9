import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';

import { createTestDatabase } from '../../test/support/database.ts';
import { listValues } from '../../test/support/factories.ts';
import { VigilError } from '../errors.ts';
import { LookupService } from './lookup.service.ts';

describe('LookupService', async () => {
  const database = await createTestDatabase();
  after(() => database.close());

  await listValues(database, [
    'http://login.evil-bank.example/verify?id=1',
    'scam-shop.example',
    'https://free-hosting.example/victim/phish/',
    '203.0.113.7',
    '+84 912 345 678',
  ]);
  await listValues(database, ['scam-shop.example'], {
    source: 'second-feed',
    category: 'fake_shop',
  });
  await listValues(database, ['expired.example'], {
    now: '2020-01-01T00:00:00.000Z',
    expiresAt: '2020-02-01T00:00:00.000Z',
  });
  await listValues(database, ['unlisted.example'], { unlisted: true });
  const lookup = await LookupService.load(database);

  it('matches an exact URL', async () => {
    const result = await lookup.lookup('http://login.evil-bank.example/verify?id=1');

    assert.equal(result.listed, true);
    assert.equal(result.kind, 'url');
    assert.equal(result.matches[0]?.match, 'exact');
    assert.equal(result.category, 'phishing');
    assert.deepEqual(
      result.sources.map((source) => source.name),
      ['test-feed'],
    );
  });

  it('matches a listed domain from a subdomain URL', async () => {
    const result = await lookup.lookup('https://www.scam-shop.example/cart');

    assert.equal(result.listed, true);
    assert.equal(result.matches.length, 1);
    assert.equal(result.matches[0]?.value, 'scam-shop.example');
    assert.equal(result.matches[0]?.match, 'registrable_domain');
    assert.deepEqual(result.sources.map((source) => source.name).sort(), [
      'second-feed',
      'test-feed',
    ]);
    assert.notEqual(result.first_seen, null);
    assert.notEqual(result.last_seen, null);
  });

  it('matches a listed path prefix', async () => {
    const result = await lookup.lookup('https://free-hosting.example/victim/phish/index.html');

    assert.equal(result.listed, true);
    assert.equal(result.matches[0]?.match, 'expression');
    assert.equal(result.matches[0]?.expression, 'free-hosting.example/victim/phish/');
  });

  it('does not list a sibling path', async () => {
    const result = await lookup.lookup('https://free-hosting.example/someone-else/');

    assert.equal(result.listed, false);
    assert.deepEqual(result.matches, []);
  });

  it('matches an IP address and a phone number', async () => {
    assert.equal((await lookup.lookup('http://203.0.113.7/payload.exe')).listed, true);
    assert.equal((await lookup.lookup('0912345678')).listed, true);
    assert.equal((await lookup.lookup('0912345679')).listed, false);
  });

  it('ignores expired and unlisted indicators', async () => {
    assert.equal((await lookup.lookup('expired.example')).listed, false);
    assert.equal((await lookup.lookup('unlisted.example')).listed, false);
  });

  it('answers not listed with the canonical form', async () => {
    const result = await lookup.lookup('HTTP://Good.Example:80/a/../b');

    assert.deepEqual(result, {
      kind: 'url',
      canonical: 'http://good.example/b',
      listed: false,
      matches: [],
      category: null,
      sources: [],
      first_seen: null,
      last_seen: null,
    });
  });

  it('rejects an invalid value', async () => {
    await assert.rejects(lookup.lookup('http://'), (error: unknown) => {
      assert.ok(error instanceof VigilError);
      assert.equal(error.code, 'INVALID_INDICATOR');
      assert.equal(error.field, 'value');
      return true;
    });
  });

  it('follows listings added after loading', async () => {
    const follower = await LookupService.load(database);
    await listValues(database, ['late.example']);
    assert.equal((await follower.lookup('late.example')).listed, false);

    await follower.followChanges();

    assert.equal((await follower.lookup('late.example')).listed, true);
  });

  it('follows a delisting', async () => {
    await listValues(database, ['delist-me.example']);
    const follower = await LookupService.load(database);
    assert.equal((await follower.lookup('delist-me.example')).listed, true);

    await database.db
      .updateTable('listings')
      .set({ status: 'delisted', updated_at: new Date().toISOString() })
      .where(
        'indicator_id',
        'in',
        database.db.selectFrom('indicators').select('id').where('value', '=', 'delist-me.example'),
      )
      .execute();
    await follower.followChanges();

    assert.equal((await follower.lookup('delist-me.example')).listed, false);
  });

  it('matches an e-mail address on a listed domain', async () => {
    const result = await lookup.lookup('billing@scam-shop.example');

    assert.equal(result.listed, true);
    assert.equal(result.kind, 'email');
    assert.equal(result.matches[0]?.match, 'host');
  });

  it('hides restricted listings from the public', async () => {
    await listValues(database, ['amber-only.example'], { tlp: 'TLP:AMBER', source: 'partner' });
    const follower = await LookupService.load(database);

    const publicResult = await follower.lookup('amber-only.example');
    const staffResult = await follower.lookup('amber-only.example', { includeRestricted: true });

    assert.equal(publicResult.listed, false);
    assert.deepEqual(publicResult.sources, []);
    assert.equal(staffResult.listed, true);
    assert.equal(staffResult.matches[0]?.tlp, 'TLP:AMBER');
  });

  it('hides restricted sources of a public listing', async () => {
    await listValues(database, ['shared-source.example'], { source: 'open-feed' });
    await listValues(database, ['shared-source.example'], {
      source: 'secret-partner',
      tlp: 'TLP:AMBER',
      now: '2030-01-01T00:00:00.000Z',
      expiresAt: '2031-01-01T00:00:00.000Z',
    });
    const follower = await LookupService.load(database);

    const publicResult = await follower.lookup('shared-source.example');
    const staffResult = await follower.lookup('shared-source.example', { includeRestricted: true });

    assert.equal(publicResult.listed, true);
    assert.deepEqual(
      publicResult.sources.map((source) => source.name),
      ['open-feed'],
    );
    assert.ok(publicResult.last_seen! < '2030-01-01', publicResult.last_seen!);
    assert.deepEqual(staffResult.sources.map((source) => source.name).sort(), [
      'open-feed',
      'secret-partner',
    ]);
    assert.equal(staffResult.last_seen, '2030-01-01T00:00:00.000Z');
  });

  it('prefers a stated category', async () => {
    await listValues(database, ['http://198.51.100.9/'], { category: 'malware' });
    await listValues(database, ['198.51.100.9'], { category: 'unspecified' });
    const follower = await LookupService.load(database);

    const result = await follower.lookup('198.51.100.9');

    assert.equal(result.matches.length, 2);
    assert.equal(result.category, 'malware');
  });

  it('follows more changes than one page', async () => {
    const follower = await LookupService.load(database);
    const values = Array.from({ length: 10_050 }, (_, i) => `bulk-${i}.page.example`);
    await listValues(database, values);

    const read = await follower.followChanges();

    assert.ok(read >= 10_050, `read ${read} changes`);
    assert.equal((await follower.lookup('bulk-0.page.example')).listed, true);
    assert.equal((await follower.lookup('bulk-10049.page.example')).listed, true);
  });

  it('reloads the whole index', async () => {
    const follower = await LookupService.load(database);
    await listValues(database, ['reload.example']);

    await follower.reload();

    assert.equal((await follower.lookup('reload.example')).listed, true);
  });

  it('answers once from the store alike', async () => {
    const values = [
      'http://login.evil-bank.example/verify?id=1',
      'https://www.scam-shop.example/cart',
      'https://free-hosting.example/victim/phish/index.html',
      'https://free-hosting.example/someone-else/',
      'http://203.0.113.7/payload.exe',
      '0912345678',
      'billing@scam-shop.example',
      'expired.example',
      'unlisted.example',
      'good.example',
    ];
    const follower = await LookupService.load(database);

    for (const value of values) {
      const fromIndex = await follower.lookup(value, { includeRestricted: true });
      const fromStore = await LookupService.lookupOnce(database, value, {
        includeRestricted: true,
      });
      assert.deepEqual(fromStore, fromIndex, value);
    }
  });
});
