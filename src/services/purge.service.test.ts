import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

import {
  hoursAfter,
  insertAppealRow,
  insertDecision,
  insertIndicator,
  insertListing,
  insertReport,
} from '../../test/accountability/seed.ts';
import { createTestDatabase } from '../../test/support/database.ts';
import { loadConfig } from '../config.ts';
import { checkAuditChain } from '../domain/audit/audit-chain.ts';
import { selectAuditEntries } from '../store/audit.repository.ts';
import type { Database } from '../store/database.ts';
import { searchArchive } from './archive.service.ts';
import { purge } from './purge.service.ts';

const NOW = new Date('2026-06-01T00:00:00.000Z');
const OLD = '2025-01-01T00:00:00.000Z';
const RECENT = '2026-05-20T00:00:00.000Z';

async function insertEvidence(
  database: Database,
  folder: string,
  ownerType: string,
  ownerId: number,
  storageKey: string,
): Promise<void> {
  mkdirSync(join(folder, 'evidence', 'ab'), { recursive: true });
  writeFileSync(join(folder, 'evidence', storageKey), 'image');
  await database.db
    .insertInto('evidence')
    .values({
      owner_type: ownerType,
      owner_id: ownerId,
      storage_key: storageKey,
      media_type: 'image/png',
      bytes: 5,
      sha256: storageKey,
      width: 1,
      height: 1,
      created_at: OLD,
    })
    .execute();
}

async function seed(database: Database, folder: string) {
  await insertReport(database, { at: OLD, category: 'fraud', channel: 'sms', contact: 'box-1' });
  await insertReport(database, { at: RECENT, category: 'fraud', channel: 'sms', contact: 'box-2' });
  const closed = await insertReport(database, {
    at: OLD,
    category: 'fraud',
    channel: 'sms',
    status: 'closed',
  });
  const open = await insertReport(database, {
    at: OLD,
    category: 'fraud',
    channel: 'sms',
    status: 'in_review',
  });
  const rejected = await insertReport(database, {
    at: OLD,
    category: 'spam',
    channel: 'sms',
    status: 'rejected',
  });
  await insertReport(database, {
    at: RECENT,
    category: 'spam',
    channel: 'sms',
    status: 'rejected',
  });
  await insertEvidence(database, folder, 'report', closed, 'ab/closed.png');
  await insertEvidence(database, folder, 'report', open, 'ab/open.png');
  await insertEvidence(database, folder, 'report', rejected, 'ab/shared.png');
  await insertEvidence(database, folder, 'report', open, 'ab/shared.png');

  const feedOld = await insertIndicator(database, 'domain', 'old-feed.vn', 'old-feed.vn');
  const personOld = await insertIndicator(database, 'domain', 'old-person.vn', 'old-person.vn');
  const current = await insertIndicator(database, 'domain', 'current.vn', 'current.vn');
  const decision = await insertDecision(database, { at: OLD, indicatorIds: [personOld] });
  await insertListing(database, {
    indicatorId: feedOld,
    listedAt: OLD,
    expiresAt: hoursAfter(OLD, 24),
    status: 'expired',
  });
  await insertListing(database, {
    indicatorId: personOld,
    listedAt: OLD,
    expiresAt: hoursAfter(OLD, 24),
    status: 'expired',
    decidedBy: 'person',
    decisionId: decision,
  });
  await insertListing(database, {
    indicatorId: current,
    listedAt: RECENT,
    expiresAt: '2026-07-01T00:00:00.000Z',
  });
  await insertAppealRow(database, {
    indicatorId: current,
    decisionId: null,
    at: OLD,
    status: 'upheld',
    decidedAfterHours: 1,
    contact: 'box-3',
  });
  await insertAppealRow(database, {
    indicatorId: current,
    decisionId: null,
    at: OLD,
    contact: 'box-4',
  });
}

describe('purge', async () => {
  const database = await createTestDatabase();
  const folder = mkdtempSync(join(tmpdir(), 'vigil-purge-'));
  const config = { ...loadConfig({}), dataDir: folder };
  await seed(database, folder);
  after(async () => {
    await database.close();
    rmSync(folder, { recursive: true, force: true });
  });

  const expected = {
    reportContacts: 1,
    appealContacts: 1,
    reporterHashes: 0,
    evidenceFiles: 2,
    rejectedReports: 1,
    expiredListings: 1,
    expiredListingsKept: 1,
  };

  it('counts without writing on a dry run', async () => {
    const result = await purge(database, config, { dryRun: true, actor: 'cli', now: NOW });
    const audit = await database.db.selectFrom('audit_log').select('id').execute();
    const reports = await database.db.selectFrom('reports').select('id').execute();

    assert.deepEqual(result.counts, expected);
    assert.equal(result.runId, null);
    assert.equal(audit.length, 0);
    assert.equal(reports.length, 6);
  });

  it('applies the rules once', async () => {
    const result = await purge(database, config, { dryRun: false, actor: 'cli', now: NOW });
    const contacts = await database.db
      .selectFrom('reports')
      .select('contact_encrypted')
      .where('contact_encrypted', 'is not', null)
      .execute();
    const reports = await database.db.selectFrom('reports').select('id').execute();
    const listings = await database.db.selectFrom('listings').select('indicator_id').execute();
    const appealContacts = await database.db
      .selectFrom('appeals')
      .select('contact_encrypted')
      .where('contact_encrypted', 'is not', null)
      .execute();

    assert.deepEqual(result.counts, expected);
    assert.equal(result.fileErrors, 0);
    assert.deepEqual(
      contacts.map((row) => row.contact_encrypted),
      ['box-2'],
    );
    assert.deepEqual(
      appealContacts.map((row) => row.contact_encrypted),
      ['box-4'],
    );
    assert.equal(reports.length, 5);
    assert.equal(listings.length, 2);
    assert.equal(existsSync(join(folder, 'evidence', 'ab/closed.png')), false);
    assert.equal(existsSync(join(folder, 'evidence', 'ab/open.png')), true);
    assert.equal(existsSync(join(folder, 'evidence', 'ab/shared.png')), true);
  });

  it('writes one audit entry', async () => {
    const entries = [];
    for await (const page of selectAuditEntries(database.db)) {
      entries.push(...page);
    }
    assert.equal(entries.length, 1);
    assert.equal(entries[0]?.action, 'retention.purge');
    assert.deepEqual(
      (JSON.parse(entries[0]?.after ?? '{}') as { counts: unknown }).counts,
      expected,
    );
    assert.equal(checkAuditChain(entries).ok, true);
  });

  it('keeps what the archive shows', async () => {
    const page = await searchArchive(database, { indicator: 'old-feed.vn' });
    const decisions = await searchArchive(database, { indicator: 'old-person.vn' });

    assert.equal(page.statements.length, 1);
    assert.equal(decisions.statements[0]?.action, 'listed');
  });

  it('finds nothing more', async () => {
    const result = await purge(database, config, { dryRun: false, actor: 'cli', now: NOW });
    assert.deepEqual(result.counts, { ...expected, ...zero(expected), expiredListingsKept: 1 });
  });
});

function zero(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.keys(counts).map((key) => [key, 0]));
}
