import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import type { FastifyInstance } from 'fastify';

import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
import { loginAs, type StaffLogin } from '../../../test/support/staff.ts';
import { decide, seedIndicators, testConfig } from '../../../test/sharing/seed.ts';
import { ROLES, type Role } from '../../domain/roles.ts';
import { LookupService } from '../../services/lookup.service.ts';
import { createNoticesForDecision } from '../../services/notice.service.ts';
import { addRoutingRule, createOrganisation } from '../../services/organisation.service.ts';
import { buildApp } from '../app.ts';

const config = testConfig();
const HOSTILE = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(2)>',
  "'><svg onload=alert(3)>",
  '<a href="javascript:alert(4)">x</a>',
  '\u202eevil\u0007<b>bold</b>',
].join(' ');

/** Checks that no real tag of a page came from a payload. */
function assertInert(html: string) {
  for (const match of html.matchAll(/<([a-zA-Z][\w-]*)((?:\s+[^\s=>]+(?:="[^"]*")?)*)\s*\/?>/g)) {
    const name = match[1]!.toLowerCase();
    const attributes = match[2] ?? '';
    assert.ok(!['svg', 'img', 'b', 'iframe'].includes(name), `live <${name}>`);
    if (name === 'script') {
      assert.match(attributes, /src="\/console\/assets\/console\.js"/);
    }
    assert.doesNotMatch(attributes.replace(/="[^"]*"/g, ''), /\son\w+/i);
    assert.doesNotMatch(attributes, /(href|src|action)="\s*javascript:/i);
  }
}

describe('console notice pages', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  const orgs = { a: 0, b: 0 };
  const notices = { a: 0, b: 0, aOld: 0 };
  const logins = new Map<string, StaffLogin>();

  async function noticeFor(domain: string, reasons?: string): Promise<number> {
    const [indicatorId] = await seedIndicators(database, [`https://login.${domain}/${HOSTILE}`]);
    const decisionId = await decide(database, [indicatorId!], reasons ? { reasons } : {});
    const [id] = await createNoticesForDecision(database, decisionId, {
      sharing: config.sharing,
      facts: () => Promise.resolve({}),
    });
    return id!;
  }

  function get(login: string | undefined, url: string, method: 'GET' | 'HEAD' = 'GET') {
    const headers = login === undefined ? {} : logins.get(login)!.headers;
    return app.inject({ method, url, headers });
  }

  function answer(login: string, noticeId: number, fields: Record<string, string>) {
    const staff = logins.get(login)!;
    return app.inject({
      method: 'POST',
      url: `/console/notices/${noticeId}/response`,
      headers: { cookie: staff.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: staff.csrfToken, ...fields }).toString(),
    });
  }

  async function statusOf(noticeId: number): Promise<string> {
    const row = await database.db
      .selectFrom('notices')
      .select('status')
      .where('id', '=', noticeId)
      .executeTakeFirstOrThrow();
    return row.status;
  }

  before(async () => {
    database = await createTestDatabase();
    app = await buildApp({ database, lookup: await LookupService.load(database), config });
    const a = await createOrganisation(
      database,
      { name: `Host A ${HOSTILE.replace(/\p{Cc}/gu, '')}`, kind: 'hosting' },
      't',
    );
    const b = await createOrganisation(database, { name: 'Host B', kind: 'hosting' }, 't');
    orgs.a = a.organisation.id;
    orgs.b = b.organisation.id;
    for (const [organisationId, domain] of [
      [orgs.a, 'host-a.vn'],
      [orgs.b, 'host-b.vn'],
    ] as const) {
      await addRoutingRule(database, { organisationId, keyType: 'domain', keyValue: domain }, 't');
    }
    notices.aOld = await noticeFor('host-a.vn');
    notices.a = await noticeFor('host-a.vn', `Trang giả mạo ngân hàng ${HOSTILE}`);
    notices.b = await noticeFor('host-b.vn');
    await database.db
      .updateTable('notices')
      .set({ due_at: '2020-01-01T00:00:00.000Z' })
      .where('id', '=', notices.aOld)
      .execute();
    logins.set('focalA', await loginAs(app, database, 'focal_point', { organisationId: orgs.a }));
    logins.set('focalB', await loginAs(app, database, 'focal_point', { organisationId: orgs.b }));
    for (const role of ROLES.filter((item) => item !== 'focal_point')) {
      logins.set(role, await loginAs(app, database, role));
    }
  });

  after(async () => {
    await app.close();
    await database.close();
  });

  it('sends a focal point from the queue to their notices', async () => {
    const response = await get('focalA', '/console');
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, '/console/notices');
  });

  it('lists only own notices for a focal point', async () => {
    const response = await get('focalA', `/console/notices?organisation=${orgs.b}`);
    assert.equal(response.statusCode, 200);
    assert.match(response.body, new RegExp(`id="notice-${notices.a}"`));
    assert.match(response.body, new RegExp(`id="notice-${notices.aOld}"`));
    assert.doesNotMatch(response.body, new RegExp(`id="notice-${notices.b}"`));
    assert.doesNotMatch(response.body, /Host B/);
    assert.doesNotMatch(response.body, /name="organisation"/);
  });

  it('lists status and deadline', async () => {
    const response = await get('focalA', '/console/notices');
    assert.match(response.body, /<td>queued<\/td>/);
    assert.match(response.body, /2020-01-01T00:00:00.000Z<strong class="overdue"> overdue/);
  });

  it('lists every notice for staff', async () => {
    for (const role of ['analyst', 'supervisor', 'admin', 'auditor']) {
      const response = await get(role, '/console/notices');
      assert.equal(response.statusCode, 200, role);
      for (const id of Object.values(notices)) {
        assert.match(response.body, new RegExp(`id="notice-${id}"`), `${role} misses ${id}`);
      }
    }
  });

  it('filters by organisation, status and overdue', async () => {
    const byOrganisation = await get('analyst', `/console/notices?organisation=${orgs.b}`);
    assert.match(byOrganisation.body, new RegExp(`id="notice-${notices.b}"`));
    assert.doesNotMatch(byOrganisation.body, new RegExp(`id="notice-${notices.a}"`));
    const overdue = await get('analyst', '/console/notices?overdue=1&status=&organisation=');
    assert.match(overdue.body, new RegExp(`id="notice-${notices.aOld}"`));
    assert.doesNotMatch(overdue.body, new RegExp(`id="notice-${notices.b}"`));
    const actioned = await get('analyst', '/console/notices?status=actioned');
    assert.match(actioned.body, /No notice matches/);
    const junk = await get('analyst', '/console/notices?status=%3Cscript%3E&organisation=x');
    assert.equal(junk.statusCode, 200);
    assert.match(junk.body, new RegExp(`id="notice-${notices.b}"`));
  });

  it('shows text, indicators and reasons', async () => {
    const response = await get('focalA', `/console/notices/${notices.a}`);
    assert.equal(response.statusCode, 200);
    assert.match(response.body, /Trang giả mạo ngân hàng &lt;script>alert/);
    assert.match(response.body, /<h2>Indicators<\/h2>/);
    assert.match(response.body, /login\.host-a\.vn/);
    assert.match(response.body, /<pre class="notice-text"/);
    assert.match(response.body, /name="_csrf"/);
  });

  it('decides visibility role by role', async () => {
    const expected: Record<string, { a: number; b: number }> = {
      focalA: { a: 200, b: 404 },
      focalB: { a: 404, b: 200 },
      ...Object.fromEntries(
        ROLES.filter((role) => role !== 'focal_point').map((role) => [role, { a: 200, b: 200 }]),
      ),
    };
    for (const [login, codes] of Object.entries(expected)) {
      for (const method of ['GET', 'HEAD'] as const) {
        const a = await get(login, `/console/notices/${notices.a}`, method);
        const b = await get(login, `/console/notices/${notices.b}`, method);
        assert.equal(a.statusCode, codes.a, `${method} ${login} on A`);
        assert.equal(b.statusCode, codes.b, `${method} ${login} on B`);
      }
    }
  });

  it('hides guessed ids from a focal point', async () => {
    const own = new Set([notices.a, notices.aOld]);
    for (let id = 1; id <= notices.b + 5; id++) {
      for (const method of ['GET', 'HEAD'] as const) {
        const response = await get('focalA', `/console/notices/${id}`, method);
        assert.equal(response.statusCode, own.has(id) ? 200 : 404, `${method} ${id}`);
      }
    }
    for (const url of ['/console/notices/0', '/console/notices/-1', '/console/notices/1e3']) {
      assert.equal((await get('focalA', url)).statusCode, 400, url);
    }
  });

  it('rejects responses to another organisation', async () => {
    const response = await answer('focalA', notices.b, { status: 'acknowledged' });
    assert.equal(response.statusCode, 404);
    assert.match(String(response.headers['content-type']), /^text\/html/);
    assert.equal(await statusOf(notices.b), 'queued');
    const missing = await answer('focalA', 999_999, { status: 'acknowledged' });
    assert.equal(missing.statusCode, 404);
  });

  it('rejects responses from an auditor', async () => {
    const response = await answer('auditor', notices.b, { status: 'acknowledged' });
    assert.equal(response.statusCode, 403);
    const page = await get('auditor', `/console/notices/${notices.b}`);
    assert.doesNotMatch(page.body, /name="status"/);
    assert.equal(await statusOf(notices.b), 'queued');
  });

  it('rejects a post without CSRF', async () => {
    const response = await app.inject({
      method: 'POST',
      url: `/console/notices/${notices.a}/response`,
      headers: {
        cookie: logins.get('focalA')!.cookie,
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: 'status=acknowledged',
    });
    assert.equal(response.statusCode, 403);
    assert.equal(await statusOf(notices.a), 'queued');
  });

  it('records responses in order', async () => {
    const acknowledged = await answer('focalA', notices.a, { status: 'acknowledged' });
    assert.equal(acknowledged.statusCode, 303);
    assert.equal(acknowledged.headers.location, `/console/notices/${notices.a}?message=answered`);
    assert.equal(await statusOf(notices.a), 'acknowledged');

    const bare = await answer('focalA', notices.a, { status: 'declined', note: '   ' });
    assert.equal(bare.statusCode, 400);
    assert.match(bare.body, /note: say the reason for declining/);
    const bogus = await answer('focalA', notices.a, { status: 'queued' });
    assert.equal(bogus.statusCode, 400);

    const actioned = await answer('focalA', notices.a, {
      status: 'actioned',
      note: HOSTILE.replace(/\p{Cc}/gu, ''),
    });
    assert.equal(actioned.statusCode, 303);
    assert.equal(await statusOf(notices.a), 'actioned');
    const again = await answer('focalA', notices.a, { status: 'declined', note: 'no' });
    assert.equal(again.statusCode, 409);

    const page = await get('focalA', `/console/notices/${notices.a}?message=answered`);
    assert.match(page.body, /Your answer is recorded/);
    assert.match(page.body, /it takes no further answer/);
    assert.match(page.body, /<blockquote>&lt;script>alert/);
  });

  it('rejects a note with NUL', async () => {
    const response = await answer('focalB', notices.b, { status: 'declined', note: 'a\u0000b' });
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /note: remove control characters/);
    assert.equal(await statusOf(notices.b), 'queued');
  });

  it('lets staff record a response', async () => {
    const response = await answer('analyst', notices.b, { status: 'declined', note: 'Gọi điện' });
    assert.equal(response.statusCode, 303);
    assert.equal(await statusOf(notices.b), 'declined');
  });

  it('renders hostile text inert', async () => {
    for (const login of ['focalA', 'admin']) {
      for (const url of ['/console/notices', `/console/notices/${notices.a}`]) {
        const response = await get(login, url);
        assert.equal(response.statusCode, 200);
        assert.ok(
          response.body.includes('&lt;script>alert(1)'),
          `${login} ${url} shows no payload`,
        );
        assertInert(response.body);
      }
    }
  });

  it('links notices in the navigation', async () => {
    const roles: Role[] = ['analyst', 'supervisor', 'admin', 'auditor'];
    for (const login of ['focalA', ...roles]) {
      const response = await get(login, '/console/notices');
      assert.match(response.body, /<a href="\/console\/notices">Notices<\/a>/, login);
    }
    const focal = await get('focalA', '/console/notices');
    assert.doesNotMatch(focal.body, /data-key="q"/);
  });
});
