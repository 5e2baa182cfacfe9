import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
import {
  decide,
  seedIndicators,
  startWebhookReceiver,
  testConfig,
  type WebhookReceiver,
} from '../../../test/sharing/seed.ts';
import { VigilError } from '../../errors.ts';
import { createNoticesForDecision } from '../notice.service.ts';
import { addRoutingRule, createOrganisation } from '../organisation.service.ts';
import { deliverNotice } from './notice-delivery.ts';

describe('deliverNotice', () => {
  let database: TestDatabase;
  let receiver: WebhookReceiver;
  const sharing = testConfig({ VIGIL_DELIVERY_ATTEMPTS: '2' }).sharing;

  before(async () => {
    database = await createTestDatabase();
    receiver = await startWebhookReceiver(1000);
  });

  after(async () => {
    await receiver.close();
    await database.close();
  });

  async function noticeFor(name: string, input: { webhookUrl?: string; contactEmail?: string }) {
    const { organisation } = await createOrganisation(
      database,
      { name, kind: 'hosting', ...input },
      'test',
    );
    await addRoutingRule(
      database,
      { organisationId: organisation.id, keyType: 'platform', keyValue: `${name}.example` },
      'test',
    );
    const [id] = await seedIndicators(database, [`http://${name}.example/phish`]);
    const decisionId = await decide(database, [id!]);
    const [noticeId] = await createNoticesForDecision(database, decisionId, { sharing });
    const delivery = await database.db
      .selectFrom('notice_deliveries')
      .select('id')
      .where('notice_id', '=', noticeId!)
      .executeTakeFirstOrThrow();
    return { noticeId: noticeId!, deliveryId: Number(delivery.id) };
  }

  const status = async (noticeId: number) =>
    (
      await database.db
        .selectFrom('notices')
        .select('status')
        .where('id', '=', noticeId)
        .executeTakeFirstOrThrow()
    ).status;

  it('fails the notice after the last attempt', async () => {
    const { noticeId, deliveryId } = await noticeFor('always-down', { webhookUrl: receiver.url });
    await assert.rejects(
      deliverNotice(database, deliveryId, { sharing, attempt: 1 }),
      /status 500/,
    );
    assert.equal(await status(noticeId), 'queued');
    await assert.rejects(
      deliverNotice(database, deliveryId, { sharing, attempt: 2 }),
      /status 500/,
    );
    assert.equal(await status(noticeId), 'failed');
    const audit = await database.db
      .selectFrom('audit_log')
      .select('action')
      .where('target_type', '=', 'notice')
      .where('target_id', '=', String(noticeId))
      .orderBy('id')
      .execute();
    assert.deepEqual(
      audit.map((entry) => entry.action),
      ['notice.create', 'notice.delivery_failed'],
    );
  });

  it('rejects e-mail without SMTP at once', async () => {
    const { noticeId, deliveryId } = await noticeFor('mail-only', {
      contactEmail: 'abuse@mail-only.example',
    });
    await assert.rejects(
      deliverNotice(database, deliveryId, { sharing, attempt: 1 }),
      (error: unknown) => error instanceof VigilError && error.field === 'VIGIL_SMTP_URL',
    );
    assert.equal(await status(noticeId), 'failed');
  });

  it('ignores a delivery that does not exist', async () => {
    assert.equal(await deliverNotice(database, 999_999, { sharing, attempt: 1 }), 'gone');
  });
});
