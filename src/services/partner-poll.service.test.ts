import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import type { FastifyInstance } from 'fastify';

import { createTestDatabase, type TestDatabase } from '../../test/support/database.ts';
import { listValues } from '../../test/support/factories.ts';
import { testConfig } from '../../test/sharing/seed.ts';
import { buildApp } from '../http/app.ts';
import { LISTINGS_COLLECTION_ID } from '../http/sharing/taxii.routes.ts';
import { createApiKey } from './api-key.service.ts';
import { LookupService } from './lookup.service.ts';
import { createOrganisation } from './organisation.service.ts';
import { addPartnerFeed, pollPartnerFeed } from './partner-poll.service.ts';

const config = testConfig();

/** Reads a feed's next due time, which is what the poll job carries. */
async function dueTime(database: TestDatabase, id: number): Promise<string> {
  const row = await database.db
    .selectFrom('partner_feeds')
    .select('next_poll_at')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return row.next_poll_at;
}

describe('pollPartnerFeed', () => {
  let partner: TestDatabase;
  let local: TestDatabase;
  let app: FastifyInstance;
  let base: string;
  let key: string;
  let partnerOrg: number;

  before(async () => {
    partner = await createTestDatabase();
    local = await createTestDatabase();
    await listValues(partner, [
      'partner-phish.vn',
      'http://partner-host.vn/login',
      'support@partner-scam.vn',
    ]);
    await listValues(partner, ['partner-amber.vn'], { tlp: 'TLP:AMBER' });
    const us = await createOrganisation(
      partner,
      { name: 'VNCERT', kind: 'cert', tlpClearance: 'TLP:GREEN' },
      'test',
    );
    key = (
      await createApiKey(
        partner,
        { organisationId: us.organisation.id, scopes: ['taxii', 'exports'] },
        'test',
      )
    ).key;
    app = await buildApp({ database: partner, lookup: await LookupService.load(partner), config });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
    partnerOrg = (
      await createOrganisation(local, { name: 'JPCERT', kind: 'partner', language: 'en' }, 'test')
    ).organisation.id;
  });

  after(async () => {
    await app.close();
    await partner.close();
    await local.close();
  });

  it('imports a TAXII collection as the partner', async () => {
    const id = await addPartnerFeed(
      local,
      {
        organisationId: partnerOrg,
        protocol: 'taxii',
        url: `${base}/taxii2/api/collections/${LISTINGS_COLLECTION_ID}/objects/`,
        authorization: `Bearer ${key}`,
        tlp: 'TLP:GREEN',
      },
      'test',
    );
    const outcome = await pollPartnerFeed(local, config, {
      partnerFeedId: id,
      scheduledFor: await dueTime(local, id),
    });
    assert.equal(outcome.status, 'imported');

    const rows = await local.db
      .selectFrom('provenance')
      .innerJoin('indicators', 'indicators.id', 'provenance.indicator_id')
      .select(['indicators.value', 'provenance.name', 'provenance.tlp'])
      .orderBy('indicators.value')
      .execute();
    assert.deepEqual(rows, [
      { value: 'http://partner-host.vn/login', name: 'partner:JPCERT', tlp: 'TLP:GREEN' },
      { value: 'partner-phish.vn', name: 'partner:JPCERT', tlp: 'TLP:GREEN' },
      { value: 'support@partner-scam.vn', name: 'partner:JPCERT', tlp: 'TLP:GREEN' },
    ]);
    const feed = await local.db
      .selectFrom('partner_feeds')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    assert.equal(feed.last_error, null);
    assert.notEqual(feed.cursor, null);
    const jobs = await local.db
      .selectFrom('jobs')
      .select('payload')
      .where('name', '=', 'sharing.partner.poll')
      .execute();
    assert.equal(jobs.length, 2);

    const stale = await pollPartnerFeed(local, config, {
      partnerFeedId: id,
      scheduledFor: '2020-01-01T00:00:00.000Z',
    });
    assert.equal(stale.status, 'stale');
    const again = await pollPartnerFeed(local, config, {
      partnerFeedId: id,
      scheduledFor: await dueTime(local, id),
    });
    assert.deepEqual(again, { status: 'imported', summary: undefined });
  });

  it('imports a MISP feed as the partner', async () => {
    const id = await addPartnerFeed(
      local,
      {
        organisationId: partnerOrg,
        protocol: 'misp',
        url: `${base}/api/v1/exports/misp/`,
        tlp: 'TLP:CLEAR',
      },
      'test',
    );
    const outcome = await pollPartnerFeed(local, config, {
      partnerFeedId: id,
      scheduledFor: await dueTime(local, id),
    });
    assert.equal(outcome.status, 'imported');
    assert.equal(outcome.status === 'imported' && outcome.summary?.valid, 3);
    const again = await pollPartnerFeed(local, config, {
      partnerFeedId: id,
      scheduledFor: await dueTime(local, id),
    });
    assert.deepEqual(again, { status: 'imported', summary: undefined });
  });

  it('records a failed poll and keeps the schedule', async () => {
    const id = await addPartnerFeed(
      local,
      {
        organisationId: partnerOrg,
        protocol: 'taxii',
        url: `${base}/taxii2/api/collections/nope/objects/`,
        authorization: `Bearer ${key}`,
      },
      'test',
    );
    const due = await dueTime(local, id);
    const outcome = await pollPartnerFeed(local, config, { partnerFeedId: id, scheduledFor: due });
    assert.equal(outcome.status, 'failed');
    const feed = await local.db
      .selectFrom('partner_feeds')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    assert.match(feed.last_error ?? '', /responded with status 404/);
    assert.ok(Date.parse(feed.next_poll_at) > Date.parse(due));
  });

  it('rejects bad feed settings', async () => {
    const bad = [
      { protocol: 'ftp', url: 'http://127.0.0.1/' },
      { protocol: 'taxii', url: 'file:///etc/passwd' },
      { protocol: 'misp', url: 'http://127.0.0.1/', tlp: 'TLP:WHITE' },
      { protocol: 'misp', url: 'http://127.0.0.1/', intervalMinutes: 0 },
    ];
    for (const input of bad) {
      await assert.rejects(
        addPartnerFeed(local, { organisationId: partnerOrg, ...input }, 'test'),
        /protocol|url|tlp|interval/,
      );
    }
  });
});
