import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { after, describe, it } from 'node:test';

import { loadConfig } from '../../src/config.ts';
import { buildApp } from '../../src/http/app.ts';
import { currentTotpCode } from '../../src/services/auth.service.ts';
import { clusterIndicators } from '../../src/services/clustering.service.ts';
import { importFile } from '../../src/services/import.service.ts';
import { LookupService } from '../../src/services/lookup.service.ts';
import { createUser } from '../../src/services/user.service.ts';
import { launchBrowser, saveScreenshot, SKIP_WITHOUT_CHROMIUM } from '../support/browser.ts';
import { createTestDatabase } from '../support/database.ts';
import { insertTestReport } from '../support/reports.ts';
import { SKIP_WITHOUT_SAMPLES, samplePath } from '../support/sample-data.ts';

const PASSWORD = 'a long browser passphrase';

describe(
  'console in a browser',
  { skip: SKIP_WITHOUT_SAMPLES || SKIP_WITHOUT_CHROMIUM },
  async () => {
    const database = await createTestDatabase();
    const config = loadConfig({ VIGIL_SECRET_KEY: randomBytes(32).toString('base64') });

    await importFile(database, samplePath('lists/chongluadao/urls.txt')!, {
      source: 'chongluadao',
      list: false,
      listingPolicy: config.feedListing,
    });
    const imported = await database.db
      .selectFrom('indicators')
      .select(['id', 'value'])
      .where('kind', '=', 'domain')
      .where('registrable_domain', 'like', '%.vn')
      .whereRef('value', '=', 'registrable_domain')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const domain = imported.value;
    const first = await insertTestReport(database, {
      values: [`https://${domain}/dang-nhap`],
      description: `Tin nhắn báo tài khoản bị khoá, bảo đăng nhập ở ${domain}`,
    });
    const second = await insertTestReport(database, {
      values: [domain],
      channel: 'zalo',
      description: 'Trang này đòi mã OTP của ngân hàng',
    });
    await clusterIndicators(
      database,
      [Number(imported.id), ...first.indicatorIds, ...second.indicatorIds],
      { keyLimit: config.console.clusterKeyLimit },
    );
    await createUser(database, { email: 'analyst@cert.vn', role: 'analyst', password: PASSWORD });
    await createUser(database, { email: 'lead@cert.vn', role: 'supervisor', password: PASSWORD });

    const lookup = await LookupService.load(database);
    const app = await buildApp({ database, lookup, config });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const chromium = await launchBrowser();
    after(async () => {
      await chromium.close();
      await app.close();
      await database.close();
    });

    async function logIn(email: string) {
      const context = await chromium.browser.newContext();
      const page = await context.newPage();
      await page.goto(`${base}/console/login`);
      await page.fill('input[name=email]', email);
      await page.fill('input[name=password]', PASSWORD);
      await page.click('button[type=submit]');
      return { context, page };
    }

    it('triages, decides and approves a case', async () => {
      const analyst = await logIn('analyst@cert.vn');
      const { page } = analyst;
      assert.equal(new URL(page.url()).pathname, '/console');
      await saveScreenshot(page, 'console-queue');

      await page.click('table.queue a[href^="/console/cases/"]');
      assert.match((await page.textContent('h1')) ?? '', new RegExp(domain.replace(/\./g, '\\.')));
      assert.equal(await page.locator('article.report').count(), 2);
      await saveScreenshot(page, 'console-case');

      await page.selectOption('select[name=verdict]', 'confirmed');
      await page.selectOption('select[name=action]', 'listed');
      await page.selectOption('select[name=category]', 'phishing');
      await page.fill(
        'textarea[name=reasons]',
        'Two reports describe this site asking for bank log-ins and one-time codes.',
      );
      await page.click('#decision-form button[type=submit]');
      assert.match((await page.textContent('.notice')) ?? '', /held for a supervisor's approval/);
      const before = await lookup.lookup(domain, { includeRestricted: true });
      assert.equal(before.listed, false, 'nothing is listed before approval');
      await analyst.context.close();

      const lead = await logIn('lead@cert.vn');
      assert.equal(new URL(lead.page.url()).pathname, '/console/login/enrol');
      const secret = (await lead.page.textContent('#totp-secret'))!;
      await lead.page.fill('input[name=code]', currentTotpCode(secret));
      await saveScreenshot(lead.page, 'console-totp-enrol');
      await lead.page.click('button[type=submit]');
      assert.equal(new URL(lead.page.url()).pathname, '/console');

      await lead.page.goto(`${base}/console/approvals`);
      await lead.page.fill(
        'article.approval input[name=reason]',
        'Checked the page and the reports',
      );
      await saveScreenshot(lead.page, 'console-approvals');
      await lead.page.click('article.approval button[value=approve]');
      assert.match((await lead.page.textContent('.notice')) ?? '', /approved and took effect/);

      await lead.page.goto(
        `${base}/api/v1/lookup?value=${encodeURIComponent(`https://${domain}/x`)}`,
      );
      const result = JSON.parse((await lead.page.textContent('body'))!) as {
        listed: boolean;
        category: string;
      };
      assert.equal(result.listed, true);
      assert.equal(result.category, 'phishing');

      await lead.page.goto(`${base}/console/audit?action=decision.approve`);
      assert.equal(await lead.page.locator('table.audit tbody tr').count(), 1);
      await saveScreenshot(lead.page, 'console-audit');
      await lead.page.goto(`${base}/console/audit/verify`);
      assert.match((await lead.page.textContent('#audit-verification')) ?? '', /intact/);
      await lead.context.close();
    });
  },
);
