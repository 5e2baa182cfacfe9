import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import type { FastifyInstance } from 'fastify';
import type { Page } from 'playwright-core';
import sharp from 'sharp';

import { loadConfig } from '../../src/config.ts';
import { buildApp } from '../../src/http/app.ts';
import { decideAppeal, getAppeal } from '../../src/services/appeal.service.ts';
import { recordDecision } from '../../src/services/decision.service.ts';
import { LookupService } from '../../src/services/lookup.service.ts';
import { createUser } from '../../src/services/user.service.ts';
import { insertIndicator } from '../accountability/seed.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import {
  launchBrowser,
  saveScreenshot,
  SKIP_WITHOUT_CHROMIUM,
  type TestBrowser,
} from '../support/browser.ts';

const SITE = 'wrong-shop.vn';

describe('appeal in the browser', { skip: SKIP_WITHOUT_CHROMIUM }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-appeal-browser-'));
  const config = loadConfig({ VIGIL_DATA_DIR: dataDir });
  let database: TestDatabase;
  let lookup: LookupService;
  let app: FastifyInstance;
  let browser: TestBrowser;
  let page: Page;
  let base: string;
  let reviewerId: number;

  before(async () => {
    database = await createTestDatabase();
    const { user: analyst } = await createUser(database, {
      email: 'analyst@cert.example',
      role: 'analyst',
    });
    const { user: reviewer } = await createUser(database, {
      email: 'reviewer@cert.example',
      role: 'supervisor',
    });
    reviewerId = reviewer.id;
    const indicatorId = await insertIndicator(database, 'domain', SITE, SITE);
    await recordDecision(
      database,
      {
        verdict: 'confirmed',
        action: 'listed',
        category: 'fake_shop',
        legalBasis: 'law-on-cybersecurity-2018',
        reasons: 'Shop taking payment for goods it never sends',
        tlp: 'TLP:CLEAR',
        expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
        indicatorIds: [indicatorId],
        decidedBy: analyst.id,
        automated: false,
      },
      { legalBases: config.legalBases },
    );
    lookup = await LookupService.load(database);
    app = await buildApp({ database, lookup, config });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchBrowser();
    page = await browser.browser.newPage();
  });

  after(async () => {
    await browser?.close();
    await app?.close();
    await database?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function rpzZone(): Promise<string> {
    const response = await fetch(`${base}/api/v1/exports/rpz`);
    assert.equal(response.status, 200);
    return response.text();
  }

  it('files an appeal, shows the outcome', async () => {
    assert.ok((await rpzZone()).includes(SITE));

    await page.goto(`${base}/check?lang=en&value=${SITE}`);
    await saveScreenshot(page, 'appeal-1-check');
    await page.locator('main a[href^="/appeal"]').first().click();
    assert.equal(await page.inputValue('#indicator'), SITE);

    await page.fill('#reasons', 'This is our registered shop; every order is delivered.');
    await page.fill('#contact', 'owner@wrong-shop.vn');
    const png = await sharp({
      create: { width: 40, height: 20, channels: 3, background: '#336699' },
    })
      .png()
      .toBuffer();
    await page.setInputFiles('#evidence', {
      name: 'licence.png',
      mimeType: 'image/png',
      buffer: png,
    });
    await saveScreenshot(page, 'appeal-2-form');
    await Promise.all([page.waitForURL(/\/a\/APL-/), page.click('button[type="submit"]')]);

    const receipt = (await page.textContent('.receipt-code'))?.trim() ?? '';
    assert.match(receipt, /^APL-/);
    assert.match((await page.textContent('main')) ?? '', /Received, waiting for review/);
    await saveScreenshot(page, 'appeal-3-received');

    const appeal = await getAppeal(database, receipt);
    const evidence = await database.db
      .selectFrom('evidence')
      .select('id')
      .where('owner_type', '=', 'appeal')
      .where('owner_id', '=', appeal.id)
      .execute();
    assert.equal(evidence.length, 1);
    assert.ok(!(appeal.contact_encrypted ?? '').includes('owner@'));

    await decideAppeal(
      database,
      lookup,
      {
        appealId: appeal.id,
        reviewerId,
        outcome: 'delisted',
        reasons: 'The business licence is genuine and deliveries are confirmed',
      },
      { config },
    );
    await page.goto(`${base}/a/${receipt}?lang=en`);
    const main = (await page.textContent('main')) ?? '';
    assert.match(main, /Delisted/);
    assert.match(main, /The business licence is genuine/);
    await saveScreenshot(page, 'appeal-4-outcome');

    const check = (await (await fetch(`${base}/api/v1/lookup?value=${SITE}`)).json()) as {
      listed: boolean;
    };
    assert.equal(check.listed, false);
    assert.ok(!(await rpzZone()).includes(SITE));
  });

  it('shows both decisions in the archive', async () => {
    await page.goto(`${base}/decisions?lang=en&indicator=${SITE}`);
    const cards = await page.locator('article.statement h2').allTextContents();
    assert.equal(cards.length, 3);
    assert.ok(cards.some((text) => text.includes('Delisted')));
    assert.ok(cards.some((text) => text.includes('Listed')));
    assert.ok(cards.some((text) => text.includes('Appeal decided')));
    await saveScreenshot(page, 'appeal-5-archive');
  });

  it('counts both in the report', async () => {
    await page.goto(`${base}/transparency?lang=en`);
    const description = (await page.textContent('#decisions-mode-desc')) ?? '';
    assert.match(description, /By a person: 2/);
    assert.match(
      (await page.textContent('#appeals-desc')) ?? '',
      /Received: 1; Decided: 1; Delisted: 1/,
    );
    await saveScreenshot(page, 'appeal-6-transparency');
  });

  it('fits the report on a phone', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    for (const lang of ['vi', 'en']) {
      await page.goto(`${base}/transparency?lang=${lang}`);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 390, `/transparency?lang=${lang} is ${width} px wide`);
    }
    await saveScreenshot(page, 'appeal-7-transparency-phone');
  });
});
