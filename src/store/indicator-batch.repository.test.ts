import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';

import { createTestDatabase } from '../../test/support/database.ts';
import { type IndicatorRow, upsertIndicatorBatch } from './indicator-batch.repository.ts';

function row(value: string, overrides: Partial<IndicatorRow> = {}): IndicatorRow {
  return {
    kind: 'domain',
    value,
    host: value,
    registrableDomain: value,
    category: 'phishing',
    seenAt: null,
    reasons: 'Named by a test feed',
    ...overrides,
  };
}

const listing = { legalBasis: 'trusted-feed', expiresAt: '2027-01-01T00:00:00.000Z' };
const tlp = 'TLP:CLEAR';

describe('upsertIndicatorBatch', async () => {
  const database = await createTestDatabase();
  after(() => database.close());

  async function listingOf(value: string) {
    return database.db
      .selectFrom('listings')
      .innerJoin('indicators', 'indicators.id', 'listings.indicator_id')
      .selectAll('listings')
      .where('indicators.value', '=', value)
      .executeTakeFirstOrThrow();
  }

  it('counts inserted and updated rows', async () => {
    const now = '2026-12-01T00:00:00.000Z';
    const first = await upsertIndicatorBatch(database, [row('a.example'), row('b.example')], {
      source: 'feed-a',
      tlp,
      now,
      listing,
    });
    const second = await upsertIndicatorBatch(database, [row('b.example'), row('c.example')], {
      source: 'feed-a',
      tlp,
      now,
      listing,
    });

    assert.deepEqual(first, { inserted: 2, updated: 0 });
    assert.deepEqual(second, { inserted: 1, updated: 1 });
  });

  it('keeps first seen and moves last seen', async () => {
    await upsertIndicatorBatch(
      database,
      [row('seen.example', { seenAt: '2026-11-01T00:00:00.000Z' })],
      {
        source: 'feed-a',
        tlp,
        now: '2026-12-01T00:00:00.000Z',
        listing,
      },
    );
    await upsertIndicatorBatch(database, [row('seen.example')], {
      source: 'feed-b',
      tlp,
      now: '2026-12-03T00:00:00.000Z',
      listing,
    });

    const indicator = await database.db
      .selectFrom('indicators')
      .selectAll()
      .where('value', '=', 'seen.example')
      .executeTakeFirstOrThrow();
    const provenance = await database.db
      .selectFrom('provenance')
      .select(['name', 'first_seen', 'last_seen'])
      .where('indicator_id', '=', indicator.id)
      .orderBy('name')
      .execute();

    assert.equal(indicator.first_seen, '2026-11-01T00:00:00.000Z');
    assert.equal(indicator.last_seen, '2026-12-03T00:00:00.000Z');
    assert.deepEqual(provenance, [
      {
        name: 'feed-a',
        first_seen: '2026-11-01T00:00:00.000Z',
        last_seen: '2026-12-01T00:00:00.000Z',
      },
      {
        name: 'feed-b',
        first_seen: '2026-12-03T00:00:00.000Z',
        last_seen: '2026-12-03T00:00:00.000Z',
      },
    ]);
  });

  it('extends the expiry of an active listing', async () => {
    const now = '2026-12-01T00:00:00.000Z';
    await upsertIndicatorBatch(database, [row('extend.example')], {
      source: 'f',
      tlp,
      now,
      listing,
    });
    const first = await listingOf('extend.example');
    await upsertIndicatorBatch(database, [row('extend.example', { category: 'malware' })], {
      source: 'f',
      tlp,
      now: '2026-12-02T00:00:00.000Z',
      listing: { ...listing, expiresAt: '2027-02-01T00:00:00.000Z' },
    });

    const current = await listingOf('extend.example');
    assert.equal(current.expires_at, '2027-02-01T00:00:00.000Z');
    assert.equal(current.listed_at, now);
    assert.equal(current.updated_at, first.updated_at);
    assert.equal(current.category, 'phishing');
  });

  it('reactivates an expired feed listing', async () => {
    const now = '2026-12-01T00:00:00.000Z';
    await upsertIndicatorBatch(database, [row('again.example')], {
      source: 'f',
      tlp,
      now,
      listing,
    });
    const { indicator_id: id } = await listingOf('again.example');
    await database.db
      .updateTable('listings')
      .set({ status: 'expired', updated_at: '2026-12-02T00:00:00.000Z' })
      .where('indicator_id', '=', id)
      .execute();
    await upsertIndicatorBatch(database, [row('again.example', { category: 'malware' })], {
      source: 'f',
      tlp,
      now: '2026-12-05T00:00:00.000Z',
      listing,
    });

    const current = await listingOf('again.example');
    assert.equal(current.status, 'active');
    assert.equal(current.listed_at, '2026-12-05T00:00:00.000Z');
    assert.equal(current.category, 'malware');
    assert.ok(current.updated_at > '2026-12-02T00:00:00.000Z', current.updated_at);
  });

  it('relists an active listing past its expiry', async () => {
    const now = '2026-12-01T00:00:00.000Z';
    await upsertIndicatorBatch(database, [row('lapsed.example')], {
      source: 'f',
      tlp,
      now,
      listing,
    });
    const { indicator_id: id } = await listingOf('lapsed.example');
    await database.db
      .updateTable('listings')
      .set({ expires_at: '2026-01-01T00:00:00.000Z', updated_at: '2025-12-01T00:00:00.000Z' })
      .where('indicator_id', '=', id)
      .execute();
    await upsertIndicatorBatch(database, [row('lapsed.example')], {
      source: 'f',
      tlp,
      now: '2026-12-06T00:00:00.000Z',
      listing,
    });

    const current = await listingOf('lapsed.example');
    assert.equal(current.status, 'active');
    assert.equal(current.expires_at, listing.expiresAt);
    assert.equal(current.listed_at, '2026-12-06T00:00:00.000Z');
    assert.ok(current.updated_at > '2025-12-01T00:00:00.000Z', current.updated_at);
  });

  it('relists under the new marking', async () => {
    const now = '2026-12-01T00:00:00.000Z';
    await upsertIndicatorBatch(database, [row('marked.example')], {
      source: 'open',
      tlp,
      now,
      listing,
    });
    const { indicator_id: id } = await listingOf('marked.example');
    await database.db
      .updateTable('listings')
      .set({ status: 'expired' })
      .where('indicator_id', '=', id)
      .execute();
    await upsertIndicatorBatch(database, [row('marked.example')], {
      source: 'partner',
      tlp: 'TLP:RED',
      now: '2026-12-07T00:00:00.000Z',
      listing: { legalBasis: 'partner-agreement', expiresAt: listing.expiresAt },
    });

    const current = await listingOf('marked.example');
    assert.equal(current.tlp, 'TLP:RED');
    assert.equal(current.origin, 'partner');
    assert.equal(current.legal_basis, 'partner-agreement');
  });

  it('keeps the marking of a live listing', async () => {
    const now = '2026-12-01T00:00:00.000Z';
    await upsertIndicatorBatch(database, [row('kept.example')], {
      source: 'open',
      tlp,
      now,
      listing,
    });
    await upsertIndicatorBatch(database, [row('kept.example')], {
      source: 'partner',
      tlp: 'TLP:RED',
      now,
      listing,
    });

    const current = await listingOf('kept.example');
    const provenance = await database.db
      .selectFrom('provenance')
      .select(['name', 'tlp'])
      .where('indicator_id', '=', current.indicator_id)
      .orderBy('name')
      .execute();
    assert.equal(current.tlp, 'TLP:CLEAR');
    assert.equal(current.origin, 'open');
    assert.deepEqual(provenance, [
      { name: 'open', tlp: 'TLP:CLEAR' },
      { name: 'partner', tlp: 'TLP:RED' },
    ]);
  });

  it('never relists a delisted indicator', async () => {
    const now = '2026-12-01T00:00:00.000Z';
    await upsertIndicatorBatch(database, [row('appealed.example')], {
      source: 'f',
      tlp,
      now,
      listing,
    });
    const { indicator_id: id } = await listingOf('appealed.example');
    await database.db
      .updateTable('listings')
      .set({ status: 'delisted', delisted_at: now })
      .where('indicator_id', '=', id)
      .execute();
    await upsertIndicatorBatch(database, [row('appealed.example')], {
      source: 'f',
      tlp,
      now: '2026-12-06T00:00:00.000Z',
      listing,
    });

    assert.equal((await listingOf('appealed.example')).status, 'delisted');
  });

  it('leaves a person decision unchanged', async () => {
    const now = '2026-12-01T00:00:00.000Z';
    await upsertIndicatorBatch(database, [row('decided.example')], {
      source: 'f',
      tlp,
      now,
      listing,
    });
    const { indicator_id: id } = await listingOf('decided.example');
    await database.db
      .updateTable('listings')
      .set({ decided_by: 'person', expires_at: '2026-12-31T00:00:00.000Z' })
      .where('indicator_id', '=', id)
      .execute();
    await upsertIndicatorBatch(database, [row('decided.example')], {
      source: 'f',
      tlp,
      now,
      listing,
    });

    assert.equal((await listingOf('decided.example')).expires_at, '2026-12-31T00:00:00.000Z');
  });

  it('records provenance without listing', async () => {
    await upsertIndicatorBatch(database, [row('quiet.example')], {
      source: 'watch-list',
      tlp,
      now: '2026-12-01T00:00:00.000Z',
    });

    const listed = await database.db
      .selectFrom('listings')
      .innerJoin('indicators', 'indicators.id', 'listings.indicator_id')
      .select('listings.indicator_id')
      .where('indicators.value', '=', 'quiet.example')
      .execute();
    assert.deepEqual(listed, []);
  });
});
