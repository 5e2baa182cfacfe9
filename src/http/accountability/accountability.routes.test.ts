import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

import {
  buildAccountabilityApp,
  cookiesOf,
  csrfFieldOf,
} from '../../../test/accountability/app.ts';
import { insertIndicator } from '../../../test/accountability/seed.ts';
import { createTestDatabase } from '../../../test/support/database.ts';
import { listValues } from '../../../test/support/factories.ts';
import { loadConfig } from '../../config.ts';
import { SESSION_COOKIE } from '../console/auth.ts';
import { startCompleteSession } from '../../services/auth.service.ts';
import { recordDecision } from '../../services/decision.service.ts';
import { createUser } from '../../services/user.service.ts';
import type { Statement } from '../../domain/archive/statement.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'vigil-routes-'));
const config = { ...loadConfig({}), dataDir };
const inAMonth = () => new Date(Date.now() + 30 * 86_400_000).toISOString();

interface Page {
  statements: Statement[];
  next_cursor: string | null;
  next: string | null;
}

describe('accountability routes', async () => {
  const database = await createTestDatabase();
  const { app, lookup } = await buildAccountabilityApp(database, config);
  const { user: analyst } = await createUser(database, {
    email: 'analyst@cert.example',
    role: 'analyst',
  });
  const { user: supervisor } = await createUser(database, {
    email: 'super@cert.example',
    role: 'supervisor',
  });
  const listed = await insertIndicator(
    database,
    'url',
    'https://pay.fake-bank.vn/login?session=abc123',
    'pay.fake-bank.vn',
  );
  const phone = await insertIndicator(database, 'phone', '+84901234567');
  const decision = await recordDecision(
    database,
    {
      verdict: 'confirmed',
      action: 'listed',
      category: 'phishing',
      legalBasis: 'law-on-cybersecurity-2018',
      reasons: 'Imitates a bank login <script>alert(1)</script>',
      tlp: 'TLP:CLEAR',
      expiresAt: inAMonth(),
      indicatorIds: [listed, phone],
      decidedBy: analyst.id,
      automated: false,
    },
    { legalBases: config.legalBases },
  );
  await listValues(database, ['feed-a.example', 'feed-b.example', 'feed-c.example'], {
    source: 'openphish',
  });
  await lookup.followChanges();
  after(async () => {
    await app.close();
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function staffCookie(userId: number): Promise<string> {
    return `${SESSION_COOKIE}=${await startCompleteSession(database, userId)}`;
  }

  describe('GET /api/v1/decisions', () => {
    it('masks values and names no staff', async () => {
      const response = await app.inject({ url: `/api/v1/decisions?indicator=0901234567` });
      const page = response.json<Page>();
      const body = response.body;

      assert.equal(response.statusCode, 200);
      assert.equal(page.statements.length, 1);
      assert.equal(page.statements[0]?.id, `D${decision.id}`);
      assert.deepEqual(page.statements[0]?.indicators, [
        { kind: 'url', value: 'https://pay.fake-bank.vn/login' },
        { kind: 'phone', value: '+84******567' },
      ]);
      assert.equal(page.statements[0]?.automated, false);
      assert.ok(!body.includes('abc123'));
      assert.ok(!body.includes('analyst@cert.example'));
      assert.ok(!body.includes('decided_by'));
    });

    it('pages with stable ids', async () => {
      const seen: string[] = [];
      let url: string | null = '/api/v1/decisions?limit=1';
      while (url !== null) {
        const page: Page = (await app.inject({ url })).json<Page>();
        seen.push(...page.statements.map((statement) => statement.id));
        url = page.next;
      }
      const all = (await app.inject({ url: '/api/v1/decisions' })).json<Page>();

      assert.equal(seen.length, 4);
      assert.equal(new Set(seen).size, 4);
      assert.deepEqual(
        seen,
        all.statements.map((statement) => statement.id),
      );
    });

    it('filters by action and category', async () => {
      const feed = (
        await app.inject({ url: '/api/v1/decisions?action=listed&category=phishing' })
      ).json<Page>();
      const none = (await app.inject({ url: '/api/v1/decisions?action=delisted' })).json<Page>();

      assert.equal(feed.statements.length, 4);
      assert.equal(feed.statements.filter((statement) => statement.automated).length, 3);
      assert.equal(none.statements.length, 0);
    });

    it('writes CSV', async () => {
      const response = await app.inject({ url: '/api/v1/decisions?format=csv&action=listed' });

      assert.equal(response.statusCode, 200);
      assert.match(response.headers['content-type'] as string, /^text\/csv/);
      assert.match(response.body, /^id,action,at,automated,indicators,category,/);
      assert.equal(response.body.trim().split('\r\n').length, 5);
    });

    it('rejects a bad cursor', async () => {
      const response = await app.inject({
        url: '/api/v1/decisions?cursor=%3Cscript%3E',
        headers: { 'x-request-id': 'bad-cursor' },
      });
      assert.equal(response.statusCode, 400);
      assert.deepEqual(response.json(), {
        error: {
          code: 'INVALID_INPUT',
          message: 'cursor is invalid: use the next link of a page',
          field: 'cursor',
          requestId: 'bad-cursor',
        },
      });
    });

    it('rejects a bad date and huge input', async () => {
      const date = await app.inject({ url: '/api/v1/decisions?from=31/12/2026' });
      const huge = await app.inject({ url: `/api/v1/decisions?indicator=${'a'.repeat(5000)}` });

      assert.equal(date.statusCode, 400);
      assert.equal(date.json<{ error: { field: string } }>().error.field, 'from');
      assert.equal(huge.statusCode, 400);
    });
  });

  describe('GET /decisions', () => {
    it('escapes the reasons', async () => {
      const response = await app.inject({ url: '/decisions?lang=en' });

      assert.equal(response.statusCode, 200);
      assert.match(response.body, /Decisions and their reasons/);
      assert.ok(response.body.includes('&lt;script>alert(1)&lt;/script>'));
      assert.ok(!response.body.includes('<script>alert(1)'));
    });

    it('shows one statement', async () => {
      const response = await app.inject({ url: `/decisions/D${decision.id}?lang=en` });

      assert.equal(response.statusCode, 200);
      assert.match(response.body, /law-on-cybersecurity-2018/);
      assert.match(response.body, /href="\/appeal\?lang=en"/);
    });

    it('words a bad filter in Vietnamese', async () => {
      const response = await app.inject({ url: '/decisions?from=31/12/2026' });

      assert.equal(response.statusCode, 400);
      assert.ok(response.body.includes('Từ ngày: hãy nhập ngày theo dạng 2026-01-31'));
      assert.ok(!response.body.includes('is not a date'));
    });

    it('renders 404 as a page', async () => {
      const response = await app.inject({ url: '/decisions/X1' });

      assert.equal(response.statusCode, 404);
      assert.match(response.headers['content-type'] as string, /^text\/html/);
    });
  });

  describe('appeal pages', () => {
    async function fileAppeal(fields: Record<string, string>) {
      const form = await app.inject({ url: '/appeal?lang=en&indicator=feed-a.example' });
      const boundary = '----vigiltest';
      const parts = Object.entries({ _csrf: csrfFieldOf(form.body), lang: 'en', ...fields }).map(
        ([name, value]) =>
          `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
      );
      return app.inject({
        method: 'POST',
        url: '/appeal',
        headers: {
          cookie: cookiesOf(form),
          'content-type': `multipart/form-data; boundary=${boundary}`,
        },
        payload: `${parts.join('')}--${boundary}--\r\n`,
      });
    }

    it('prefills the form from the check page', async () => {
      const response = await app.inject({ url: '/appeal?indicator=feed-a.example' });

      assert.equal(response.statusCode, 200);
      assert.match(response.body, /name="indicator"[^>]*value="feed-a.example"/);
    });

    it('files and shows the status', async () => {
      const response = await fileAppeal({
        indicator: 'feed-a.example',
        reasons: 'This is our company site',
        contact: 'owner@feed-a.example',
      });
      const location = response.headers.location as string;
      const status = await app.inject({ url: location });

      assert.equal(response.statusCode, 303);
      assert.match(location, /^\/a\/APL-[0-9A-Z-]+\?filed=1&lang=en$/);
      assert.equal(status.statusCode, 200);
      assert.match(status.body, /Your appeal was received/);
      assert.match(status.body, /Received, waiting for review/);
      assert.ok(!status.body.includes('owner@feed-a.example'));
    });

    it('shows problems beside the fields', async () => {
      const unlisted = await fileAppeal({
        indicator: 'not-listed.example',
        reasons: 'Long enough reasons',
        contact: '',
      });
      const short = await fileAppeal({ indicator: 'feed-a.example', reasons: 'x', contact: '' });

      assert.equal(unlisted.statusCode, 400);
      assert.ok(unlisted.body.includes('id="indicator-error"'));
      assert.ok(unlisted.body.includes('value="not-listed.example"'));
      assert.equal(short.statusCode, 400);
      assert.ok(short.body.includes('id="reasons-error"'));
    });

    it('rejects a post without the token', async () => {
      const response = await app.inject({
        method: 'POST',
        url: '/appeal',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'indicator=feed-a.example&reasons=long+enough+reasons',
      });

      assert.equal(response.statusCode, 403);
      assert.match(response.headers['content-type'] as string, /^text\/html/);
    });
  });

  describe('/console/appeals', () => {
    it('sends a visitor to log in', async () => {
      const response = await app.inject({ url: '/console/appeals' });
      assert.equal(response.statusCode, 303);
    });

    it('rejects the deciding analyst', async () => {
      const appealId = await appealAgainstDecision();
      const cookie = await staffCookie(analyst.id);
      const page = await app.inject({ url: `/console/appeals/${appealId}`, headers: { cookie } });
      const response = await app.inject({
        method: 'POST',
        url: `/console/appeals/${appealId}/decide`,
        headers: {
          cookie: `${cookie}; ${cookiesOf(page)}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        payload: new URLSearchParams({
          _csrf: csrfFieldOf(page.body),
          outcome: 'delisted',
          reasons: 'Mine',
        }).toString(),
      });

      assert.equal(page.statusCode, 200);
      assert.doesNotMatch(page.body, /owner@example\.vn/);
      assert.equal(response.statusCode, 409);
      assert.match(response.body, /needs a reviewer other than the person/);
    });

    it('delists through the supervisor', async () => {
      const appealId = await appealAgainstDecision();
      const cookie = await staffCookie(supervisor.id);
      const page = await app.inject({ url: `/console/appeals/${appealId}`, headers: { cookie } });
      const response = await app.inject({
        method: 'POST',
        url: `/console/appeals/${appealId}/decide`,
        headers: {
          cookie: `${cookie}; ${cookiesOf(page)}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        payload: new URLSearchParams({
          _csrf: csrfFieldOf(page.body),
          outcome: 'delisted',
          reasons: 'The bank confirmed this is its own page',
        }).toString(),
      });
      const result = await lookup.lookup('https://pay.fake-bank.vn/login');
      const archive = (await app.inject({ url: '/api/v1/decisions?action=delisted' })).json<Page>();

      assert.equal(response.statusCode, 303);
      assert.equal(result.listed, false);
      assert.equal(archive.statements[0]?.refers_to, `D${decision.id}`);
    });

    async function appealAgainstDecision(): Promise<number> {
      const row = await database.db
        .insertInto('appeals')
        .values({
          receipt: `APL-${Math.random().toString(36).slice(2, 12)}`,
          indicator_id: listed,
          decision_id: decision.id,
          status: 'received',
          reasons: 'Our own page',
          contact_encrypted: null,
          language: 'en',
          due_at: inAMonth(),
          reviewer_id: null,
          outcome_decision_id: null,
          outcome_reasons: null,
          created_at: new Date().toISOString(),
          decided_at: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const { encryptContact, loadSecretKey } = await import('../../services/contact-crypto.ts');
      await database.db
        .updateTable('appeals')
        .set({ contact_encrypted: encryptContact('owner@example.vn', loadSecretKey(config)) })
        .where('id', '=', Number(row.id))
        .execute();
      return Number(row.id);
    }
  });

  describe('GET /transparency', () => {
    it('draws charts with text', async () => {
      const response = await app.inject({ url: '/transparency?lang=en' });
      const figures = (await app.inject({ url: '/api/v1/transparency' })).json<{
        decisions: { by_person: number };
      }>();

      assert.equal(response.statusCode, 200);
      assert.ok(response.body.includes('<svg class="chart" role="img"'));
      assert.ok(response.body.includes(`By a person: ${figures.decisions.by_person}`));
      assert.ok(response.body.includes('How each figure is counted'));
    });

    it('serves the same figures as JSON and CSV', async () => {
      const today = new Date().toISOString().slice(0, 10);
      const json = await app.inject({ url: `/api/v1/transparency?from=${today}&to=${today}` });
      const csv = await app.inject({
        url: `/api/v1/transparency?from=${today}&to=${today}&format=csv`,
      });
      const figures = json.json<{
        decisions: { by_person: number };
        listings: { by_feed: number };
      }>();

      assert.ok(figures.decisions.by_person >= 1);
      assert.equal(figures.listings.by_feed, 3);
      assert.ok(csv.body.includes('\r\nlistings,by_feed,3\r\n'));
      assert.ok(csv.body.includes(`\r\ndecisions,by_person,${figures.decisions.by_person}\r\n`));
    });

    it('shows a bad period as a page', async () => {
      const response = await app.inject({ url: '/transparency?from=2026-05-01&to=2026-04-01' });
      assert.equal(response.statusCode, 400);
      assert.ok(response.body.includes('role="alert"'));
    });

    it('words a bad period in Vietnamese', async () => {
      const response = await app.inject({ url: '/transparency?from=x' });

      assert.equal(response.statusCode, 400);
      assert.ok(response.body.includes('Từ ngày: hãy nhập ngày theo dạng 2026-01-31'));
      assert.ok(!response.body.includes('is not a date'));
    });
  });
});
