import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

import { loadConfig } from '../../config.ts';
import { LookupService } from '../../services/lookup.service.ts';
import { addWarning } from '../../services/warning.service.ts';
import { upsertIndicatorBatch } from '../../store/indicator-batch.repository.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
import { buildApp } from '../app.ts';
import { multipartBody } from './portal-test.support.ts';

function cookiesOf(response: LightMyRequestResponse): string {
  return response.cookies.map((cookie) => `${cookie.name}=${cookie.value}`).join('; ');
}

function csrfTokenOf(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  assert.ok(match, 'the form carries a CSRF token');
  return match[1]!;
}

describe('portal pages', () => {
  let database: TestDatabase;
  let lookup: LookupService;
  let app: FastifyInstance;
  let dataDir: string;

  before(async () => {
    database = await createTestDatabase();
    dataDir = mkdtempSync(path.join(tmpdir(), 'vigil-pages-'));
    const now = new Date().toISOString();
    await upsertIndicatorBatch(
      database,
      [
        {
          kind: 'domain',
          value: 'listed-scam.example.vn',
          host: 'listed-scam.example.vn',
          registrableDomain: 'example.vn',
          category: 'phishing',
          seenAt: null,
          reasons: 'named by a trusted feed',
        },
      ],
      {
        source: 'test-feed',
        now,
        tlp: 'TLP:CLEAR',
        listing: { legalBasis: 'trusted-feed', expiresAt: '2999-01-01T00:00:00.000Z' },
      },
    );
    lookup = await LookupService.load(database);
    const config = {
      ...loadConfig({ VIGIL_SECRET_KEY: randomBytes(32).toString('base64') }),
      dataDir,
    };
    app = await buildApp({ database, lookup, config });
  });

  after(async () => {
    await app.close();
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('sends 404 as HTML or JSON', async () => {
    const page = await app.inject({ url: '/no-such-page', headers: { accept: 'text/html' } });
    assert.equal(page.statusCode, 404);
    assert.match(page.headers['content-type'] as string, /text\/html/);
    assert.match(page.body, /Không tìm thấy trang này/);

    const english = await app.inject({
      url: '/no-such-page?lang=en',
      headers: { accept: 'text/html' },
    });
    assert.match(english.body, /This page does not exist/);

    const api = await app.inject({ url: '/api/v1/nothing', headers: { accept: 'text/html' } });
    assert.equal(api.statusCode, 404);
    assert.equal(api.json<{ error: { code: string } }>().error.code, 'NOT_FOUND');

    const script = await app.inject({ url: '/no-such-page' });
    assert.equal(script.json<{ error: { code: string } }>().error.code, 'NOT_FOUND');
  });
  it('serves the home page', async () => {
    const response = await app.inject({ method: 'GET', url: '/' });
    assert.equal(response.statusCode, 200);
    assert.match(response.headers['content-type'] as string, /^text\/html; charset=utf-8/);
    assert.match(response.body, /^<!doctype html><html lang="vi">/);
    assert.match(response.body, /<a class="skip-link" href="#main">/);
    assert.match(response.body, /<main id="main"/);
    assert.match(response.body, /href="\/report\?lang=vi"/);
    assert.match(response.body, /href="\/\?lang=en"/);
    const csp = response.headers['content-security-policy'] as string;
    assert.match(csp, /script-src 'self'/);
    assert.doesNotMatch(csp, /unsafe-inline/);
    assert.doesNotMatch(response.body, /<script>|<script [^>]*>[^<]/);
  });

  it('keeps the chosen language', async () => {
    const english = await app.inject({ method: 'GET', url: '/check?lang=en' });
    assert.match(english.body, /<html lang="en">/);
    const cookie = english.cookies.find((entry) => entry.name === 'vigil_lang');
    assert.equal(cookie?.value, 'en');
    const next = await app.inject({
      method: 'GET',
      url: '/warnings',
      headers: { cookie: 'vigil_lang=en' },
    });
    assert.match(next.body, /<html lang="en">/);
    const back = await app.inject({
      method: 'GET',
      url: '/warnings?lang=vi',
      headers: { cookie: 'vigil_lang=en' },
    });
    assert.match(back.body, /<html lang="vi">/);
  });

  it('check warns of a listed domain', async () => {
    const response = await app.inject({
      method: 'GET',
      url: `/check?lang=en&value=${encodeURIComponent('https://listed-scam.example.vn/login?x=1')}`,
    });
    assert.equal(response.statusCode, 200);
    assert.match(response.body, /Warning: this is on the scam list/);
    assert.match(response.body, /Kind of harm: Phishing\./);
    assert.match(response.body, /href="\/appeal\?lang=en&amp;indicator=listed-scam.example.vn"/);
  });

  it('check reports an unlisted value', async () => {
    const response = await app.inject({ method: 'GET', url: '/check?value=0912345678' });
    assert.equal(response.statusCode, 200);
    assert.match(response.body, /Nội dung này chưa có trong danh sách lừa đảo/);
    assert.match(response.body, /\+84912345678/);
  });

  it('names official and imitating sites', async () => {
    const official = await app.inject({
      method: 'GET',
      url: '/check?lang=en&value=https://vietcombank.com.vn/',
    });
    assert.match(official.body, /This is the official site of Vietcombank/);
    const imitation = await app.inject({
      method: 'GET',
      url: '/check?lang=en&value=vietcombank-xacthuc.top',
    });
    assert.match(imitation.body, /Careful: this site imitates Vietcombank/);
    assert.match(imitation.body, /href="https:\/\/vietcombank.com.vn\/"/);
  });

  it('shows an IDN in ASCII too', async () => {
    const response = await app.inject({
      method: 'GET',
      url: `/check?lang=en&value=${encodeURIComponent('http://vietcombаnk.com/')}`,
    });
    assert.equal(response.statusCode, 200);
    assert.match(response.body, /<span class="value">http:\/\/vietcombаnk.com\/<\/span>/);
    assert.match(response.body, /\(<span class="value">http:\/\/xn--vietcombnk-.+?\/<\/span>\)/);
    assert.match(response.body, /imitates Vietcombank/);
  });

  it('escapes a hostile check value', async () => {
    const value = '<script>alert(1)</script>';
    const response = await app.inject({
      method: 'GET',
      url: `/check?value=${encodeURIComponent(value)}`,
    });
    assert.equal(response.statusCode, 400);
    assert.equal(response.body.includes(value), false);
    assert.match(response.body, /value="&lt;script>alert\(1\)&lt;\/script>"/);
    assert.match(response.body, /aria-invalid="true"/);
    assert.match(response.body, /id="value-error"/);
  });

  it('rejects a form without token', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/report',
      payload: 'description=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(response.statusCode, 403);
    assert.match(response.headers['content-type'] as string, /^text\/html/);
    assert.match(response.body, /Trang đã hết hạn/);
  });

  it('ties form errors to fields', async () => {
    const form = await app.inject({ method: 'GET', url: '/report?lang=en' });
    const { payload, headers } = multipartBody([
      { name: '_csrf', value: csrfTokenOf(form.body) },
      { name: 'lang', value: 'en' },
      { name: 'kind_0', value: 'phone' },
      { name: 'value_0', value: 'not a phone' },
      { name: 'category', value: 'phishing' },
      { name: 'description', value: '<b>bold</b> attempt' },
      {
        name: 'screenshots',
        filename: '',
        type: 'application/octet-stream',
        bytes: Buffer.alloc(0),
      },
    ]);
    const response = await app.inject({
      method: 'POST',
      url: '/report?lang=en',
      payload,
      headers: { ...headers, cookie: cookiesOf(form) },
    });
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /id="error-summary"/);
    assert.match(response.body, /<a href="#value_0">Item 1: is not a valid phone number<\/a>/);
    assert.match(response.body, /<a href="#channel">Where you saw it: is required<\/a>/);
    assert.match(response.body, /aria-describedby="value_0-error what-hint" aria-invalid="true"/);
    assert.match(
      response.body,
      /id="channel" name="channel" required aria-describedby="channel-error" aria-invalid="true"/,
    );
    assert.match(response.body, /&lt;b>bold&lt;\/b> attempt<\/textarea>/);
  });

  it('redirects a good form to its receipt', async () => {
    const form = await app.inject({ method: 'GET', url: '/report' });
    const { payload, headers } = multipartBody([
      { name: '_csrf', value: csrfTokenOf(form.body) },
      { name: 'lang', value: 'vi' },
      { name: 'kind_0', value: 'link' },
      { name: 'value_0', value: 'http://form-scam.example.vn/' },
      { name: 'kind_1', value: 'bank_account' },
      { name: 'value_1', value: 'VCB 0011001234567' },
      { name: 'category', value: 'fraud' },
      { name: 'channel', value: 'zalo' },
      { name: 'description', value: 'Họ bảo tôi chuyển tiền' },
      { name: 'moneyLost', value: 'yes' },
    ]);
    const response = await app.inject({
      method: 'POST',
      url: '/report',
      payload,
      headers: { ...headers, cookie: cookiesOf(form) },
    });
    assert.equal(response.statusCode, 303, response.body.slice(0, 500));
    const location = response.headers.location as string;
    assert.match(location, /^\/r\/VGL-[0-9A-Z-]+\?lang=vi&sent=1$/);

    const receipt = await app.inject({ method: 'GET', url: location });
    assert.equal(receipt.statusCode, 200);
    assert.match(receipt.body, /Cảm ơn bạn/);
    assert.match(receipt.body, /Đã nhận/);
    const stored = await database.db.selectFrom('report_indicators').select('entered').execute();
    assert.ok(stored.some((row) => row.entered === 'VCB 0011001234567'));
  });

  it('shows a missing report as 404', async () => {
    const response = await app.inject({ method: 'GET', url: '/r/VGL-0000-0000-000' });
    assert.equal(response.statusCode, 404);
    assert.match(response.body, /Không tìm thấy báo cáo/);
    const typed = await app.inject({ method: 'GET', url: '/r?code=vgl 0000 0000 000' });
    assert.equal(typed.statusCode, 303);
    assert.equal(typed.headers.location, '/r/VGL-0000-0000-000?lang=vi');
  });

  it('escapes warnings and their feed', async () => {
    const { slug } = await addWarning(database, {
      titleVi: 'Cảnh báo <script>alert("x")</script> & giả danh',
      bodyVi: 'Nội dung **đậm** <img src=x onerror=alert(1)> http://scam-link.example.vn',
      category: 'impersonation',
      indicators: ['http://scam-link.example.vn/'],
      actor: 'test',
    });
    assert.equal(slug, 'canh-bao-script-alert-x-script-gia-danh');

    const page = await app.inject({ method: 'GET', url: `/warnings/${slug}` });
    assert.equal(page.statusCode, 200);
    assert.equal(page.body.includes('<script>alert'), false);
    assert.equal(page.body.includes('<img'), false);
    assert.match(page.body, /<strong>đậm<\/strong>/);
    assert.doesNotMatch(page.body, /<a href="http:\/\/scam-link/);
    assert.match(
      page.body,
      /href="\/check\?lang=vi&amp;value=http%3A%2F%2Fscam-link.example.vn%2F"/,
    );

    const list = await app.inject({ method: 'GET', url: '/warnings' });
    assert.match(list.body, new RegExp(`href="/warnings/${slug}\\?lang=vi"`));

    const feed = await app.inject({ method: 'GET', url: '/warnings/feed.atom' });
    assert.equal(feed.statusCode, 200);
    assert.match(feed.headers['content-type'] as string, /^application\/atom\+xml/);
    assert.match(
      feed.body,
      /^<\?xml version="1.0" encoding="utf-8"\?>\n<feed xmlns="http:\/\/www.w3.org\/2005\/Atom"/,
    );
    assert.match(
      feed.body,
      /<title>Cảnh báo &lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt; &amp; giả danh<\/title>/,
    );
    assert.equal(feed.body.includes('<script>'), false);
    assert.equal(feed.body.includes('<strong>'), false);

    const check = await app.inject({
      method: 'GET',
      url: `/check?lang=en&value=${encodeURIComponent('http://scam-link.example.vn/')}`,
    });
    assert.match(check.body, /Official warnings about this/);
    assert.match(check.body, new RegExp(`href="/warnings/${slug}\\?lang=en"`));

    const missing = await app.inject({ method: 'GET', url: '/warnings/no-such-warning' });
    assert.equal(missing.statusCode, 404);
    assert.match(missing.headers['content-type'] as string, /^text\/html/);
  });

  it('renders guide and conduct', async () => {
    for (const url of [
      '/guide',
      '/guide?lang=en',
      '/code-of-conduct',
      '/code-of-conduct?lang=en',
    ]) {
      const response = await app.inject({ method: 'GET', url });
      assert.equal(response.statusCode, 200, url);
      assert.match(response.body, /<h1>[^<]+<\/h1>/, url);
    }
    const english = await app.inject({ method: 'GET', url: '/guide?lang=en' });
    assert.match(english.body, /<h1>How to avoid online scams<\/h1>/);
  });

  it('serves its assets', async () => {
    const css = await app.inject({ method: 'GET', url: '/assets/portal.css' });
    assert.equal(css.statusCode, 200);
    assert.match(css.headers['content-type'] as string, /^text\/css/);
    const script = await app.inject({ method: 'GET', url: '/assets/report-form.js' });
    assert.match(script.headers['content-type'] as string, /^text\/javascript/);
  });
});
