import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import Fastify, { type FastifyInstance } from 'fastify';

import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
import { listValues } from '../../../test/support/factories.ts';
import { loadConfig } from '../../config.ts';
import type { Role } from '../../domain/roles.ts';
import { startCompleteSession } from '../../services/auth.service.ts';
import { describeIndicatorEnrichment } from '../../services/indicator-enrichment.service.ts';
import type { LookupService } from '../../services/lookup.service.ts';
import { createUser } from '../../services/user.service.ts';
import { upsertEnrichmentResult } from '../../store/enrichment.repository.ts';
import { SESSION_COOKIE } from '../console/auth.ts';
import { handleError } from '../error-handler.ts';
import { renderEnrichmentPanel } from './enrichment-panel.tsx';
import { enrichmentRoutes } from './enrichment.routes.ts';

let database: TestDatabase;
let app: FastifyInstance;
let hostileId: number;
let counter = 0;

const HOSTILE_TITLE = '<script>alert("title")</script><img src=x onerror=alert(1)>';
const HOSTILE_URL = 'javascript:alert(document.cookie)';

async function cookieFor(role: Role): Promise<string> {
  counter += 1;
  let organisationId: number | null = null;
  if (role === 'focal_point') {
    const row = await database.db
      .insertInto('organisations')
      .values({
        name: `Org ${counter}`,
        kind: 'isp',
        language: 'vi',
        tlp_clearance: 'TLP:AMBER',
        contact_email: null,
        webhook_url: null,
        webhook_secret: null,
        created_at: new Date().toISOString(),
        disabled_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    organisationId = Number(row.id);
  }
  const { user } = await createUser(database, {
    email: `${role}-${counter}@staff.vigil.test`,
    role,
    password: 'a long test passphrase',
    organisationId,
  });
  return `${SESSION_COOKIE}=${await startCompleteSession(database, user.id)}`;
}

before(async () => {
  database = await createTestDatabase();
  await listValues(database, ['http://hostile-page.example/']);
  const row = await database.db
    .selectFrom('indicators')
    .select('id')
    .where('value', '=', 'http://hostile-page.example/')
    .executeTakeFirstOrThrow();
  hostileId = Number(row.id);
  await upsertEnrichmentResult(
    database.db,
    {
      indicatorId: hostileId,
      step: 'fetch',
      status: 'ok',
      result: {
        outcome: 'fetched',
        requestedUrl: 'http://hostile-page.example/',
        finalUrl: HOSTILE_URL,
        hops: [{ url: HOSTILE_URL, address: '203.0.113.7', status: 200 }],
        status: 200,
        title: HOSTILE_TITLE,
        contentType: 'text/html"><script>alert(2)</script>',
        tls: { issuer: 'CN=<b>Evil</b>', subject: 'CN=\u202Egnp.exe', authorized: false },
      },
      error: null,
    },
    '2026-03-01T00:00:00.000Z',
  );
  await upsertEnrichmentResult(
    database.db,
    {
      indicatorId: hostileId,
      step: 'rdap',
      status: 'ok',
      result: { registrar: '<a href="javascript:alert(3)">Registrar</a>', status: ['active'] },
      error: null,
    },
    '2026-03-01T00:00:00.000Z',
  );

  app = Fastify();
  app.setErrorHandler(handleError);
  await app.register(enrichmentRoutes, {
    database,
    lookup: {} as LookupService,
    config: loadConfig({}),
  });
});

after(async () => {
  await app.close();
  await database.close();
});

describe('GET /api/v1/indicators/:id/enrichment', () => {
  test('returns enrichment to staff', async () => {
    for (const role of ['analyst', 'supervisor', 'admin', 'auditor'] as const) {
      const response = await app.inject({
        method: 'GET',
        url: `/api/v1/indicators/${hostileId}/enrichment`,
        headers: { cookie: await cookieFor(role) },
      });
      assert.equal(response.statusCode, 200, role);
      const body = response.json<{ enrichment: { fetch: { title: string; finalUrl: string } } }>();
      assert.equal(body.enrichment.fetch.title, HOSTILE_TITLE);
      assert.equal(body.enrichment.fetch.finalUrl, HOSTILE_URL);
      assert.equal(response.headers['content-type'], 'application/json; charset=utf-8');
    }
  });

  test('no session is unauthorized', async () => {
    const response = await app.inject({
      method: 'GET',
      url: `/api/v1/indicators/${hostileId}/enrichment`,
    });
    assert.equal(response.statusCode, 401);
    assert.equal(response.json<{ error: { code: string } }>().error.code, 'UNAUTHORIZED');
  });

  test('focal point is forbidden', async () => {
    const response = await app.inject({
      method: 'GET',
      url: `/api/v1/indicators/${hostileId}/enrichment`,
      headers: { cookie: await cookieFor('focal_point') },
    });
    assert.equal(response.statusCode, 403);
    assert.equal(response.json<{ error: { code: string } }>().error.code, 'FORBIDDEN');
  });

  test('unknown indicator is not found', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/api/v1/indicators/987654/enrichment',
      headers: { cookie: await cookieFor('analyst') },
    });
    assert.equal(response.statusCode, 404);
    const body = response.json<{ error: { code: string; message: string; field: string } }>();
    assert.equal(body.error.code, 'NOT_FOUND');
    assert.equal(body.error.message, 'indicator 987654 does not exist');
    assert.equal(body.error.field, 'id');
  });

  test('malformed id is rejected', async () => {
    const cookie = await cookieFor('analyst');
    for (const id of ['abc', '0', '-1', '1e400', '1.5', '9'.repeat(30), '%3Cscript%3E']) {
      const response = await app.inject({
        method: 'GET',
        url: `/api/v1/indicators/${id}/enrichment`,
        headers: { cookie },
      });
      assert.equal(response.statusCode, 400, id);
    }
  });
});

describe('EnrichmentPanel', () => {
  test('hostile values render inert', async () => {
    const view = await describeIndicatorEnrichment(database, hostileId);
    assert.ok(view !== undefined);
    const html = renderEnrichmentPanel(view);

    // Only real tags start with `<`, because escaped text starts with `&lt;`.
    assert.doesNotMatch(html, /<script/i);
    assert.doesNotMatch(html, /<img/i);
    assert.doesNotMatch(html, /<a[\s>]/i);
    assert.doesNotMatch(html, /<[a-z][^>]*\s(href|src|onerror)=/i);
    assert.ok(html.includes('&lt;script>alert(&quot;title&quot;)&lt;/script>'), html);
    assert.ok(html.includes('<code class="inert">javascript:alert(document.cookie)</code>'));
    assert.ok(html.includes('&lt;a href=&quot;javascript:alert(3)&quot;>Registrar&lt;/a>'));
    assert.ok(html.includes('CN=&lt;b>Evil&lt;/b>'));
  });

  test('empty enrichment shows a notice', async () => {
    await listValues(database, ['never-enriched.example'], { unlisted: true });
    const row = await database.db
      .selectFrom('indicators')
      .select('id')
      .where('value', '=', 'never-enriched.example')
      .executeTakeFirstOrThrow();
    const view = await describeIndicatorEnrichment(database, Number(row.id));
    assert.ok(view !== undefined);
    const html = renderEnrichmentPanel(view);
    assert.match(html, /Not fetched\./);
    assert.match(html, /No DNS lookup yet\./);
    assert.match(html, /No registration data yet\./);
    assert.match(html, /Not listed, so not re-checked\./);
  });
});
