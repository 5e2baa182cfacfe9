import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

import { indicatorId, insertIndicator, insertStaff } from '../../test/accountability/seed.ts';
import { createTestDatabase } from '../../test/support/database.ts';
import { listValues } from '../../test/support/factories.ts';
import { loadConfig } from '../config.ts';
import { VigilError } from '../errors.ts';
import {
  decideAppeal,
  getAppealStatus,
  startAppealReview,
  submitAppeal,
} from './appeal.service.ts';
import { getStatement, searchArchive } from './archive.service.ts';
import { recordDecision } from './decision.service.ts';
import { LookupService } from './lookup.service.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'vigil-appeal-'));
const config = { ...loadConfig({}), dataDir };
const secretKey = randomBytes(32);
const settings = { config, secretKey };
const inAMonth = () => new Date(Date.now() + 30 * 86_400_000).toISOString();

describe('appeal service', async () => {
  const database = await createTestDatabase();
  const lookup = await LookupService.load(database);
  const analyst = await insertStaff(database, 'analyst@cert.example');
  const reviewer = await insertStaff(database, 'reviewer@cert.example', 'supervisor');
  const auditor = await insertStaff(database, 'auditor@cert.example', 'auditor');
  after(async () => {
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function listByPerson(value: string, host: string): Promise<number> {
    const id = await insertIndicator(database, 'domain', value, host);
    const decision = await recordDecision(
      database,
      {
        verdict: 'confirmed',
        action: 'listed',
        category: 'phishing',
        legalBasis: 'law-on-cybersecurity-2018',
        reasons: 'Login page imitating a bank',
        tlp: 'TLP:CLEAR',
        expiresAt: inAMonth(),
        indicatorIds: [id],
        decidedBy: analyst,
        automated: false,
      },
      { legalBases: config.legalBases },
    );
    await lookup.followChanges();
    return decision.id;
  }

  it('files an appeal with a receipt', async () => {
    const decisionId = await listByPerson('shop-a.vn', 'shop-a.vn');
    const appeal = await submitAppeal(
      database,
      {
        indicator: 'https://shop-a.vn/products?id=3',
        reasons: 'This is our real shop <script>alert(1)</script>',
        contact: 'owner@shop-a.vn',
        language: 'vi',
      },
      settings,
    );
    const row = await database.db
      .selectFrom('appeals')
      .selectAll()
      .where('id', '=', appeal.id)
      .executeTakeFirstOrThrow();

    assert.match(appeal.receipt, /^APL-/);
    assert.equal(row.status, 'received');
    assert.equal(Number(row.decision_id), decisionId);
    assert.equal(row.reasons, 'This is our real shop <script>alert(1)</script>');
    assert.ok(row.contact_encrypted !== null);
    assert.ok(!row.contact_encrypted.includes('owner@shop-a.vn'));
    assert.equal(Date.parse(row.due_at) - Date.parse(row.created_at), 14 * 86_400_000);
  });

  it('rejects an unlisted value', async () => {
    const before = await database.db.selectFrom('appeals').select('id').execute();
    await assert.rejects(
      submitAppeal(
        database,
        {
          indicator: 'clean.example',
          reasons: 'It was never listed at all',
          contact: '',
          language: 'en',
        },
        settings,
      ),
      (error: unknown) =>
        error instanceof VigilError &&
        error.code === 'INVALID_INPUT' &&
        error.field === 'indicator',
    );
    const afterRows = await database.db.selectFrom('appeals').select('id').execute();
    assert.equal(afterRows.length, before.length);
  });

  it('rejects short or huge reasons', async () => {
    await listByPerson('shop-b.vn', 'shop-b.vn');
    for (const reasons of ['', '   short  ', 'x'.repeat(4001)]) {
      await assert.rejects(
        submitAppeal(
          database,
          { indicator: 'shop-b.vn', reasons, contact: '', language: 'en' },
          settings,
        ),
        (error: unknown) => error instanceof VigilError && error.field === 'reasons',
      );
    }
  });

  it('rejects a file that is no image', async () => {
    await assert.rejects(
      submitAppeal(
        database,
        {
          indicator: 'shop-b.vn',
          reasons: 'See the attached registration',
          contact: '',
          language: 'en',
          files: [Buffer.from('%PDF-1.4 not an image')],
        },
        settings,
      ),
      /evidence\[0\]/,
    );
  });

  it('refuses the person who decided', async () => {
    await listByPerson('shop-c.vn', 'shop-c.vn');
    const appeal = await submitAppeal(
      database,
      {
        indicator: 'shop-c.vn',
        reasons: 'Wrongly listed, we sell shoes',
        contact: '',
        language: 'en',
      },
      settings,
    );
    await assert.rejects(
      decideAppeal(
        database,
        lookup,
        { appealId: appeal.id, reviewerId: analyst, outcome: 'delisted', reasons: 'Mine' },
        settings,
      ),
      (error: unknown) => error instanceof VigilError && error.code === 'CONFLICT',
    );
    await assert.rejects(
      startAppealReview(database, appeal.id, analyst),
      (error: unknown) => error instanceof VigilError && error.code === 'CONFLICT',
    );
    await assert.rejects(
      startAppealReview(database, appeal.id, auditor),
      (error: unknown) => error instanceof VigilError && error.code === 'FORBIDDEN',
    );
    const status = await getAppealStatus(database, appeal.receipt);
    assert.equal(status.status, 'received');
  });

  it('delists through a second reviewer', async () => {
    const decisionId = await listByPerson('shop-d.vn', 'shop-d.vn');
    const appeal = await submitAppeal(
      database,
      {
        indicator: 'shop-d.vn',
        reasons: 'Registered business, see licence',
        contact: '',
        language: 'vi',
      },
      settings,
    );
    await startAppealReview(database, appeal.id, reviewer);
    const decided = await decideAppeal(
      database,
      lookup,
      {
        appealId: appeal.id,
        reviewerId: reviewer,
        outcome: 'delisted',
        reasons: 'The licence checks out; the page was a legitimate shop',
      },
      settings,
    );
    const listed = await lookup.lookup('shop-d.vn');
    const status = await getAppealStatus(database, appeal.receipt.toLowerCase());
    const outcome = await getStatement(database, `D${decided.decisionId}`);
    const appealStatement = await getStatement(database, `A${appeal.id}`);

    assert.equal(listed.listed, false);
    assert.equal(status.status, 'delisted');
    assert.equal(status.appealed, `D${decisionId}`);
    assert.equal(status.outcome_decision, `D${decided.decisionId}`);
    assert.equal(outcome.action, 'delisted');
    assert.equal(outcome.refers_to, `D${decisionId}`);
    assert.equal(outcome.automated, false);
    assert.equal(appealStatement.outcome, 'delisted');
    assert.equal(appealStatement.reasons, 'The licence checks out; the page was a legitimate shop');
    await assert.rejects(
      decideAppeal(
        database,
        lookup,
        { appealId: appeal.id, reviewerId: reviewer, outcome: 'upheld', reasons: 'Again' },
        settings,
      ),
      /already decided/,
    );
  });

  it('upholds without a new decision', async () => {
    await listByPerson('shop-e.vn', 'shop-e.vn');
    const appeal = await submitAppeal(
      database,
      { indicator: 'shop-e.vn', reasons: 'Please look again at it', contact: '', language: 'en' },
      settings,
    );
    const decided = await decideAppeal(
      database,
      lookup,
      {
        appealId: appeal.id,
        reviewerId: reviewer,
        outcome: 'upheld',
        reasons: 'Still a phishing page',
      },
      settings,
    );
    assert.equal(decided.decisionId, null);
    assert.equal((await lookup.lookup('shop-e.vn')).listed, true);
    assert.equal((await getAppealStatus(database, appeal.receipt)).status, 'upheld');
  });

  it('changes the terms of a listing', async () => {
    await listByPerson('shop-f.vn', 'shop-f.vn');
    const appeal = await submitAppeal(
      database,
      {
        indicator: 'shop-f.vn',
        reasons: 'Not phishing, it is spam at worst',
        contact: '',
        language: 'en',
      },
      settings,
    );
    const decided = await decideAppeal(
      database,
      lookup,
      {
        appealId: appeal.id,
        reviewerId: reviewer,
        outcome: 'changed',
        reasons: 'Spam, not phishing',
        category: 'spam',
      },
      settings,
    );
    const result = await lookup.lookup('shop-f.vn');
    assert.equal(result.category, 'spam');
    assert.equal((await getStatement(database, `D${decided.decisionId}`)).action, 'changed');
  });

  it('appeals a feed listing', async () => {
    await listValues(database, ['feed-listed.example'], { source: 'openphish' });
    await lookup.followChanges();
    const appeal = await submitAppeal(
      database,
      {
        indicator: 'http://feed-listed.example/',
        reasons: 'Our site was cleaned up last week',
        contact: '',
        language: 'en',
      },
      settings,
    );
    const id = await indicatorId(database, 'domain', 'feed-listed.example');
    const status = await getAppealStatus(database, appeal.receipt);
    await decideAppeal(
      database,
      lookup,
      { appealId: appeal.id, reviewerId: analyst, outcome: 'delisted', reasons: 'Clean now' },
      settings,
    );
    const page = await searchArchive(database, { indicator: 'feed-listed.example' });

    assert.equal(status.appealed, `L${id}`);
    assert.equal((await lookup.lookup('feed-listed.example')).listed, false);
    assert.deepEqual(page.statements.map((statement) => statement.action).sort(), [
      'appeal',
      'delisted',
      'listed',
    ]);
  });

  it('finds no receipt of another kind', async () => {
    await assert.rejects(getAppealStatus(database, 'VGL-0000-0000-000'), /no appeal/);
    await assert.rejects(getAppealStatus(database, '<script>'), /no appeal/);
  });
});
