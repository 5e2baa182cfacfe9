import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { solveChallenge } from 'altcha-lib/v1';
import type { FastifyInstance } from 'fastify';
import sharp from 'sharp';

import { loadConfig } from '../../config.ts';
import { LookupService } from '../../services/lookup.service.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
import { buildApp } from '../app.ts';
import { multipartBody } from './portal-test.support.ts';

const validReport = {
  indicators: [{ kind: 'link', value: 'http://vcb-xacminh.top/dang-nhap' }],
  category: 'phishing',
  channel: 'sms',
  description: 'Tin nhắn giả ngân hàng',
};

describe('POST /api/v1/reports', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let dataDir: string;

  before(async () => {
    database = await createTestDatabase();
    dataDir = mkdtempSync(path.join(tmpdir(), 'vigil-api-'));
    const config = {
      ...loadConfig({
        VIGIL_SECRET_KEY: randomBytes(32).toString('base64'),
        VIGIL_REPORTS_PER_HOUR_NO_PROOF: '6',
      }),
      dataDir,
    };
    app = await buildApp({ database, lookup: await LookupService.load(database), config });
  });

  after(async () => {
    await app.close();
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function count(table: 'reports' | 'evidence' | 'indicators'): Promise<number> {
    return (await database.db.selectFrom(table).select('id').execute()).length;
  }

  it('creates a report from JSON', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      payload: { ...validReport, contact: '0901234567', moneyLost: true, amountLost: 2000000 },
      remoteAddress: '203.0.113.1',
    });
    assert.equal(response.statusCode, 201);
    const body = response.json<{ id: number; receipt: string; status_url: string }>();
    assert.equal(typeof body.id, 'number');
    assert.match(body.receipt, /^VGL-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{3}$/);
    assert.equal(body.status_url, `/r/${body.receipt}`);

    const row = await database.db
      .selectFrom('reports')
      .selectAll()
      .where('id', '=', body.id)
      .executeTakeFirstOrThrow();
    assert.equal(row.channel, 'sms');
    assert.equal(row.amount_lost, 2_000_000);
    assert.notEqual(row.contact_encrypted, null);
    assert.equal(row.contact_encrypted!.includes('0901234567'), false);
  });

  it('names the field in Vietnamese', async () => {
    const reports = await count('reports');
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      payload: { ...validReport, channel: 'carrier-pigeon' },
      remoteAddress: '203.0.113.2',
    });
    assert.equal(response.statusCode, 400);
    assert.deepEqual(response.json(), {
      error: {
        code: 'INVALID_INPUT',
        message: 'Nơi bạn gặp: hãy chọn một trong các lựa chọn',
        field: 'channel',
        requestId: response.headers['x-request-id'],
      },
    });
    assert.equal(await count('reports'), reports);
  });

  it('names the field in English', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/reports?lang=en',
      payload: { ...validReport, indicators: [{ kind: 'bank_account', value: '12' }] },
      remoteAddress: '203.0.113.2',
    });
    assert.equal(response.statusCode, 400);
    assert.deepEqual(response.json(), {
      error: {
        code: 'INVALID_INPUT',
        message:
          'Item 1: write the bank, then the account number (6 to 19 digits), such as VCB 0011001234567',
        field: 'indicators.0.value',
        requestId: response.headers['x-request-id'],
      },
    });
  });

  it('takes the language field', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      payload: { ...validReport, description: '', language: 'en' },
      remoteAddress: '203.0.113.2',
    });
    assert.equal(response.statusCode, 400);
    assert.equal(
      response.json<{ error: { message: string } }>().error.message,
      'What happened: is required',
    );
  });

  it('rejects hostile bodies', async () => {
    const cases: { payload: unknown; field: string }[] = [
      { payload: [], field: 'body' },
      { payload: { ...validReport, indicators: 'x' }, field: 'indicators' },
      { payload: { ...validReport, indicators: [] }, field: 'indicators' },
      { payload: { ...validReport, description: 'x'.repeat(5001) }, field: 'description' },
      {
        payload: {
          ...validReport,
          indicators: Array.from({ length: 11 }, () => validReport.indicators[0]),
        },
        field: 'indicators',
      },
      { payload: { ...validReport, seenAt: '2999-01-01' }, field: 'seenAt' },
      { payload: { ...validReport, amountLost: -5 }, field: 'amountLost' },
      { payload: { ...validReport, category: { $ne: 1 } }, field: 'category' },
      {
        payload: {
          ...validReport,
          indicators: [{ kind: 'link', value: '\u202ejavascript:alert(1)' }],
        },
        field: 'indicators.0.value',
      },
    ];
    const reports = await count('reports');
    for (const [index, { payload, field }] of cases.entries()) {
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/reports?lang=en',
        payload: payload as object,
        remoteAddress: `198.51.100.${index + 1}`,
      });
      assert.equal(response.statusCode, 400, JSON.stringify(payload).slice(0, 80));
      assert.equal(response.json<{ error: { field: string } }>().error.field, field);
    }
    assert.equal(await count('reports'), reports);
  });

  it('accepts screenshots as multipart', async () => {
    const png = await sharp({
      create: { width: 20, height: 30, channels: 3, background: { r: 255, g: 0, b: 0 } },
    })
      .png()
      .toBuffer();
    const { payload, headers } = multipartBody([
      { name: 'report', value: JSON.stringify(validReport) },
      { name: 'screenshots', filename: 'a.png', type: 'image/png', bytes: png },
      { name: 'screenshots', filename: 'b.png', type: 'image/png', bytes: png },
    ]);
    const evidence = await count('evidence');
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      payload,
      headers,
      remoteAddress: '203.0.113.3',
    });
    assert.equal(response.statusCode, 201, response.body);
    assert.equal(await count('evidence'), evidence + 2);
  });

  it('rejects a disguised upload whole', async () => {
    const { payload, headers } = multipartBody([
      { name: 'report', value: JSON.stringify(validReport) },
      {
        name: 'screenshots',
        filename: 'photo.jpg',
        type: 'image/jpeg',
        bytes: Buffer.from('hello'),
      },
    ]);
    const before = [await count('reports'), await count('evidence'), await count('indicators')];
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/reports?lang=en',
      payload,
      headers,
      remoteAddress: '203.0.113.4',
    });
    assert.equal(response.statusCode, 400);
    assert.deepEqual(response.json(), {
      error: {
        code: 'INVALID_INPUT',
        message: 'Screenshots: only PNG, JPEG or WebP images are accepted',
        field: 'screenshots',
        requestId: response.headers['x-request-id'],
      },
    });
    assert.deepEqual(
      [await count('reports'), await count('evidence'), await count('indicators')],
      before,
    );
  });

  it('rejects six screenshots', async () => {
    const png = await sharp({
      create: { width: 2, height: 2, channels: 3, background: { r: 1, g: 1, b: 1 } },
    })
      .png()
      .toBuffer();
    const files = Array.from({ length: 6 }, (_unused, index) => ({
      name: 'screenshots',
      filename: `${index}.png`,
      type: 'image/png',
      bytes: png,
    }));
    const { payload, headers } = multipartBody([
      { name: 'report', value: JSON.stringify(validReport) },
      ...files,
    ]);
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/reports?lang=en',
      payload,
      headers,
      remoteAddress: '203.0.113.5',
    });
    assert.equal(response.statusCode, 400);
    assert.equal(response.json<{ error: { field: string } }>().error.field, 'screenshots');
  });

  it('rejects multipart without report', async () => {
    const { payload, headers } = multipartBody([{ name: 'other', value: 'x' }]);
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      payload,
      headers,
      remoteAddress: '203.0.113.6',
    });
    assert.equal(response.statusCode, 400);
    assert.equal(response.json<{ error: { field: string } }>().error.field, 'report');
  });

  it('limits reports without proof', async () => {
    const send = (value: string, altcha?: string) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/reports?lang=en',
        payload: {
          ...validReport,
          indicators: [{ kind: 'link', value: `http://${value}.example.vn/` }],
          ...(altcha !== undefined && { altcha }),
        },
        remoteAddress: '192.0.2.77',
      });
    const statuses: number[] = [];
    for (let index = 0; index < 7; index += 1) {
      statuses.push((await send(`limit${index}`)).statusCode);
    }
    assert.deepEqual(statuses, [201, 201, 201, 201, 201, 201, 429]);
    const limited = await send('limit-last');
    assert.deepEqual(limited.json(), {
      error: {
        code: 'RATE_LIMITED',
        message: 'Form: you sent too many reports this hour; try again later',
        field: 'form',
        requestId: limited.headers['x-request-id'],
      },
    });

    const challenge = (await app.inject({ method: 'GET', url: '/api/v1/reports/challenge' })).json<{
      algorithm: string;
      challenge: string;
      salt: string;
      signature: string;
    }>();
    const solution = await solveChallenge(challenge.challenge, challenge.salt, 'SHA-256', 100_000)
      .promise;
    assert.ok(solution);
    const proof = Buffer.from(JSON.stringify({ ...challenge, number: solution.number })).toString(
      'base64',
    );
    assert.equal((await send('with-proof', proof)).statusCode, 201);
    assert.equal((await send('replayed', proof)).statusCode, 400);
  });
});

