import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

import sharp from 'sharp';

import { insertIndicator } from '../../../test/accountability/seed.ts';
import { createTestDatabase } from '../../../test/support/database.ts';
import { loginAs, type StaffLogin } from '../../../test/support/staff.ts';
import { loadConfig } from '../../config.ts';
import type { Role } from '../../domain/roles.ts';
import { submitAppeal } from '../../services/appeal.service.ts';
import { loadSecretKey } from '../../services/contact-crypto.ts';
import { recordDecision } from '../../services/decision.service.ts';
import { LookupService } from '../../services/lookup.service.ts';
import { buildApp } from '../app.ts';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const CONTACT = 'Nguyễn Văn A <b>owner</b>, 0901 234 567';

describe('console appeal review', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-appeal-review-'));
  const config = {
    ...loadConfig({ VIGIL_SECRET_KEY: randomBytes(32).toString('base64') }),
    dataDir,
  };
  const database = await createTestDatabase();
  const lookup = await LookupService.load(database);
  const app = await buildApp({ database, lookup, config });
  const roles: Role[] = ['analyst', 'supervisor', 'admin', 'auditor', 'focal_point'];
  const logins = new Map<Role, StaffLogin>();
  for (const role of roles) {
    logins.set(role, await loginAs(app, database, role));
  }
  const decider = logins.get('admin')!;
  after(async () => {
    await app.close();
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const image = await sharp({
    create: { width: 24, height: 16, channels: 3, background: { r: 200, g: 30, b: 30 } },
  })
    .png()
    .toBuffer();

  async function appealWith(value: string, contact: string, files: Uint8Array[] = []) {
    const indicator = await insertIndicator(database, 'domain', value, value);
    await recordDecision(
      database,
      {
        verdict: 'confirmed',
        action: 'listed',
        category: 'phishing',
        legalBasis: 'law-on-cybersecurity-2018',
        reasons: 'Imitates a bank login page.',
        tlp: 'TLP:CLEAR',
        expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
        indicatorIds: [indicator],
        decidedBy: decider.user.id,
        automated: false,
      },
      { legalBases: config.legalBases },
    );
    await lookup.followChanges();
    const appeal = await submitAppeal(
      database,
      { indicator: value, reasons: 'This is our own shop.', contact, language: 'vi', files },
      { config, secretKey: loadSecretKey(config) },
    );
    return appeal.id;
  }

  async function contactViews(appealId: number): Promise<number> {
    const rows = await database.db
      .selectFrom('audit_log')
      .select('id')
      .where('action', '=', 'appeal.view_contact')
      .where('target_id', '=', String(appealId))
      .execute();
    return rows.length;
  }

  function reveal(login: StaffLogin, appealId: number, reason: string) {
    return app.inject({
      method: 'POST',
      url: `/console/appeals/${appealId}/contact`,
      headers: { ...login.headers, ...FORM },
      payload: new URLSearchParams({ _csrf: login.csrfToken, reason }).toString(),
    });
  }

  it('shows and serves appeal evidence images', async () => {
    const appealId = await appealWith('evidence-shop.vn', '', [image]);
    const evidence = await database.db
      .selectFrom('evidence')
      .select('id')
      .where('owner_type', '=', 'appeal')
      .where('owner_id', '=', appealId)
      .execute();
    const evidenceId = Number(evidence[0]!.id);

    const page = await app.inject({
      url: `/console/appeals/${appealId}`,
      headers: logins.get('analyst')!.headers,
    });
    const file = await app.inject({
      url: `/console/evidence/${evidenceId}`,
      headers: logins.get('analyst')!.headers,
    });

    assert.equal(page.statusCode, 200);
    assert.equal(evidence.length, 1);
    assert.ok(page.body.includes(`<img src="/console/evidence/${evidenceId}"`), page.body);
    assert.equal(file.statusCode, 200);
    assert.equal(file.headers['content-type'], 'image/png');
    assert.equal(file.headers['x-content-type-options'], 'nosniff');
    assert.match(
      String(file.headers['content-disposition']),
      /^inline; filename="evidence-\d+\.png"$/,
    );
    assert.equal((await sharp(file.rawPayload).metadata()).width, 24);
  });

  it('rejects evidence stored as HTML', async () => {
    const appealId = await appealWith('html-evidence.vn', '', [image]);
    const row = await database.db
      .selectFrom('evidence')
      .select('id')
      .where('owner_type', '=', 'appeal')
      .where('owner_id', '=', appealId)
      .executeTakeFirstOrThrow();
    await database.db
      .updateTable('evidence')
      .set({ media_type: 'text/html' })
      .where('id', '=', Number(row.id))
      .execute();

    const file = await app.inject({
      url: `/console/evidence/${Number(row.id)}`,
      headers: logins.get('supervisor')!.headers,
    });

    assert.equal(file.statusCode, 404);
    assert.doesNotMatch(String(file.headers['content-type']), /^image\//);
  });

  it('hides contact details by default', async () => {
    const appealId = await appealWith('contact-hidden.vn', CONTACT);
    for (const role of roles) {
      for (const method of ['GET', 'HEAD'] as const) {
        const response = await app.inject({
          method,
          url: `/console/appeals/${appealId}`,
          headers: logins.get(role)!.headers,
        });
        const expected = ['analyst', 'supervisor', 'admin'].includes(role) ? 200 : 403;
        assert.equal(response.statusCode, expected, `${method} as ${role}`);
        assert.ok(!response.body.includes('0901 234 567'), `${method} as ${role}`);
      }
    }
    const analystPage = await app.inject({
      url: `/console/appeals/${appealId}`,
      headers: logins.get('analyst')!.headers,
    });
    assert.match(analystPage.body, /a supervisor can see them/);
    assert.doesNotMatch(analystPage.body, /action="\/console\/appeals\/\d+\/contact"/);
  });

  it('reveals contact to supervisor with audit', async () => {
    const appealId = await appealWith('contact-shown.vn', CONTACT);
    const page = await app.inject({
      url: `/console/appeals/${appealId}`,
      headers: logins.get('supervisor')!.headers,
    });
    assert.match(page.body, new RegExp(`action="/console/appeals/${appealId}/contact"`));

    const response = await reveal(logins.get('supervisor')!, appealId, 'Calling back about it');

    assert.equal(response.statusCode, 200);
    assert.ok(response.body.includes('Nguyễn Văn A &lt;b>owner&lt;/b>, 0901 234 567'));
    assert.equal(await contactViews(appealId), 1);
    const entry = await database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'appeal.view_contact')
      .where('target_id', '=', String(appealId))
      .executeTakeFirstOrThrow();
    assert.equal(entry.actor, `user:${logins.get('supervisor')!.user.id}`);
    assert.match(String(entry.after), /Calling back about it/);
  });

  it('rejects contact without reason or role', async () => {
    const appealId = await appealWith('contact-refused.vn', CONTACT);
    const blank = await reveal(logins.get('supervisor')!, appealId, '   ');
    const huge = await reveal(logins.get('supervisor')!, appealId, 'x'.repeat(5000));
    assert.equal(blank.statusCode, 400);
    assert.equal(huge.statusCode, 400);
    for (const role of ['analyst', 'admin', 'auditor', 'focal_point'] as const) {
      const response = await reveal(logins.get(role)!, appealId, 'Just curious');
      assert.equal(response.statusCode, 403, role);
      assert.ok(!response.body.includes('0901 234 567'), role);
    }
    assert.equal(await contactViews(appealId), 0);
  });
});
