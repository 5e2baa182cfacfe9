import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { insertDecision, insertIndicator } from '../../test/accountability/seed.ts';
import { createTestDatabase, type TestDatabase } from '../../test/support/database.ts';
import { searchArchive } from './archive.service.ts';

describe('archive search by indicator', () => {
  let database: TestDatabase;
  const at = '2026-11-20T08:00:00.000Z';

  before(async () => {
    database = await createTestDatabase();
    const open = await insertIndicator(
      database,
      'domain',
      'public-scam.example',
      'public-scam.example',
    );
    const restricted = await insertIndicator(
      database,
      'domain',
      'amber-scam.example',
      'amber-scam.example',
    );
    await insertDecision(database, { at, indicatorIds: [open] });
    await insertDecision(database, { at, indicatorIds: [restricted], tlp: 'TLP:AMBER' });
  });
  after(() => database.close());

  it('finds a public decision', async () => {
    const page = await searchArchive(database, { indicator: 'public-scam.example' });
    assert.equal(page.statements.length, 1);
  });

  it('does not reveal a restricted one', async () => {
    const page = await searchArchive(database, { indicator: 'amber-scam.example' });
    assert.equal(page.statements.length, 0);
  });

  it('still lists the restricted one, value hidden, without a search', async () => {
    const page = await searchArchive(database, {});
    assert.equal(page.statements.length, 2);
    assert.ok(!JSON.stringify(page).includes('amber-scam.example'));
  });
});