describe('GET /api/v1/reports/:receipt', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let dataDir: string;

  before(async () => {
    database = await createTestDatabase();
    dataDir = mkdtempSync(path.join(tmpdir(), 'vigil-api-'));
    const config = {
      ...loadConfig({ VIGIL_SECRET_KEY: randomBytes(32).toString('base64') }),
      dataDir,
    };
    app = await buildApp({ database, lookup: await LookupService.load(database), config });
  });

  after(async () => {
    await app.close();
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('returns the public status', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      payload: { ...validReport, contact: 'secret@example.vn' },
    });
    const { receipt } = created.json<{ receipt: string }>();
    const typed = receipt.toLowerCase().replaceAll('-', ' ');
    const response = await app.inject({
      method: 'GET',
      url: `/api/v1/reports/${encodeURIComponent(typed)}`,
    });
    assert.equal(response.statusCode, 200);
    const body = response.json<Record<string, unknown>>();
    assert.equal(body.receipt, receipt);
    assert.equal(body.status, 'received');
    assert.deepEqual(Object.keys(body).sort(), [
      'category',
      'channel',
      'created_at',
      'events',
      'receipt',
      'status',
      'updated_at',
    ]);
    assert.equal(response.body.includes('secret@example.vn'), false);
  });

  it('rejects a wrong check character', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/api/v1/reports/VGL-0000-0000-001?lang=en',
    });
    assert.equal(response.statusCode, 400);
    assert.deepEqual(response.json(), {
      error: {
        code: 'INVALID_INPUT',
        message:
          'Receipt code: The code VGL-0000-0000-001 has a wrong character. Check each character again.',
        field: 'receipt',
        requestId: response.headers['x-request-id'],
      },
    });
  });

  it('returns 404 for an unknown code', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/v1/reports/VGL-0000-0000-000' });
    assert.equal(response.statusCode, 404);
    assert.equal(response.json<{ error: { code: string } }>().error.code, 'NOT_FOUND');
  });
});
