import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import type { FastifyInstance } from 'fastify';

import { insertIndicator } from '../../../test/accountability/seed.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
import { loadConfig } from '../../config.ts';
import { APPEAL_RECEIPT_PREFIX } from '../../domain/archive/appeal.ts';
import { generateReceiptCode } from '../../domain/receipts/receipt-code.ts';
import { LookupService } from '../../services/lookup.service.ts';
import { buildApp } from '../app.ts';

/** 18:22 UTC on 4 December is 01:22 on 5 December in Vietnam (UTC+7). */
const AT = '2026-12-04T18:22:00.000Z';

describe('status pages', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let dataDir: string;
  const report = generateReceiptCode();
  const appeal = generateReceiptCode(APPEAL_RECEIPT_PREFIX);

  before(async () => {
    database = await createTestDatabase();
    dataDir = mkdtempSync(path.join(tmpdir(), 'vigil-receipt-'));
    const row = await database.db
      .insertInto('reports')
      .values({
        receipt: report,
        status: 'received',
        category: 'fraud',
        channel: 'zalo',
        seen_at: null,
        description: 'Asked to send money',
        message_text: null,
        money_lost: 0,
        amount_lost: null,
        language: 'vi',
        contact_encrypted: null,
        reporter_hash: null,
        reporter_hash_expires_at: null,
        case_id: null,
        created_at: AT,
        updated_at: AT,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await database.db
      .insertInto('report_events')
      .values({ report_id: Number(row.id), status: 'received', public_note: null, created_at: AT })
      .execute();
    const indicator = await insertIndicator(database, 'domain', 'shop-f.vn');
    await database.db
      .insertInto('appeals')
      .values({
        receipt: appeal,
        indicator_id: indicator,
        decision_id: null,
        status: 'received',
        reasons: 'Our own shop',
        contact_encrypted: null,
        language: 'vi',
        due_at: '2026-12-18T18:22:00.000Z',
        reviewer_id: null,
        outcome_decision_id: null,
        outcome_reasons: null,
        created_at: AT,
        decided_at: null,
      })
      .execute();
    const config = {
      ...loadConfig({ VIGIL_SECRET_KEY: randomBytes(32).toString('base64') }),
      dataDir,
    };
    app = await buildApp({ database, lookup: await LookupService.load(database), config });
  });

  after(async () => {
    await app.close();
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('names the zone on the report page', async () => {
    const vi = (await app.inject({ url: `/r/${report}?lang=vi` })).body;
    const en = (await app.inject({ url: `/r/${report}?lang=en` })).body;

    assert.ok(vi.includes('05/12/2026 01:22 (giờ Việt Nam, UTC+7)'));
    assert.ok(en.includes('5 Dec 2026 01:22 (Vietnam time, UTC+7)'));
  });

  it('names the zone on the appeal page', async () => {
    const vi = (await app.inject({ url: `/a/${appeal}?lang=vi` })).body;
    const en = (await app.inject({ url: `/a/${appeal}?lang=en` })).body;

    assert.ok(vi.includes('05/12/2026 01:22 (giờ Việt Nam, UTC+7)'));
    assert.ok(vi.includes('19/12/2026 01:22 (giờ Việt Nam, UTC+7)'));
    assert.ok(en.includes('5 Dec 2026 01:22 (Vietnam time, UTC+7)'));
    assert.ok(!vi.includes('>2026-12-04'));
  });

  it('shows an absolute tracking link', async () => {
    const page = (
      await app.inject({ url: `/r/${report}?lang=en`, headers: { host: 'vigil.example.vn:8080' } })
    ).body;

    assert.ok(page.includes(`href="/r/${report}"`));
    assert.ok(page.includes(`>http://vigil.example.vn:8080/r/${report}<`));
  });

  it('escapes a hostile host header', async () => {
    const response = await app.inject({
      url: `/r/${report}?lang=en`,
      headers: { host: '"><script>alert(1)</script>' },
    });

    assert.ok(!response.body.includes('<script>alert(1)'));
  });
});
