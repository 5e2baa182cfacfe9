import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import pino from 'pino';

import { sharingJobHandlers } from '../jobs/sharing.jobs.ts';
import { startWorker, type Worker } from '../jobs/worker.ts';
import { createTestDatabase, type TestDatabase } from '../../test/support/database.ts';
import {
  decide,
  type Mailbox,
  seedIndicators,
  startMailbox,
  startWebhookReceiver,
  testConfig,
  waitFor,
  type WebhookReceiver,
} from '../../test/sharing/seed.ts';
import type { Config } from '../config.ts';
import { VigilError } from '../errors.ts';
import { signWebhook } from './delivery/webhook.ts';
import { listOverdueNotices, remindNotice, respondToNotice } from './notice.service.ts';
import { addRoutingRule, createOrganisation } from './organisation.service.ts';

describe('notices of a decision', () => {
  let database: TestDatabase;
  let receiver: WebhookReceiver;
  let mailbox: Mailbox;
  let config: Config;
  let worker: Worker;
  let webhookSecret: string;
  const orgs = { isp: 0, registrar: 0, bank: 0 };

  before(async () => {
    database = await createTestDatabase();
    receiver = await startWebhookReceiver(2);
    mailbox = await startMailbox();
    config = testConfig({ VIGIL_SMTP_URL: mailbox.smtpUrl, VIGIL_NOTICE_DEADLINE_HOURS: '2' });

    const isp = await createOrganisation(
      database,
      { name: 'VNPT', kind: 'isp', language: 'en', webhookUrl: receiver.url },
      'test',
    );
    webhookSecret = isp.webhookSecret!;
    orgs.isp = isp.organisation.id;
    orgs.registrar = (
      await createOrganisation(
        database,
        {
          name: 'Nhà đăng ký tên miền',
          kind: 'registrar',
          contactEmail: 'abuse@registrar.vigil.test',
        },
        'test',
      )
    ).organisation.id;
    orgs.bank = (
      await createOrganisation(database, { name: 'Vietcombank', kind: 'bank' }, 'test')
    ).organisation.id;
    await addRoutingRule(
      database,
      { organisationId: orgs.isp, keyType: 'domain', keyValue: 'vn' },
      'test',
    );
    await addRoutingRule(
      database,
      { organisationId: orgs.registrar, keyType: 'domain', keyValue: '.VN' },
      'test',
    );
    await addRoutingRule(
      database,
      { organisationId: orgs.bank, keyType: 'bank', keyValue: '970436' },
      'test',
    );

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
    await receiver.close();
    await mailbox.close();
    await database.close();
  });

  it('routes, delivers and records answers', async () => {
    const [domainId, accountId] = await seedIndicators(database, [
      'evil-bank.vn',
      'vcb:0123456789',
    ]);
    const decisionId = await decide(database, [domainId!, accountId!]);

    await waitFor(async () => {
      const rows = await database.db.selectFrom('notices').select('status').execute();
      return rows.length === 3 && rows.filter((row) => row.status === 'sent').length === 2;
    }, 'two notices sent');

    const notices = await database.db
      .selectFrom('notices')
      .selectAll()
      .where('decision_id', '=', decisionId)
      .orderBy('organisation_id')
      .execute();
    assert.deepEqual(
      notices.map((notice) => [
        Number(notice.organisation_id),
        notice.action_requested,
        notice.status,
      ]),
      [
        [orgs.isp, 'block', 'sent'],
        [orgs.registrar, 'suspend', 'sent'],
        [orgs.bank, 'freeze', 'queued'],
      ],
    );
    const bankIndicators = await database.db
      .selectFrom('notice_indicators')
      .select('indicator_id')
      .where('notice_id', '=', Number(notices[2]!.id))
      .execute();
    assert.deepEqual(
      bankIndicators.map((row) => Number(row.indicator_id)),
      [accountId],
    );

    // The webhook failed twice, then accepted: three tries of one delivery.
    assert.equal(receiver.requests.length, 3);
    const keys = new Set(receiver.requests.map((request) => request.headers['idempotency-key']));
    assert.deepEqual([...keys], [notices[0]!.uuid]);
    const accepted = receiver.requests[2]!;
    const timestamp = Number(accepted.headers['x-vigil-timestamp']);
    assert.equal(
      accepted.headers['x-vigil-signature'],
      signWebhook(webhookSecret, timestamp, accepted.body),
    );
    const document = JSON.parse(accepted.body) as {
      notice: { id: string; action_requested: string };
      xarf: { category: string; type: string; url: string }[];
      text: { language: string; body: string };
    };
    assert.equal(document.notice.id, notices[0]!.uuid);
    assert.deepEqual(
      document.xarf.map((report) => [report.category, report.type, report.url]),
      [['content', 'phishing', 'http://evil-bank.vn/']],
    );
    assert.equal(document.text.language, 'en');
    assert.match(document.text.body, /Block access/);
    const deliveries = await database.db
      .selectFrom('notice_deliveries')
      .selectAll()
      .where('notice_id', '=', Number(notices[0]!.id))
      .execute();
    assert.deepEqual(
      deliveries.map((delivery) => [delivery.channel, delivery.status, Number(delivery.attempts)]),
      [['webhook', 'delivered', 3]],
    );

    // The registrar's focal point got one e-mail in Vietnamese with the JSON attached.
    assert.equal(mailbox.messages.length, 1);
    const mail = mailbox.messages[0]!;
    assert.deepEqual(mail.to, ['abuse@registrar.vigil.test']);
    assert.match(mail.raw, /notice-[0-9a-f-]{36}\.json/);
    assert.match(mail.raw, /Content-Type: application\/json/);

    const answered = await respondToNotice(database, {
      noticeId: Number(notices[0]!.id),
      organisationId: orgs.isp,
      response: 'actioned',
      note: 'Blocked on our resolvers at 10:00',
      actor: 'test',
    });
    assert.equal(answered.status, 'actioned');
    assert.equal(answered.responseNote, 'Blocked on our resolvers at 10:00');
    assert.notEqual(answered.actionedAt, null);
  });

  it('rejects answers out of order', async () => {
    const [id] = await seedIndicators(database, ['second-scam.vn']);
    const decisionId = await decide(database, [id!]);
    await waitFor(async () => {
      const rows = await database.db
        .selectFrom('notices')
        .select('id')
        .where('decision_id', '=', decisionId)
        .execute();
      return rows.length === 2;
    }, 'notices of the second decision');
    const notice = await database.db
      .selectFrom('notices')
      .select('id')
      .where('decision_id', '=', decisionId)
      .where('organisation_id', '=', orgs.registrar)
      .executeTakeFirstOrThrow();
    const noticeId = Number(notice.id);

    await assert.rejects(
      respondToNotice(database, {
        noticeId,
        organisationId: orgs.isp,
        response: 'acknowledged',
        actor: 'test',
      }),
      (error: unknown) => error instanceof VigilError && error.code === 'NOT_FOUND',
    );
    await assert.rejects(
      respondToNotice(database, {
        noticeId,
        organisationId: orgs.registrar,
        response: 'declined',
        actor: 'test',
      }),
      (error: unknown) =>
        error instanceof VigilError && error.code === 'INVALID_INPUT' && error.field === 'note',
    );
    await assert.rejects(
      respondToNotice(database, { noticeId, response: 'ignored', actor: 'test' }),
      (error: unknown) => error instanceof VigilError && error.field === 'status',
    );
    const declined = await respondToNotice(database, {
      noticeId,
      organisationId: orgs.registrar,
      response: 'declined',
      note: 'The domain is <script>alert(1)</script> already suspended',
      actor: 'test',
    });
    assert.equal(declined.status, 'declined');
    await assert.rejects(
      respondToNotice(database, {
        noticeId,
        organisationId: orgs.registrar,
        response: 'acknowledged',
        actor: 'test',
      }),
      (error: unknown) => error instanceof VigilError && error.code === 'CONFLICT',
    );
  });

  it('reminds an overdue notice once', async () => {
    const bankNotice = await database.db
      .selectFrom('notices')
      .selectAll()
      .where('organisation_id', '=', orgs.bank)
      .executeTakeFirstOrThrow();
    const late = new Date(Date.parse(bankNotice.due_at) + 60_000);
    const overdue = await listOverdueNotices(database, late);
    assert.ok(overdue.some((notice) => notice.id === Number(bankNotice.id)));
    assert.ok(overdue.every((notice) => notice.overdue));

    const early = new Date(Date.parse(bankNotice.due_at) - 60_000);
    assert.equal(
      await remindNotice(database, Number(bankNotice.id), { sharing: config.sharing, now: early }),
      false,
    );
    assert.equal(
      await remindNotice(database, Number(bankNotice.id), { sharing: config.sharing, now: late }),
      true,
    );
    assert.equal(
      await remindNotice(database, Number(bankNotice.id), { sharing: config.sharing, now: late }),
      false,
    );
    const after = await database.db
      .selectFrom('notices')
      .select('reminded_at')
      .where('id', '=', Number(bankNotice.id))
      .executeTakeFirstOrThrow();
    assert.equal(after.reminded_at, late.toISOString());
  });

  it('follows up a superseded decision', async () => {
    const [id] = await seedIndicators(database, ['appealed-shop.vn']);
    const first = await decide(database, [id!]);
    await waitFor(async () => {
      const rows = await database.db
        .selectFrom('notices')
        .select('id')
        .where('decision_id', '=', first)
        .execute();
      return rows.length === 2;
    }, 'notices of the first decision');
    // After an appeal the domain is delisted; no bank is routed here, so only the two earlier recipients.
    const second = await decide(database, [id!], {
      verdict: 'rejected',
      action: 'delisted',
      expiresAt: null,
      reasons: 'The owner showed the shop is genuine; the listing is withdrawn.',
      supersedes: first,
    });
    await waitFor(async () => {
      const rows = await database.db
        .selectFrom('notices')
        .select('id')
        .where('decision_id', '=', second)
        .execute();
      return rows.length === 2;
    }, 'follow-up notices');
    const earlier = await database.db
      .selectFrom('notices')
      .select(['id', 'organisation_id'])
      .where('decision_id', '=', first)
      .execute();
    const followUps = await database.db
      .selectFrom('notices')
      .select(['organisation_id', 'follow_up_of', 'action_requested'])
      .where('decision_id', '=', second)
      .orderBy('organisation_id')
      .execute();
    const earlierByOrg = new Map(
      earlier.map((row) => [Number(row.organisation_id), Number(row.id)]),
    );
    assert.deepEqual(
      followUps.map((row) => [
        Number(row.organisation_id),
        Number(row.follow_up_of),
        row.action_requested,
      ]),
      [
        [orgs.isp, earlierByOrg.get(orgs.isp), 'lift'],
        [orgs.registrar, earlierByOrg.get(orgs.registrar), 'lift'],
      ],
    );
  });
});
