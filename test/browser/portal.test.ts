import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import type { FastifyInstance } from 'fastify';
import type { BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';

import { loadConfig } from '../../src/config.ts';
import { buildApp } from '../../src/http/app.ts';
import { importFile } from '../../src/services/import.service.ts';
import { LookupService } from '../../src/services/lookup.service.ts';
import { addWarning } from '../../src/services/warning.service.ts';
import {
  launchBrowser,
  saveScreenshot,
  SKIP_WITHOUT_CHROMIUM,
  type TestBrowser,
} from '../support/browser.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { samplePath, SKIP_WITHOUT_SAMPLES } from '../support/sample-data.ts';

/** A host from the ChongLuaDao list imported below, written as a link a scam SMS would carry. */
const LISTED_LINK = 'http://cvietcombank.com/dang-nhap';
const UNLISTED_LINK = 'https://unlisted-shop.example.vn/sale';

/** An iPhone 12-sized viewport: most reporters use a phone. */
const PHONE = { width: 390, height: 844 };

/** Presses Tab until the element with `id` has focus, as a keyboard user would. */
async function tabTo(page: Page, id: string): Promise<void> {
  for (let presses = 0; presses < 80; presses += 1) {
    if ((await page.evaluate(() => document.activeElement?.id ?? '')) === id) {
      return;
    }
    await page.keyboard.press('Tab');
  }
  assert.fail(`Tab never reached #${id}`);
}

describe('portal in the browser', { skip: SKIP_WITHOUT_SAMPLES || SKIP_WITHOUT_CHROMIUM }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-portal-browser-'));
  const screenshotFile = join(dataDir, 'tin-nhan-lua-dao.png');
  let database: TestDatabase;
  let app: FastifyInstance;
  let browser: TestBrowser;
  let context: BrowserContext;
  let page: Page;
  let base: string;

  before(async () => {
    database = await createTestDatabase();
    const config = {
      ...loadConfig({ VIGIL_SECRET_KEY: randomBytes(32).toString('base64') }),
      dataDir,
    };
    await importFile(database, samplePath('lists/chongluadao/urls.txt')!, {
      listingPolicy: config.feedListing,
      category: 'phishing',
    });
    const lookup = await LookupService.load(database);
    app = await buildApp({ database, lookup, config });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    assert.notEqual(address, null);
    assert.equal(typeof address, 'object');
    assert.ok(typeof address === 'object' && address !== null);
    base = `http://127.0.0.1:${address.port}`;

    const image = await sharp({
      create: { width: 390, height: 700, channels: 3, background: { r: 240, g: 240, b: 240 } },
    })
      .withExif({ IFD0: { Make: 'PhoneMaker' } })
      .png()
      .toBuffer();
    writeFileSync(screenshotFile, image);

    browser = await launchBrowser();
    context = await browser.browser.newContext({ viewport: PHONE, locale: 'vi-VN' });
    page = await context.newPage();
  });

  after(async () => {
    await context?.close();
    await browser?.close();
    await app?.close();
    await database?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('reports a link with a screenshot', async () => {
    await page.goto(`${base}/?lang=vi`);
    await saveScreenshot(page, 'portal-home');
    await page.getByRole('link', { name: 'Báo cáo lừa đảo' }).click();
    await page.waitForURL(/\/report/);
    assert.equal(await page.getAttribute('html', 'lang'), 'vi');

    await page.getByLabel('Loại').first().selectOption('link');
    await page.locator('#value_0').fill(LISTED_LINK);
    await page.getByLabel('Đây là hình thức gì?').selectOption('phishing');
    await page.getByLabel('Bạn gặp ở đâu?').selectOption('sms');
    await page
      .getByLabel('Chuyện gì đã xảy ra?')
      .fill('Tin nhắn báo tài khoản bị khoá, bảo bấm link.');
    await page.getByLabel('Ảnh chụp màn hình (không bắt buộc)').setInputFiles(screenshotFile);
    await saveScreenshot(page, 'portal-report-form');
    const spentBefore = await database.db
      .selectFrom('spent_challenges')
      .select('signature')
      .execute();

    await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
    await page.waitForURL(/\/r\/VGL-/);
    await saveScreenshot(page, 'portal-receipt');
    assert.match(await page.locator('.answer.ok').innerText(), /Cảm ơn bạn/);
    const code = await page.locator('.receipt-code').innerText();
    assert.match(code, /^VGL-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{3}$/);

    const evidence = await database.db
      .selectFrom('evidence')
      .innerJoin('reports', 'reports.id', 'evidence.owner_id')
      .select(['evidence.media_type', 'evidence.owner_type'])
      .where('reports.receipt', '=', code)
      .execute();
    assert.deepEqual(evidence, [{ media_type: 'image/png', owner_type: 'report' }]);
    // A newly spent challenge shows the page script solved the proof-of-work.
    const spent = await database.db.selectFrom('spent_challenges').select('signature').execute();
    assert.equal(spent.length, spentBefore.length + 1);

    await page.getByRole('link', { name: `/r/${code}` }).click();
    await page.waitForURL(new RegExp(`/r/${code}$`));
    assert.equal(await page.locator('h1').innerText(), `Báo cáo ${code}`);
    assert.match(await page.locator('.timeline').innerText(), /Đã nhận/);
    await saveScreenshot(page, 'portal-status');
  });

  it('checks a listed link', async () => {
    await page.goto(`${base}/check?lang=vi`);
    await page
      .getByLabel('Đường link, số điện thoại, e-mail hoặc tài khoản ngân hàng')
      .fill(LISTED_LINK);
    await page.keyboard.press('Enter');
    await page.waitForURL(/value=/);
    const answer = await page.locator('.answer.danger').innerText();
    assert.match(answer, /Cảnh báo: nội dung này nằm trong danh sách lừa đảo/);
    assert.match(answer, /Lừa đảo đánh cắp thông tin/);
    assert.ok(await page.locator('.answer.danger a[href^="/appeal?"]').count());
    await saveScreenshot(page, 'portal-check-listed');
  });

  it('checks an unlisted link', async () => {
    await page.goto(`${base}/check?lang=vi&value=${encodeURIComponent(UNLISTED_LINK)}`);
    assert.match(
      await page.locator('main').innerText(),
      /Nội dung này chưa có trong danh sách lừa đảo/,
    );
    assert.equal(await page.locator('.answer.danger').count(), 0);
    await saveScreenshot(page, 'portal-check-unlisted');
  });

  it('switches language', async () => {
    await page.goto(`${base}/check?lang=vi&value=${encodeURIComponent(UNLISTED_LINK)}`);
    await page.getByRole('link', { name: 'Xem trang này bằng tiếng Anh' }).click();
    await page.waitForURL(/lang=en/);
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.match(await page.locator('main').innerText(), /This is not on the scam list/);
    await saveScreenshot(page, 'portal-check-english');

    await page
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'Warnings' })
      .click();
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    await page.goto(`${base}/guide`);
    assert.equal(await page.getAttribute('html', 'lang'), 'en', 'the cookie keeps English');
    await saveScreenshot(page, 'portal-guide-english');
  });

  it('submits by keyboard alone', async () => {
    await page.goto(`${base}/report?lang=en`);
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.className), 'skip-link');
    await page.keyboard.press('Enter');

    await tabTo(page, 'value_0');
    await page.keyboard.type('https://keyboard-scam.example.vn/prize');
    await tabTo(page, 'category');
    await page.keyboard.press('ArrowDown');
    await tabTo(page, 'channel');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await tabTo(page, 'description');
    await page.keyboard.type('A prize message asked for my card number.');
    await tabTo(page, 'moneyLost');
    await page.keyboard.press('Space');
    await saveScreenshot(page, 'portal-keyboard-form');

    for (let presses = 0; presses < 20; presses += 1) {
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => document.activeElement?.getAttribute('type'));
      if (focused === 'submit') {
        break;
      }
    }
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/r\/VGL-/);
    assert.match(await page.locator('main').innerText(), /Thank you/);
    const report = await database.db
      .selectFrom('reports')
      .select(['category', 'channel', 'money_lost', 'language'])
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    assert.deepEqual(report, {
      category: 'phishing',
      channel: 'zalo',
      money_lost: 1,
      language: 'en',
    });
    await saveScreenshot(page, 'portal-keyboard-receipt');
  });

  it('ties a field error to its field', async () => {
    await page.goto(`${base}/report?lang=vi`);
    await page.locator('#value_0').fill('https://error-case.example.vn/');
    await page.getByLabel('Đây là hình thức gì?').selectOption('fraud');
    await page.getByLabel('Chuyện gì đã xảy ra?').fill('Không chọn nơi gặp.');
    await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
    await page.waitForSelector('#error-summary');
    await saveScreenshot(page, 'portal-field-error');

    const channel = page.locator('#channel');
    assert.equal(await channel.getAttribute('aria-invalid'), 'true');
    const describedBy = (await channel.getAttribute('aria-describedby')) ?? '';
    const errorId = describedBy.split(' ').find((id) => id.endsWith('-error'));
    assert.equal(errorId, 'channel-error');
    assert.equal(await page.locator(`#${errorId}`).innerText(), 'chưa được điền');
    await page.locator('#error-summary a[href="#channel"]').click();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'channel');
    assert.equal(await page.locator('#value_0').inputValue(), 'https://error-case.example.vn/');
  });

  it('works without JavaScript', async () => {
    const noScript = await browser.browser.newContext({
      viewport: PHONE,
      javaScriptEnabled: false,
    });
    try {
      const plain = await noScript.newPage();
      await plain.goto(`${base}/report`);
      await plain.locator('#value_0').fill('https://no-script.example.vn/');
      await plain.getByLabel('Đây là hình thức gì?').selectOption('spam');
      await plain.getByLabel('Bạn gặp ở đâu?').selectOption('email');
      await plain.getByLabel('Chuyện gì đã xảy ra?').fill('Thư rác mời đầu tư.');
      const spentBefore = await database.db
        .selectFrom('spent_challenges')
        .select('signature')
        .execute();
      await plain.getByRole('button', { name: 'Gửi báo cáo' }).click();
      await plain.waitForURL(/\/r\/VGL-/);
      assert.match(await plain.locator('main').innerText(), /Cảm ơn bạn/);
      const spentAfter = await database.db
        .selectFrom('spent_challenges')
        .select('signature')
        .execute();
      assert.equal(spentAfter.length, spentBefore.length, 'no proof-of-work without the script');
      await saveScreenshot(plain, 'portal-receipt-no-javascript');
    } finally {
      await noScript.close();
    }
  });

  it('shows warnings and guidance', async () => {
    await addWarning(database, {
      titleVi: 'Giả danh ngân hàng gửi tin nhắn khoá tài khoản',
      titleEn: 'Fake bank messages about locked accounts',
      bodyVi: 'Kẻ gian gửi tin nhắn **giả danh ngân hàng** kèm đường link đăng nhập giả.',
      bodyEn: 'Scammers send messages **posing as your bank** with a fake login link.',
      category: 'impersonation',
      indicators: [LISTED_LINK],
      actor: 'test',
    });
    await page.goto(`${base}/warnings?lang=vi`);
    await page
      .getByRole('link', { name: 'Giả danh ngân hàng gửi tin nhắn khoá tài khoản' })
      .click();
    assert.equal(
      await page.locator('h1').innerText(),
      'Giả danh ngân hàng gửi tin nhắn khoá tài khoản',
    );
    assert.equal(await page.locator('.prose strong').innerText(), 'giả danh ngân hàng');
    await saveScreenshot(page, 'portal-warning');
    await page.goto(`${base}/warnings?lang=vi`);
    await saveScreenshot(page, 'portal-warnings');
    await page.goto(`${base}/code-of-conduct?lang=vi`);
    assert.equal(await page.locator('h1').innerText(), 'Quy tắc ứng xử trên mạng');
    await saveScreenshot(page, 'portal-code-of-conduct');
  });
});
