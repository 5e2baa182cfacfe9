import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

import sharp from 'sharp';

import { loadConfig } from '../../src/config.ts';
import { buildApp } from '../../src/http/app.ts';
import { SESSION_COOKIE } from '../../src/http/console/auth.ts';
import { submitAppeal } from '../../src/services/appeal.service.ts';
import { startCompleteSession } from '../../src/services/auth.service.ts';
import { loadSecretKey } from '../../src/services/contact-crypto.ts';
import { recordDecision } from '../../src/services/decision.service.ts';
import { LookupService } from '../../src/services/lookup.service.ts';
import { createUser } from '../../src/services/user.service.ts';
import { insertIndicator } from '../accountability/seed.ts';
import { launchBrowser, saveScreenshot, SKIP_WITHOUT_CHROMIUM } from '../support/browser.ts';
import { createTestDatabase } from '../support/database.ts';

const SITE = 'appeal-review-shop.vn';

describe('appeal review in a browser', { skip: SKIP_WITHOUT_CHROMIUM }, async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-appeal-browser-'));
  const config = {
    ...loadConfig({ VIGIL_SECRET_KEY: randomBytes(32).toString('base64') }),
    dataDir,
  };
  const database = await createTestDatabase();
  const lookup = await LookupService.load(database);
  const { user: admin } = await createUser(database, { email: 'admin@cert.vn', role: 'admin' });
  const { user: lead } = await createUser(database, { email: 'lead@cert.vn', role: 'supervisor' });
  const indicator = await insertIndicator(database, 'domain', SITE, SITE);
  await recordDecision(
    database,
    {
      verdict: 'confirmed',
      action: 'listed',
      category: 'phishing',
      legalBasis: 'law-on-cybersecurity-2018',
      reasons: 'Takes payment and never delivers.',
      tlp: 'TLP:CLEAR',
      expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      indicatorIds: [indicator],
      decidedBy: admin.id,
      automated: false,
    },
    { legalBases: config.legalBases },
  );
  await lookup.followChanges();
  const licence = await sharp({
    create: { width: 320, height: 200, channels: 3, background: { r: 40, g: 120, b: 200 } },
  })
    .png()
    .toBuffer();
  const appeal = await submitAppeal(
    database,
    {
      indicator: SITE,
      reasons: 'Our shop has a business licence; see the photo.',
      contact: 'Trần Thị B, 0912 345 678',
      language: 'vi',
      files: [licence],
    },
    { config, secretKey: loadSecretKey(config) },
  );

  const app = await buildApp({ database, lookup, config });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const chromium = await launchBrowser();
  after(async () => {
    await chromium.close();
    await app.close();
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows evidence and reveals contact', async () => {
    const context = await chromium.browser.newContext();
    await context.addCookies([
      {
        name: SESSION_COOKIE,
        value: await startCompleteSession(database, lead.id),
        url: base,
        httpOnly: true,
        sameSite: 'Strict',
      },
    ]);
    const page = await context.newPage();
    await page.goto(`${base}/console/appeals/${appeal.id}`);

    // The image is lazy-loaded, so wait for it to load before measuring it.
    const width = await page
      .waitForFunction(() => {
        const image = document.querySelector('.evidence img');
        return image instanceof HTMLImageElement && image.complete && image.naturalWidth > 0
          ? image.naturalWidth
          : false;
      })
      .then((handle) => handle.jsonValue());
    assert.equal(width, 320);
    assert.ok(!((await page.textContent('main')) ?? '').includes('0912 345 678'));
    await saveScreenshot(page, 'console-appeal-1-review');

    await page.fill('input[name="reason"]', 'Calling the appellant about the licence');
    await Promise.all([page.waitForLoadState('load'), page.click('text=Show contact details')]);
    assert.equal(
      (await page.textContent('#appellant-contact'))?.trim(),
      'Trần Thị B, 0912 345 678',
    );
    await saveScreenshot(page, 'console-appeal-2-contact');
    await context.close();
  });
});
