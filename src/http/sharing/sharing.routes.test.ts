import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import type { FastifyInstance } from 'fastify';

import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
import { listValues } from '../../../test/support/factories.ts';
import { loginAs } from '../../../test/support/staff.ts';
import { decide, seedIndicators, testConfig } from '../../../test/sharing/seed.ts';
import { createApiKey, revokeApiKey, rotateApiKey } from '../../services/api-key.service.ts';
import { LookupService } from '../../services/lookup.service.ts';
import { createNoticesForDecision } from '../../services/notice.service.ts';
import { addRoutingRule, createOrganisation } from '../../services/organisation.service.ts';
import { buildApp } from '../app.ts';
import { LISTINGS_COLLECTION_ID, TAXII_MEDIA_TYPE } from './taxii.routes.ts';

const config = testConfig({ VIGIL_PUBLIC_URL: 'https://vigil.example.vn' });
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
const taxii = (key: string) => ({ ...bearer(key), accept: TAXII_MEDIA_TYPE });
const COLLECTION = `/taxii2/api/collections/${LISTINGS_COLLECTION_ID}`;

interface ErrorResponse {
  error: { code: string; message: string; field?: string; requestId: string };
}
interface TaxiiError {
  http_status: string;
}
interface Envelope {
  more: boolean;
  next?: string;
  objects: { type: string; pattern: string }[];
}
interface NoticeBody {
  notice: { id: number; status: string; responseNote: string | null };
}

