import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

import { buildAccountabilityApp } from '../../../test/accountability/app.ts';
import { insertIndicator, insertStaff } from '../../../test/accountability/seed.ts';
import { createTestDatabase } from '../../../test/support/database.ts';
import { loadConfig } from '../../config.ts';
import type { Statement } from '../../domain/archive/statement.ts';
import { decideAppeal } from '../../services/appeal.service.ts';
import { recordDecision } from '../../services/decision.service.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'vigil-archive-'));
const config = { ...loadConfig({}), dataDir };
const inAMonth = () => new Date(Date.now() + 30 * 86_400_000).toISOString();

describe('archive of a decision overturned on appeal', async () => {
  const database = await createTestDatabase();
  const { app, lookup } = await buildAccountabilityApp(database, config);
  const analyst = await insertStaff(database, 'analyst@cert.example');
  const supervisor = await insertStaff(database, 'super@cert.example', 'supervisor');
  const indicator = await insertIndicator(database, 'domain', 'shop-e.vn');
  const first = await recordDecision(
    database,
    {
      verdict: 'confirmed',
      action: 'listed',
      category: 'phishing',
      legalBasis: 'law-on-cybersecurity-2018',
      reasons: 'Copies a bank login page',
      tlp: 'TLP:CLEAR',
      expiresAt: inAMonth(),
      indicatorIds: [indicator],
      decidedBy: analyst,
      automated: false,
    },
    { legalBases: config.legalBases },
  );
  const appeal = await database.db
    .insertInto('appeals')
    .values({
      receipt: 'APL-TEST-0001',
      indicator_id: indicator,
      decision_id: first.id,
      status: 'in_review',
      reasons: 'Our own registered shop',
      contact_encrypted: null,
      language: 'en',
      due_at: inAMonth(),
      reviewer_id: supervisor,
      outcome_decision_id: null,
      outcome_reasons: null,
      created_at: new Date().toISOString(),
      decided_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const appealId = Number(appeal.id);
  const decided = await decideAppeal(
    database,
    lookup,
    {
      appealId,
      reviewerId: supervisor,
      outcome: 'delisted',
      reasons: 'The business licence checks out',
    },
    { config },
  );
  const old = `D${first.id}`;
  const replacement = `D${decided.decisionId}`;
  after(async () => {
    await app.close();
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('names the superseding decision in JSON', async () => {
    const statement = (await app.inject({ url: `/api/v1/decisions/${old}` })).json<Statement>();
    const newer = (await app.inject({ url: `/api/v1/decisions/${replacement}` })).json<Statement>();

    assert.equal(statement.superseded_by, replacement);
    assert.equal(statement.superseded_by_appeal, `A${appealId}`);
    assert.equal(newer.superseded_by, null);
    assert.equal(newer.refers_to, old);
    assert.equal(newer.from_appeal, `A${appealId}`);
  });

  it('writes superseded_by in CSV', async () => {
    const csv = (await app.inject({ url: '/api/v1/decisions?format=csv&action=listed' })).body;
    const [header, row] = csv.trim().split('\r\n');
    const columns = header!.split(',');
    const cells = row!.split(',');

    assert.ok(columns.includes('superseded_by'));
    assert.equal(cells[columns.indexOf('id')], old);
    assert.equal(cells[columns.indexOf('superseded_by')], replacement);
    assert.equal(cells[columns.indexOf('superseded_by_appeal')], `A${appealId}`);
  });

  it('shows the old decision as superseded', async () => {
    const page = (await app.inject({ url: `/decisions/${old}?lang=en` })).body;

    assert.match(page, /Superseded/);
    assert.ok(page.includes(`href="/decisions/${replacement}?lang=en"`));
    assert.ok(page.includes(`href="/decisions/A${appealId}?lang=en"`));
    assert.ok(page.includes('Delisted'));
    assert.ok(!page.includes('class="how-to-appeal"'));
  });

  it('words superseded in Vietnamese', async () => {
    const page = (await app.inject({ url: `/decisions/${old}` })).body;

    assert.match(page, /Đã được thay thế/);
    assert.ok(!page.includes('class="how-to-appeal"'));
  });

  it('shows what the new decision replaces', async () => {
    const page = (await app.inject({ url: `/decisions/${replacement}?lang=en` })).body;

    assert.match(page, /Replaces/);
    assert.ok(page.includes(`href="/decisions/${old}?lang=en"`));
    assert.ok(page.includes(`href="/decisions/A${appealId}?lang=en"`));
  });

  it('labels the appeal outcome', async () => {
    const page = (await app.inject({ url: `/decisions/A${appealId}` })).body;

    assert.ok(page.includes('<dt>Kết quả</dt><dd>Đã gỡ khỏi danh sách</dd>'));
    assert.ok(page.includes('<dt>Quyết định bị khiếu nại</dt>'));
  });

  it('marks superseded in the list', async () => {
    const list = (await app.inject({ url: `/decisions?lang=en` })).body;

    assert.match(list, new RegExp(`${old} · Listed`));
    assert.match(list, /Superseded by/);
  });
});
