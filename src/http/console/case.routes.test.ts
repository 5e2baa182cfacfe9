import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, describe, it } from 'node:test';

import { createTestDatabase } from '../../../test/support/database.ts';
import { insertTestReport } from '../../../test/support/reports.ts';
import { loginAs } from '../../../test/support/staff.ts';
import { loadConfig } from '../../config.ts';
import { verifyAuditLog } from '../../services/audit.service.ts';
import { clusterIndicators } from '../../services/clustering.service.ts';
import { encryptContact, loadSecretKey } from '../../services/contact-crypto.ts';
import { LookupService } from '../../services/lookup.service.ts';
import { upsertEnrichmentResult } from '../../store/enrichment.repository.ts';
import { countUrls } from '../../services/case-decision.service.ts';
import { insertPopularDomains } from '../../store/allowlist.repository.ts';
import { buildApp } from '../app.ts';
import { decisionNotice } from './case.routes.tsx';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

function form(fields: Record<string, string | string[]>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    for (const item of [value].flat()) {
      params.append(name, item);
    }
  }
  return params.toString();
}

describe('console case workflow', async () => {
  const database = await createTestDatabase();
  const config = loadConfig({ VIGIL_SECRET_KEY: randomBytes(32).toString('base64') });
  const lookup = await LookupService.load(database);
  const app = await buildApp({ database, lookup, config });
  const analyst = await loginAs(app, database, 'analyst');
  const supervisor = await loginAs(app, database, 'supervisor');
  after(async () => {
    await app.close();
    await database.close();
  });

  async function reportedCase(values: string[][]): Promise<number> {
    const ids: number[] = [];
    for (const reportValues of values) {
      const report = await insertTestReport(database, { values: reportValues });
      ids.push(...report.indicatorIds);
    }
    const result = await clusterIndicators(database, ids, { keyLimit: 25 });
    assert.equal(result.casesCreated.length, 1);
    return result.casesCreated[0]!;
  }

  async function decide(caseId: number, indicatorIds: number[], csrf = analyst) {
    return app.inject({
      method: 'POST',
      url: `/console/cases/${caseId}/decisions`,
      headers: { ...csrf.headers, ...FORM },
      payload: form({
        _csrf: csrf.csrfToken,
        verdict: 'confirmed',
        action: 'listed',
        category: 'phishing',
        legalBasis: 'law-on-cybersecurity-2018',
        tlp: 'TLP:CLEAR',
        expiresAt: '2099-01-01',
        reasons: 'Several reports describe this site asking for bank logins.',
        indicatorIds: indicatorIds.map(String),
      }),
    });
  }

  async function caseIndicatorIds(caseId: number): Promise<number[]> {
    const rows = await database.db
      .selectFrom('case_indicators')
      .select('indicator_id')
      .where('case_id', '=', caseId)
      .execute();
    return rows.map((row) => Number(row.indicator_id));
  }

  it('shows DNS and RDAP results on the case page', async () => {
    const caseId = await reportedCase([['https://enriched-case.vn/login']]);
    const [indicatorId] = await caseIndicatorIds(caseId);
    const at = new Date().toISOString();
    await upsertEnrichmentResult(
      database.db,
      {
        indicatorId: indicatorId!,
        step: 'dns',
        status: 'ok',
        result: { a: ['203.0.113.9'], aaaa: [], cname: [], ns: ['ns1.host-example.vn'], mx: [] },
        error: null,
      },
      at,
    );
    await upsertEnrichmentResult(
      database.db,
      {
        indicatorId: indicatorId!,
        step: 'rdap',
        status: 'ok',
        result: { registrar: 'Example Registrar <b>JSC</b>', created: '2026-11-30T00:00:00Z' },
        error: null,
      },
      at,
    );

    const response = await app.inject({
      url: `/console/cases/${caseId}`,
      headers: analyst.headers,
    });

    assert.equal(response.statusCode, 200);
    assert.match(response.body, /<h2>Enrichment<\/h2>/);
    assert.match(response.body, /203\.0\.113\.9/);
    assert.match(response.body, /ns1\.host-example\.vn/);
    assert.match(response.body, /Example Registrar &lt;b>JSC&lt;\/b>/);
  });

  it('lists the case in the queue', async () => {
    const caseId = await reportedCase([['https://queue-shown.vn/a'], ['https://queue-shown.vn/b']]);
    const response = await app.inject({ method: 'GET', url: '/console', headers: analyst.headers });

    assert.equal(response.statusCode, 200);
    assert.match(response.body, new RegExp(`href="/console/cases/${caseId}"`));
    const sort = /<select name="sort">([\s\S]*?)<\/select>/.exec(response.body)?.[1] ?? '';
    assert.match(sort, /<option value="newest" selected>Newest first \(default\)<\/option>/);
    assert.match(sort, /<option value="score">Highest score first<\/option>/);
    assert.doesNotMatch(sort, /any|value=""/);
    const api = await app.inject({
      method: 'GET',
      url: '/console/api/queue?status=open&kind=url',
      headers: analyst.headers,
    });
    const body = api.json<{ items: { id: number; type: string; reportCount: number }[] }>();
    const item = body.items.find((entry) => entry.type === 'case' && entry.id === caseId);
    assert.equal(item?.reportCount, 2);
  });

  it('confirms a case into the lookup', async () => {
    const caseId = await reportedCase([
      ['https://lookup-now.vn/login'],
      ['https://lookup-now.vn/pay'],
    ]);
    const before = await lookup.lookup('https://lookup-now.vn/login', { includeRestricted: true });
    assert.equal(before.listed, false);

    const response = await decide(caseId, await caseIndicatorIds(caseId));
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, `/console/cases/${caseId}?notice=listed`);

    const afterwards = await lookup.lookup('https://lookup-now.vn/login', {
      includeRestricted: true,
    });
    assert.equal(afterwards.listed, true);
    const page = await app.inject({
      method: 'GET',
      url: `/console/cases/${caseId}`,
      headers: analyst.headers,
    });
    assert.match(page.body, /id="case-status">confirmed</);
    const audit = await database.db
      .selectFrom('audit_log')
      .select('action')
      .where('target_type', '=', 'decision')
      .execute();
    assert.ok(audit.some((row) => row.action === 'decision.record'));
  });

  it('labels score features in words', async () => {
    const caseId = await reportedCase([['https://score-words.vn/a'], ['https://score-words.vn/b']]);
    const page = await app.inject({ url: `/console/cases/${caseId}`, headers: analyst.headers });
    const shares = /<table class="shares">([\s\S]*?)<\/table>/.exec(page.body)?.[1] ?? '';

    assert.match(shares, /<td>Independent reporters<\/td>/);
    assert.match(shares, /<td>Protected brands imitated<\/td>/);
    assert.doesNotMatch(shares, /[a-z][A-Z]/);
  });

  it('describes a needs_info confirmation', async () => {
    const caseId = await reportedCase([['https://needs-more.vn/a'], ['https://needs-more.vn/b']]);
    const response = await app.inject({
      method: 'POST',
      url: `/console/cases/${caseId}/decisions`,
      headers: { ...analyst.headers, ...FORM },
      payload: form({
        _csrf: analyst.csrfToken,
        verdict: 'needs_info',
        action: 'none',
        category: 'phishing',
        legalBasis: 'law-on-cybersecurity-2018',
        tlp: 'TLP:CLEAR',
        reasons: 'The reports do not show what the site asks for yet.',
        indicatorIds: (await caseIndicatorIds(caseId)).map(String),
      }),
    });
    assert.equal(response.statusCode, 303, response.body);
    const location = String(response.headers.location);
    assert.equal(location, `/console/cases/${caseId}?notice=needs_info`);

    const page = await app.inject({ url: location, headers: analyst.headers });
    assert.match(page.body, /the case needs more information, and nothing is listed/);
    assert.doesNotMatch(page.body, /took effect|lookup already shows/);
    assert.equal(
      (await lookup.lookup('https://needs-more.vn/a', { includeRestricted: true })).listed,
      false,
    );
  });

  it('picks the notice per outcome', () => {
    assert.equal(decisionNotice('effective', 'confirmed', 'listed'), 'listed');
    assert.equal(decisionNotice('effective', 'confirmed', 'delisted'), 'delisted');
    assert.equal(decisionNotice('effective', 'confirmed', 'changed'), 'changed');
    assert.equal(decisionNotice('effective', 'rejected', 'none'), 'rejected');
    assert.equal(decisionNotice('effective', 'confirmed', 'none'), 'nothing_listed');
    assert.equal(decisionNotice('pending_approval', 'confirmed', 'listed'), 'pending');
  });

  it('holds a .gov.vn listing for approval', async () => {
    const caseId = await reportedCase([['https://fake.dichvucong.gov.vn/a']]);
    const response = await decide(caseId, await caseIndicatorIds(caseId));
    assert.equal(response.headers.location, `/console/cases/${caseId}?notice=pending`);
    assert.equal(
      (await lookup.lookup('https://fake.dichvucong.gov.vn/a', { includeRestricted: true })).listed,
      false,
    );

    const page = await app.inject({
      method: 'GET',
      url: '/console/approvals',
      headers: supervisor.headers,
    });
    const decisionId = /id="decision-(\d+)"/.exec(page.body)?.[1];
    assert.ok(decisionId, 'the approval page lists the decision');
    assert.match(page.body, /Needs approval because:/);
    assert.match(page.body, /<li>dichvucong\.gov\.vn is under a protected suffix gov\.vn<\/li>/);

    const approve = await app.inject({
      method: 'POST',
      url: `/console/approvals/${decisionId}`,
      headers: { ...supervisor.headers, ...FORM },
      payload: form({ _csrf: supervisor.csrfToken, answer: 'approve', reason: 'Checked the site' }),
    });
    assert.equal(approve.statusCode, 303);
    assert.equal(
      (await lookup.lookup('https://fake.dichvucong.gov.vn/a', { includeRestricted: true })).listed,
      true,
    );
  });

  async function heldReasonsOf(caseId: number): Promise<string[]> {
    const page = await app.inject({ url: '/console/approvals', headers: supervisor.headers });
    const article = new RegExp(
      `<article class="approval" id="decision-\\d+"><h2>Decision \\d+ on <a href="/console/cases/${caseId}"[\\s\\S]*?</article>`,
    ).exec(page.body)?.[0];
    assert.ok(article, `the approval page lists the decision on case ${caseId}`);
    const list = /<ul class="approval-reasons">([\s\S]*?)<\/ul>/.exec(article)?.[1] ?? '';
    return [...list.matchAll(/<li>(.*?)<\/li>/g)].map((match) => match[1]!);
  }

  it('holds a whole domain named once', async () => {
    const caseId = await reportedCase([['https://one-url.vn/x', 'one-url.vn']]);
    const response = await decide(caseId, await caseIndicatorIds(caseId));
    assert.equal(response.headers.location, `/console/cases/${caseId}?notice=pending`);
    assert.deepEqual(await heldReasonsOf(caseId), [
      'one-url.vn is a whole domain whose reports name only one URL on it',
    ]);
  });

  it('describes no-URL and popular-domain holds', async () => {
    await insertPopularDomains(database, [{ domain: 'popular-shop.vn', rank: 12 }], {
      source: 'test',
      now: new Date().toISOString(),
    });
    const bare = await reportedCase([['bare-domain.vn']]);
    const popular = await reportedCase([
      ['https://popular-shop.vn/a', 'https://popular-shop.vn/b'],
    ]);
    await decide(bare, await caseIndicatorIds(bare));
    await decide(popular, await caseIndicatorIds(popular));

    assert.deepEqual(await heldReasonsOf(bare), [
      'bare-domain.vn is a whole domain whose reports name no URL on it',
    ]);
    assert.deepEqual(await heldReasonsOf(popular), [
      'popular-shop.vn is on the popular-domain list',
    ]);
    assert.equal(countUrls(3), '3 URLs');
  });

  it('rejects approval by the decider', async () => {
    const caseId = await reportedCase([['https://self-approve.edu.vn/a']]);
    await decide(caseId, await caseIndicatorIds(caseId), supervisor);
    const decision = await database.db
      .selectFrom('decisions')
      .select('id')
      .where('case_id', '=', caseId)
      .executeTakeFirstOrThrow();
    const response = await app.inject({
      method: 'POST',
      url: `/console/approvals/${decision.id}`,
      headers: { ...supervisor.headers, ...FORM },
      payload: form({ _csrf: supervisor.csrfToken, answer: 'approve', reason: 'mine' }),
    });
    assert.equal(response.statusCode, 409);
    assert.match(response.body, /second person/);
  });

  it('rejects a decision without reasons', async () => {
    const caseId = await reportedCase([['https://no-reason.vn/a']]);
    const response = await app.inject({
      method: 'POST',
      url: `/console/cases/${caseId}/decisions`,
      headers: { ...analyst.headers, ...FORM },
      payload: form({
        _csrf: analyst.csrfToken,
        verdict: 'confirmed',
        action: 'listed',
        category: 'phishing',
        legalBasis: 'law-on-cybersecurity-2018',
        tlp: 'TLP:CLEAR',
        expiresAt: '2099-01-01',
        reasons: '   ',
      }),
    });
    assert.equal(response.statusCode, 400);
    assert.match(String(response.headers['content-type']), /^text\/html/);
    assert.match(response.body, /statement of reasons/);
  });

  it('splits and merges with a reason', async () => {
    const caseId = await reportedCase([
      ['split-a.vn', '0912345678'],
      ['split-b.vn', '0912345678'],
    ]);
    const members = await caseIndicatorIds(caseId);
    const split = await app.inject({
      method: 'POST',
      url: `/console/cases/${caseId}/split`,
      headers: { ...analyst.headers, ...FORM },
      payload: form({
        _csrf: analyst.csrfToken,
        reason: 'different shop',
        indicatorIds: [String(members[0])],
      }),
    });
    assert.equal(split.statusCode, 303);
    const newId = Number(/\/console\/cases\/(\d+)/.exec(split.headers.location as string)?.[1]);
    assert.deepEqual(await caseIndicatorIds(newId), [members[0]]);

    const merge = await app.inject({
      method: 'POST',
      url: `/console/cases/${caseId}/merge`,
      headers: { ...analyst.headers, ...FORM },
      payload: form({
        _csrf: analyst.csrfToken,
        caseIds: String(newId),
        reason: 'same phone after all',
      }),
    });
    assert.equal(merge.statusCode, 303);
    assert.equal((await caseIndicatorIds(caseId)).length, members.length);
    const entries = await database.db
      .selectFrom('audit_log')
      .select(['action', 'after'])
      .where('action', 'in', ['case.split', 'case.merge'])
      .execute();
    assert.ok(
      entries.some((row) => row.action === 'case.split' && row.after!.includes('different shop')),
    );
    assert.ok(
      entries.some((row) => row.action === 'case.merge' && row.after!.includes('same phone')),
    );
  });

  it('shows contact details to a supervisor', async () => {
    const report = await insertTestReport(database, {
      values: ['contact-case.vn'],
      contactEncrypted: encryptContact('reporter@example.com', loadSecretKey(config)),
    });
    await clusterIndicators(database, report.indicatorIds, { keyLimit: 25 });
    const forAnalyst = await app.inject({
      method: 'GET',
      url: `/console/reports/${report.reportId}`,
      headers: analyst.headers,
    });
    assert.doesNotMatch(forAnalyst.body, /reporter@example\.com/);
    assert.doesNotMatch(forAnalyst.body, /Show contact details/);

    const shown = await app.inject({
      method: 'POST',
      url: `/console/reports/${report.reportId}/contact`,
      headers: { ...supervisor.headers, ...FORM },
      payload: form({ _csrf: supervisor.csrfToken, reason: 'Ask for the original message' }),
    });
    assert.equal(shown.statusCode, 200);
    assert.match(shown.body, /reporter@example\.com/);
    const entry = await database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'report.view_contact')
      .executeTakeFirstOrThrow();
    assert.equal(entry.target_id, String(report.reportId));
    assert.match(entry.after!, /Ask for the original message/);
    assert.doesNotMatch(entry.after!, /reporter@example/);

    const withoutReason = await app.inject({
      method: 'POST',
      url: `/console/reports/${report.reportId}/contact`,
      headers: { ...supervisor.headers, ...FORM },
      payload: form({ _csrf: supervisor.csrfToken, reason: '' }),
    });
    assert.equal(withoutReason.statusCode, 400);
  });

  it('assigns in bulk', async () => {
    const caseId = await reportedCase([['bulk-assign.vn']]);
    const response = await app.inject({
      method: 'POST',
      url: '/console/queue/bulk',
      headers: { ...analyst.headers, ...FORM },
      payload: form({ _csrf: analyst.csrfToken, action: 'assign_me', caseIds: [String(caseId)] }),
    });
    assert.equal(response.statusCode, 303);
    const row = await database.db
      .selectFrom('cases')
      .select('assignee_id')
      .where('id', '=', caseId)
      .executeTakeFirstOrThrow();
    assert.equal(Number(row.assignee_id), analyst.user.id);
    const mine = await app.inject({
      method: 'GET',
      url: '/console/api/queue?assignee=me',
      headers: analyst.headers,
    });
    assert.deepEqual(
      mine.json<{ items: { id: number }[] }>().items.map((item) => item.id),
      [caseId],
    );
  });

  it('keeps the audit chain intact', async () => {
    const result = await verifyAuditLog(database);
    assert.equal(result.ok, true);
  });
});
