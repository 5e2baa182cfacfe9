import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, describe, it } from 'node:test';

import { createTestDatabase } from '../../../test/support/database.ts';
import { loginAs } from '../../../test/support/staff.ts';
import { loadConfig } from '../../config.ts';
import { clusterIndicators } from '../../services/clustering.service.ts';
import { encryptContact, loadSecretKey } from '../../services/contact-crypto.ts';
import { LookupService } from '../../services/lookup.service.ts';
import {
  insertReport,
  insertReportIndicators,
  upsertReportedIndicators,
} from '../../store/report.repository.ts';
import { buildApp } from '../app.ts';

/** Markup and URL payloads that must come out as text. */
const PAYLOADS = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(2)>',
  "'><svg onload=alert(3)><circle r=1 /></svg>",
  'javascript:alert(4)',
  '<a href="javascript:alert(5)">click</a>',
  '<iframe srcdoc="<script>alert(6)</script>"></iframe>',
  '{{constructor.constructor("alert(7)")()}}',
  '\u202eevil\u0007bell<b>bold</b>',
];

const HOSTILE = PAYLOADS.join(' | ');

/** Element names a payload would bring in if it escaped into the markup. */
const FOREIGN_ELEMENTS = new Set(['svg', 'iframe', 'img', 'b', 'circle', 'object', 'embed']);

/**
 * Checks every real tag of a page: no element a payload names, no script
 * but the console's own, no event handler attribute and no `javascript:` URL.
 * Escaped payloads are text, so they contain no real tag.
 */
function assertInert(html: string, page: string) {
  for (const match of html.matchAll(/<([a-zA-Z][\w-]*)((?:\s+[^\s=>]+(?:="[^"]*")?)*)\s*\/?>/g)) {
    const name = match[1]!.toLowerCase();
    const attributes = match[2] ?? '';
    const evidenceImage = name === 'img' && /src="\/console\/evidence\/\d+"/.test(attributes);
    assert.ok(!FOREIGN_ELEMENTS.has(name) || evidenceImage, `${page} has a live <${name}>`);
    if (name === 'script') {
      assert.match(
        attributes,
        /src="\/console\/assets\/console\.js"/,
        `${page} has a foreign script`,
      );
    }
    const names = attributes.replace(/="[^"]*"/g, '');
    assert.doesNotMatch(names, /\son\w+/i, `${page} has an event handler on <${name}>`);
    assert.doesNotMatch(
      attributes,
      /(href|src|action)="\s*javascript:/i,
      `${page} links to javascript:`,
    );
  }
}

describe('console with hostile reports', async () => {
  const database = await createTestDatabase();
  const config = loadConfig({ VIGIL_SECRET_KEY: randomBytes(32).toString('base64') });
  const app = await buildApp({ database, lookup: await LookupService.load(database), config });
  const supervisor = await loginAs(app, database, 'supervisor');
  const now = new Date().toISOString();

  const { reportId, indicatorIds } = await database.db.transaction().execute(async (trx) => {
    const ids = await upsertReportedIndicators(
      trx,
      [
        {
          kind: 'url',
          value: `https://hostile.vn/${encodeURIComponent(HOSTILE)}`,
          host: 'hostile.vn',
          registrableDomain: 'hostile.vn',
        },
        { kind: 'social_profile', value: HOSTILE, host: null, registrableDomain: null },
      ],
      { category: 'fraud', now },
    );
    const id = await insertReport(trx, {
      receipt: `R-${HOSTILE}`,
      category: HOSTILE,
      channel: HOSTILE,
      seenAt: now,
      description: HOSTILE,
      messageText: HOSTILE,
      moneyLost: true,
      amountLost: 1,
      language: HOSTILE,
      contactEncrypted: encryptContact(HOSTILE, loadSecretKey(config)),
      reporterHash: null,
      reporterHashExpiresAt: null,
      now,
    });
    await insertReportIndicators(trx, id, [
      { indicatorId: ids[0]!, entered: HOSTILE },
      { indicatorId: ids[1]!, entered: `javascript:alert(8)//${HOSTILE}` },
    ]);
    return { reportId: id, indicatorIds: ids };
  });
  const cluster = await clusterIndicators(database, indicatorIds, { keyLimit: 25 });
  const caseId = cluster.casesCreated[0]!;
  after(async () => {
    await app.close();
    await database.close();
  });

  const pages = () => [
    `/console`,
    `/console?status=open&sort=score`,
    `/console/cases/${caseId}`,
    `/console/reports/${reportId}`,
    `/console/audit`,
  ];

  it('creates the case from the report', () => {
    assert.equal(cluster.casesCreated.length, 1);
  });

  for (const url of pages()) {
    it(`renders ${url.split('?')[0]} inert`, async () => {
      const response = await app.inject({ method: 'GET', url, headers: supervisor.headers });
      assert.equal(response.statusCode, 200);
      assertInert(response.body, url);
      assert.match(response.headers['content-security-policy'] as string, /script-src 'self'/);
    });
  }

  it('shows the payload as text', async () => {
    const response = await app.inject({
      method: 'GET',
      url: `/console/reports/${reportId}`,
      headers: supervisor.headers,
    });
    assert.ok(response.body.includes('&lt;script>alert(1)&lt;/script>'));
    assert.ok(response.body.includes('javascript:alert(8)'), 'the entered text is shown');
  });

  it('renders a revealed contact inert', async () => {
    const response = await app.inject({
      method: 'POST',
      url: `/console/reports/${reportId}/contact`,
      headers: { ...supervisor.headers, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: supervisor.csrfToken, reason: HOSTILE }).toString(),
    });
    assert.equal(response.statusCode, 200);
    assertInert(response.body, 'contact');
    assert.ok(response.body.includes('&lt;svg onload=alert(3)>'));
  });

  it('renders a hostile decision inert', async () => {
    const analyst = await loginAs(app, database, 'analyst');
    const decided = await app.inject({
      method: 'POST',
      url: `/console/cases/${caseId}/decisions`,
      headers: { ...analyst.headers, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        _csrf: analyst.csrfToken,
        verdict: 'confirmed',
        action: 'listed',
        category: 'fraud',
        legalBasis: 'law-on-cybersecurity-2018',
        tlp: 'TLP:AMBER',
        expiresAt: '2099-01-01',
        reasons: HOSTILE,
        indicatorIds: String(indicatorIds[0]),
      }).toString(),
    });
    assert.equal(decided.statusCode, 303);
    for (const url of [`/console/cases/${caseId}`, '/console/approvals', '/console/audit']) {
      const response = await app.inject({ method: 'GET', url, headers: supervisor.headers });
      assertInert(response.body, url);
    }
  });

  it('rejects a huge description filter', async () => {
    const response = await app.inject({
      method: 'GET',
      url: `/console?feed=${'x'.repeat(5000)}`,
      headers: supervisor.headers,
    });
    assert.equal(response.statusCode, 400);
    assert.match(String(response.headers['content-type']), /^text\/html/);
  });

  it('rejects a forged cursor', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/console?after=eyJub3QiOiJhIGN1cnNvciJ9',
      headers: supervisor.headers,
    });
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /not a cursor/);
  });
});
