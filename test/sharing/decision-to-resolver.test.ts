import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import type { FastifyInstance } from 'fastify';
import pino from 'pino';

import { buildApp } from '../../src/http/app.ts';
import { LISTINGS_COLLECTION_ID, TAXII_MEDIA_TYPE } from '../../src/http/sharing/taxii.routes.ts';
import { sharingJobHandlers } from '../../src/jobs/sharing.jobs.ts';
import { startWorker, type Worker } from '../../src/jobs/worker.ts';
import { createApiKey } from '../../src/services/api-key.service.ts';
import { LookupService } from '../../src/services/lookup.service.ts';
import { addRoutingRule, createOrganisation } from '../../src/services/organisation.service.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import {
  decide,
  type Mailbox,
  seedIndicators,
  startMailbox,
  startWebhookReceiver,
  testConfig,
  waitFor,
  type WebhookReceiver,
} from './seed.ts';
import { answerOf, SKIP_WITHOUT_UNBOUND, startUnbound } from './unbound.ts';

const DOMAIN = 'vietcombank-xac-thuc.vn';

describe('decision to provider and resolver', { skip: SKIP_WITHOUT_UNBOUND }, () => {
  let database: TestDatabase;
  let receiver: WebhookReceiver;
  let mailbox: Mailbox;
  let worker: Worker;
  let app: FastifyInstance;
  let key: string;

  before(async () => {
    database = await createTestDatabase();
    receiver = await startWebhookReceiver(1);
    mailbox = await startMailbox();
    const config = testConfig({ VIGIL_SMTP_URL: mailbox.smtpUrl });
    const { organisation } = await createOrganisation(
      database,
      {
        name: 'Viettel IDC',
        kind: 'isp',
        tlpClearance: 'TLP:GREEN',
        webhookUrl: receiver.url,
        contactEmail: 'abuse@idc.vigil.test',
      },
      'test',
    );
    await addRoutingRule(
      database,
      { organisationId: organisation.id, keyType: 'domain', keyValue: 'vn' },
      'test',
    );
    const scopes = ['notices', 'exports', 'taxii'] as const;
    key = (await createApiKey(database, { organisationId: organisation.id, scopes }, 'test')).key;
    app = await buildApp({ database, lookup: await LookupService.load(database), config });
    worker = startWorker({
      database,
      handlers: sharingJobHandlers({ database, config }),
      logger: pino({ level: 'silent' }),
      pollIntervalMs: 20,
      backoff: { baseMs: 20, capMs: 60 },
    });
  });

  after(async () => {
    await worker.stop();
    await app.close();
    await receiver.close();
    await mailbox.close();
    await database.close();
  });

  it('notifies, records the action and blocks', async () => {
    const [id] = await seedIndicators(database, [DOMAIN]);
    await decide(database, [id!], { tlp: 'TLP:GREEN' });
    await waitFor(
      () => mailbox.messages.length === 1 && receiver.requests.length === 2,
      'the webhook and the mailbox',
    );
    await waitFor(async () => {
      const row = await database.db.selectFrom('notices').select('status').executeTakeFirst();
      return row?.status === 'sent';
    }, 'the notice to be sent');

    const headers = { authorization: `Bearer ${key}` };
    const list = await app.inject({ url: '/api/v1/org/notices', headers });
    const [notice] = list.json<{ notices: { id: number }[] }>().notices;
    const answer = await app.inject({
      method: 'POST',
      url: `/api/v1/org/notices/${notice!.id}/response`,
      headers,
      payload: { status: 'actioned', note: 'Blocked on all resolvers' },
    });
    assert.equal(answer.statusCode, 200);
    assert.equal(answer.json<{ notice: { status: string } }>().notice.status, 'actioned');

    const zone = await app.inject({ url: '/api/v1/exports/rpz', headers });
    assert.equal(zone.statusCode, 200);
    const names = [DOMAIN, `www.${DOMAIN}`, 'unlisted.vn'];
    const unbound = await startUnbound(zone.body, testConfig().sharing.rpzZone, names);
    try {
      assert.equal(await answerOf(unbound.resolver, DOMAIN), 'ENOTFOUND');
      assert.equal(await answerOf(unbound.resolver, `www.${DOMAIN}`), 'ENOTFOUND');
      assert.equal(await answerOf(unbound.resolver, 'unlisted.vn'), 'A 192.0.2.22');
    } finally {
      await unbound.stop();
    }

    const objects = await app.inject({
      url: `/taxii2/api/collections/${LISTINGS_COLLECTION_ID}/objects/`,
      headers: { ...headers, accept: TAXII_MEDIA_TYPE },
    });
    const patterns = objects.json<{ objects: { pattern: string }[] }>().objects;
    assert.deepEqual(
      patterns.map((object) => object.pattern),
      [`[domain-name:value = '${DOMAIN}']`],
    );

    const manifest = await app.inject({ url: '/api/v1/exports/misp/manifest.json', headers });
    const [eventId] = Object.keys(manifest.json<object>());
    const event = await app.inject({ url: `/api/v1/exports/misp/${eventId}.json`, headers });
    const attributes = event.json<{ Event: { Attribute: { value: string }[] } }>().Event.Attribute;
    assert.deepEqual(
      attributes.map((attribute) => attribute.value),
      [DOMAIN],
    );
  });
});