describe('sharing routes', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let ispKey: string;
  let noticesOnlyKey: string;
  let ispId: number;
  let otherKey: string;

  before(async () => {
    database = await createTestDatabase();
    await listValues(database, ['clear-one.vn', 'clear-two.vn', 'clear-three.vn', '+84912345678']);
    await listValues(database, ['amber.vn'], { tlp: 'TLP:AMBER' });
    await listValues(database, ['red.vn'], { tlp: 'TLP:RED' });
    const isp = await createOrganisation(
      database,
      { name: 'FPT Telecom', kind: 'isp', tlpClearance: 'TLP:AMBER' },
      'test',
    );
    ispId = isp.organisation.id;
    const scopes = ['notices', 'exports', 'taxii'] as const;
    ispKey = (await createApiKey(database, { organisationId: ispId, scopes }, 'test')).key;
    noticesOnlyKey = (
      await createApiKey(database, { organisationId: ispId, scopes: ['notices'] }, 'test')
    ).key;
    const other = await createOrganisation(
      database,
      { name: 'Other host', kind: 'hosting' },
      'test',
    );
    otherKey = (
      await createApiKey(
        database,
        { organisationId: other.organisation.id, scopes: ['notices'] },
        'test',
      )
    ).key;
    await addRoutingRule(
      database,
      { organisationId: ispId, keyType: 'default', keyValue: '' },
      'test',
    );
    app = await buildApp({ database, lookup: await LookupService.load(database), config });
  });

  after(async () => {
    await app.close();
    await database.close();
  });

  describe('GET /api/v1/exports/:format', () => {
    it('serves TLP:CLEAR without a key', async () => {
      const response = await app.inject({ url: '/api/v1/exports/rpz' });
      assert.equal(response.statusCode, 200);
      assert.equal(response.headers['content-type'], 'text/dns; charset=utf-8');
      assert.match(response.body, /^clear-one\.vn CNAME \.$/m);
      assert.doesNotMatch(response.body, /amber\.vn|red\.vn/);
    });

    it('serves the clearance of a key', async () => {
      const response = await app.inject({ url: '/api/v1/exports/json', headers: bearer(ispKey) });
      assert.equal(response.statusCode, 200);
      const body = response.json<{ listings: { value: string }[] }>();
      const values = body.listings.map((listing) => listing.value);
      assert.ok(values.includes('amber.vn'), 'amber.vn is exported to an AMBER reader');
      assert.ok(!values.includes('red.vn'), 'red.vn is never exported');
    });

    it('rejects a bad key', async () => {
      const key = `vgl_0000000000000000_${'a'.repeat(43)}`;
      const response = await app.inject({ url: '/api/v1/exports/csv', headers: bearer(key) });
      assert.equal(response.statusCode, 401);
      assert.deepEqual(response.json(), {
        error: {
          code: 'UNAUTHORIZED',
          message:
            'API key: missing, invalid or expired; send "Authorization: Bearer vgl_..." with a current key',
          field: 'authorization',
          requestId: response.headers['x-request-id'],
        },
      });
    });

    it('rejects a key without the scope', async () => {
      const response = await app.inject({
        url: '/api/v1/exports/csv',
        headers: bearer(noticesOnlyKey),
      });
      assert.equal(response.statusCode, 403);
      assert.equal(response.json<ErrorResponse>().error.code, 'FORBIDDEN');
    });

    it('rejects an unknown format and since', async () => {
      assert.equal((await app.inject({ url: '/api/v1/exports/xml' })).statusCode, 400);
      const since = await app.inject({ url: '/api/v1/exports/rpz?since=2026-01-01T00:00:00Z' });
      assert.equal(since.statusCode, 400);
      assert.equal(since.json<ErrorResponse>().error.field, 'since');
    });

    it('serves the MISP feed files', async () => {
      const manifest = await app.inject({ url: '/api/v1/exports/misp/manifest.json' });
      assert.equal(manifest.statusCode, 200);
      const uuids = Object.keys(manifest.json<object>());
      assert.equal(uuids.length, 1);
      const event = await app.inject({ url: `/api/v1/exports/misp/${uuids[0]}.json` });
      const attributes = event.json<{ Event: { Attribute: { value: string }[] } }>().Event
        .Attribute;
      assert.deepEqual(attributes.map((attribute) => attribute.value).sort(), [
        '+84912345678',
        'clear-one.vn',
        'clear-three.vn',
        'clear-two.vn',
      ]);
      const hashes = await app.inject({ url: '/api/v1/exports/misp/hashes.csv' });
      assert.equal(hashes.body.trim().split('\n').length, 4);
      const missing = await app.inject({
        url: '/api/v1/exports/misp/00000000-0000-4000-8000-000000000000.json',
      });
      assert.equal(missing.statusCode, 404);
      const traversal = await app.inject({ url: '/api/v1/exports/misp/..%2Fetc%2Fpasswd' });
      assert.equal(traversal.statusCode, 400);
    });

    it('redirects folder, lists formats on error', async () => {
      const folder = await app.inject({ url: '/api/v1/exports/misp' });
      assert.equal(folder.statusCode, 302);
      assert.equal(folder.headers.location, '/api/v1/exports/misp/manifest.json');
      const unknown = await app.inject({ url: '/api/v1/exports/xml' });
      assert.equal(unknown.statusCode, 400);
      assert.equal(
        unknown.json<{ error: { message: string } }>().error.message,
        'format: must be one of rpz, stix, csv, json',
      );
    });
  });

  describe('TAXII 2.1', () => {
    it('serves discovery and API root', async () => {
      const discovery = await app.inject({ url: '/taxii2/', headers: taxii(ispKey) });
      assert.equal(discovery.statusCode, 200);
      assert.equal(discovery.headers['content-type'], TAXII_MEDIA_TYPE);
      assert.deepEqual(discovery.json<{ api_roots: string[] }>().api_roots, [
        'https://vigil.example.vn/taxii2/api/',
      ]);
      const root = await app.inject({ url: '/taxii2/api/', headers: taxii(ispKey) });
      assert.deepEqual(root.json<{ versions: string[] }>().versions, [TAXII_MEDIA_TYPE]);
      const collections = await app.inject({
        url: '/taxii2/api/collections/',
        headers: taxii(ispKey),
      });
      const list = collections.json<{ collections: { id: string; can_read: boolean }[] }>();
      assert.deepEqual(
        list.collections.map((collection) => [collection.id, collection.can_read]),
        [[LISTINGS_COLLECTION_ID, true]],
      );
    });

    it('requires key and media type', async () => {
      const anonymous = await app.inject({
        url: '/taxii2/',
        headers: { accept: TAXII_MEDIA_TYPE },
      });
      assert.equal(anonymous.statusCode, 401);
      assert.equal(anonymous.headers['www-authenticate'], 'Bearer, Basic realm="taxii"');
      assert.equal(anonymous.headers['content-type'], TAXII_MEDIA_TYPE);
      assert.equal(anonymous.json<TaxiiError>().http_status, '401');
      const html = await app.inject({
        url: '/taxii2/',
        headers: { ...bearer(ispKey), accept: 'text/html' },
      });
      assert.equal(html.statusCode, 406);
      const old = await app.inject({
        url: '/taxii2/',
        headers: { ...bearer(ispKey), accept: 'application/taxii+json;version=2.0' },
      });
      assert.equal(old.statusCode, 406);
    });

    it('accepts the key as a Basic password', async () => {
      const basic = Buffer.from(`fpt:${ispKey}`).toString('base64');
      const response = await app.inject({
        url: '/taxii2/',
        headers: { authorization: `Basic ${basic}` },
      });
      assert.equal(response.statusCode, 200);
    });

    it('pages objects with limit and next', async () => {
      const first = await app.inject({
        url: `${COLLECTION}/objects/?limit=2`,
        headers: taxii(ispKey),
      });
      assert.equal(first.statusCode, 200);
      const page = first.json<Envelope>();
      assert.equal(page.more, true);
      assert.equal(page.objects.length, 2);
      assert.ok(first.headers['x-taxii-date-added-first']);
      const seen = page.objects.map((object) => object.pattern);
      let next: string | undefined = page.next;
      for (let pages = 0; next !== undefined && pages < 10; pages++) {
        const response = await app.inject({
          url: `${COLLECTION}/objects/?limit=2&next=${next}`,
          headers: taxii(ispKey),
        });
        const body = response.json<Envelope>();
        seen.push(...body.objects.map((object) => object.pattern));
        next = body.more ? body.next : undefined;
      }
      assert.deepEqual(seen.sort(), [
        "[domain-name:value = 'amber.vn']",
        "[domain-name:value = 'clear-one.vn']",
        "[domain-name:value = 'clear-three.vn']",
        "[domain-name:value = 'clear-two.vn']",
      ]);
    });

    it('filters by added_after', async () => {
      const pause = () => new Promise((resolve) => setTimeout(resolve, 5));
      await pause();
      const after = new Date().toISOString();
      await pause();
      await listValues(database, ['late.vn']);
      const response = await app.inject({
        url: `${COLLECTION}/manifest/?added_after=${after}`,
        headers: taxii(ispKey),
      });
      const manifest = response.json<{ more: boolean; objects: { media_type: string }[] }>();
      assert.equal(manifest.more, false);
      assert.equal(manifest.objects.length, 1);
      assert.equal(manifest.objects[0]!.media_type, 'application/stix+json;version=2.1');
    });

    it('rejects bad parameters', async () => {
      const cases = [
        [`${COLLECTION}/objects/?added_after=yesterday`, 400],
        [`${COLLECTION}/objects/?limit=0`, 400],
        [`${COLLECTION}/objects/?next=bm90LWEtY3Vyc29y`, 400],
        ['/taxii2/api/collections/00000000-0000-4000-8000-000000000000/objects/', 404],
      ] as const;
      for (const [url, status] of cases) {
        const response = await app.inject({ url, headers: taxii(ispKey) });
        assert.equal(response.statusCode, status, url);
        assert.equal(response.json<TaxiiError>().http_status, String(status));
      }
    });
  });

  describe('organisation notices', () => {
    it('lists, shows and responds to notices', async () => {
      const [id] = await seedIndicators(database, ['routed-by-default.example']);
      const decisionId = await decide(database, [id!]);
      const [noticeId] = await createNoticesForDecision(database, decisionId, {
        sharing: config.sharing,
      });

      const list = await app.inject({ url: '/api/v1/org/notices', headers: bearer(ispKey) });
      assert.equal(list.statusCode, 200);
      const listed = list.json<{ notices: { id: number }[] }>().notices;
      assert.deepEqual(
        listed.map((notice) => notice.id),
        [noticeId],
      );

      const shown = await app.inject({
        url: `/api/v1/org/notices/${noticeId}`,
        headers: bearer(ispKey),
      });
      const body = shown.json<
        NoticeBody & { document: { xarf: unknown[]; text: { language: string } } }
      >();
      assert.equal(body.notice.status, 'queued');
      assert.equal(body.document.xarf.length, 1);
      assert.equal(body.document.text.language, 'vi');

      const hidden = await app.inject({
        url: `/api/v1/org/notices/${noticeId}`,
        headers: bearer(otherKey),
      });
      assert.equal(hidden.statusCode, 404);

      const respond = (payload: object) =>
        app.inject({
          method: 'POST',
          url: `/api/v1/org/notices/${noticeId}/response`,
          headers: bearer(ispKey),
          payload,
        });
      assert.equal((await respond({ status: 'actioned', note: 'x', admin: true })).statusCode, 400);
      assert.equal((await respond({ status: 'actioned', note: 'x'.repeat(2001) })).statusCode, 400);

      const answer = await respond({ status: 'actioned', note: 'Chặn trên DNS lúc 09:00 🛑' });
      assert.equal(answer.statusCode, 200);
      assert.equal(answer.json<NoticeBody>().notice.responseNote, 'Chặn trên DNS lúc 09:00 🛑');

      const again = await respond({ status: 'declined', note: 'changed our mind' });
      assert.equal(again.statusCode, 409);
    });

    it('lists notices for staff', async () => {
      const anonymous = await app.inject({ url: '/api/v1/staff/notices' });
      assert.equal(anonymous.statusCode, 401);
      const analyst = await loginAs(app, database, 'analyst');
      const headers = { cookie: analyst.cookie };
      const response = await app.inject({ url: '/api/v1/staff/notices', headers });
      assert.equal(response.statusCode, 200);
      assert.ok(response.json<{ notices: unknown[] }>().notices.length >= 1, 'one notice at least');
      const overdue = await app.inject({ url: '/api/v1/staff/notices/overdue', headers });
      assert.deepEqual(overdue.json(), { notices: [] });
    });
  });

  describe('API keys', () => {
    it('rotates with a grace period and revokes', async () => {
      const issued = await createApiKey(
        database,
        { organisationId: ispId, scopes: ['exports'] },
        'test',
      );
      const rotated = await rotateApiKey(database, issued.id, 1, 'test');
      assert.equal(rotated.replaces, issued.id);
      for (const key of [issued.key, rotated.key]) {
        const response = await app.inject({ url: '/api/v1/exports/csv', headers: bearer(key) });
        assert.equal(response.statusCode, 200);
      }
      const row = await database.db
        .selectFrom('api_keys')
        .select(['last_used_at', 'secret_hash'])
        .where('id', '=', rotated.id)
        .executeTakeFirstOrThrow();
      assert.notEqual(row.last_used_at, null);
      assert.match(row.secret_hash, /^[0-9a-f]{64}$/);
      assert.ok(!rotated.key.includes(row.secret_hash), 'the key is not its hash');

      await revokeApiKey(database, issued.id, 'test');
      const revoked = await app.inject({
        url: '/api/v1/exports/csv',
        headers: bearer(issued.key),
      });
      assert.equal(revoked.statusCode, 401);
    });
  });
});
