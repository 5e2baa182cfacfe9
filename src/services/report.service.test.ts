import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { solveChallenge } from 'altcha-lib/v1';
import sharp from 'sharp';

import { loadConfig } from '../config.ts';
import { isInputProblem, InputProblemList } from '../domain/reports/input-problem.ts';
import type { RawReportSubmission } from '../domain/reports/report-input.ts';
import { checkAuditChain } from '../domain/audit/audit-chain.ts';
import { isVigilError } from '../errors.ts';
import { JOB_NAMES } from '../jobs/job-names.ts';
import { selectAuditEntries } from '../store/audit.repository.ts';
import { createTestDatabase, type TestDatabase } from '../../test/support/database.ts';
import { decryptContact } from './contact-crypto.ts';
import { createProofChallenge } from './proof-of-work.service.ts';
import { getReportStatus, submitReport } from './report.service.ts';

const secretKey = randomBytes(32);

function report(overrides: Partial<RawReportSubmission> = {}): RawReportSubmission {
  return {
    indicators: [{ kind: 'link', value: 'http://vietcombank-xacthuc.top/login' }],
    category: 'phishing',
    channel: 'sms',
    description: 'Tin nhắn bảo tài khoản bị khoá',
    language: 'vi',
    ...overrides,
  };
}

async function countRows(
  database: TestDatabase,
  table: 'reports' | 'evidence' | 'jobs' | 'audit_log',
) {
  const rows = await database.db.selectFrom(table).select('id').execute();
  return rows.length;
}

describe('submitReport', () => {
  let database: TestDatabase;
  let dataDir: string;
  let dependencies: Parameters<typeof submitReport>[0];

  before(async () => {
    database = await createTestDatabase();
    dataDir = mkdtempSync(path.join(tmpdir(), 'vigil-report-'));
    const config = loadConfig({
      VIGIL_SECRET_KEY: secretKey.toString('base64'),
      VIGIL_REPORTS_PER_VALUE_PER_HOUR: '3',
    });
    dependencies = { database, config: { ...config, dataDir } };
  });

  after(async () => {
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('stores report, status and jobs', async () => {
    const png = await sharp({
      create: { width: 8, height: 8, channels: 3, background: { r: 9, g: 9, b: 9 } },
    })
      .png()
      .toBuffer();
    const submitted = await submitReport(
      dependencies,
      report({
        indicators: [
          { kind: 'link', value: 'HTTP://Example-Scam.vn/a' },
          { kind: 'phone', value: '0912 345 678' },
          { kind: 'message', value: 'Bạn trúng thưởng, bấm vào link' },
        ],
        contact: 'chi.lan@example.vn',
        amountLost: '1.500.000',
      }),
      { clientAddress: '203.0.113.10', screenshots: [{ field: 'screenshots', bytes: png }] },
    );
    assert.match(submitted.receipt, /^VGL-/);
    assert.equal(submitted.joinedEarlier, false);
    assert.equal(submitted.indicatorIds.length, 2);

    const row = await database.db
      .selectFrom('reports')
      .selectAll()
      .where('id', '=', submitted.id)
      .executeTakeFirstOrThrow();
    assert.equal(row.status, 'received');
    assert.equal(row.message_text, 'Bạn trúng thưởng, bấm vào link');
    assert.equal(row.money_lost, 1);
    assert.equal(row.amount_lost, 1_500_000);
    assert.notEqual(row.reporter_hash, null);
    assert.equal(row.reporter_hash!.includes('203.0.113.10'), false);
    assert.equal(decryptContact(row.contact_encrypted!, secretKey), 'chi.lan@example.vn');

    const provenance = await database.db
      .selectFrom('provenance')
      .select(['name', 'tlp'])
      .where('indicator_id', 'in', [...submitted.indicatorIds])
      .execute();
    assert.deepEqual(
      provenance.map((entry) => entry.name),
      ['public-report', 'public-report'],
    );
    const listings = await database.db.selectFrom('listings').select('indicator_id').execute();
    assert.equal(listings.length, 0);

    const jobs = await database.db.selectFrom('jobs').select(['name', 'payload']).execute();
    assert.deepEqual(jobs.map((job) => job.name).sort(), [
      JOB_NAMES.clusterIndicators,
      JOB_NAMES.enrichIndicators,
    ]);
    assert.deepEqual(JSON.parse(jobs[0]!.payload), { indicatorIds: submitted.indicatorIds });

    const status = await getReportStatus(database, submitted.receipt.toLowerCase());
    assert.equal(status?.status, 'received');
    assert.deepEqual(
      status?.events.map((event) => event.status),
      ['received'],
    );
    assert.equal(await countRows(database, 'evidence'), 1);
  });

  it('joins a repeat within a day', async () => {
    const first = await submitReport(dependencies, report(), { clientAddress: '198.51.100.1' });
    const second = await submitReport(dependencies, report({ description: 'Họ gọi lại lần nữa' }), {
      clientAddress: '198.51.100.1',
    });
    const other = await submitReport(dependencies, report(), { clientAddress: '198.51.100.2' });
    assert.equal(second.receipt, first.receipt);
    assert.equal(second.joinedEarlier, true);
    assert.notEqual(other.receipt, first.receipt);
    const row = await database.db
      .selectFrom('reports')
      .select('description')
      .where('id', '=', first.id)
      .executeTakeFirstOrThrow();
    assert.equal(row.description, 'Tin nhắn bảo tài khoản bị khoá\n\nHọ gọi lại lần nữa');
  });

  it('keeps a repeat that gives contact', async () => {
    const value = { kind: 'link', value: 'https://repeat-contact.example.vn/' };
    const first = await submitReport(dependencies, report({ indicators: [value] }), {
      clientAddress: '198.51.100.9',
    });
    const second = await submitReport(
      dependencies,
      report({ indicators: [value], contact: 'nam@example.vn' }),
      { clientAddress: '198.51.100.9' },
    );
    assert.notEqual(second.receipt, first.receipt);
    const row = await database.db
      .selectFrom('reports')
      .select('contact_encrypted')
      .where('id', '=', second.id)
      .executeTakeFirstOrThrow();
    assert.equal(decryptContact(row.contact_encrypted!, secretKey), 'nam@example.vn');
  });

  it('limits reports per value', async () => {
    const value = { kind: 'link', value: 'https://limited.example.vn/' };
    for (const address of ['192.0.2.1', '192.0.2.2', '192.0.2.3']) {
      await submitReport(dependencies, report({ indicators: [value] }), { clientAddress: address });
    }
    const counts = async () =>
      Promise.all((['reports', 'jobs', 'audit_log'] as const).map((t) => countRows(database, t)));
    const before = await counts();
    await assert.rejects(
      submitReport(dependencies, report({ indicators: [value] }), { clientAddress: '192.0.2.4' }),
      (error) => isVigilError(error) && error.code === 'RATE_LIMITED',
    );
    assert.deepEqual(await counts(), before);
  });

  it('waits for an open transaction', async () => {
    let submitted: ReturnType<typeof submitReport> | undefined;
    await assert.rejects(
      database.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('jobs')
          .values({
            name: 'test.rolled-back',
            payload: '{}',
            status: 'queued',
            max_attempts: 1,
            run_at: new Date().toISOString(),
            created_at: new Date().toISOString(),
            updated_at: new Date().toISOString(),
          })
          .execute();
        submitted = submitReport(
          dependencies,
          report({ indicators: [{ kind: 'link', value: 'https://concurrent.example.vn/' }] }),
          { clientAddress: '192.0.2.40' },
        );
        await new Promise((resolve) => setImmediate(resolve));
        throw new Error('rolled back on purpose');
      }),
      /rolled back on purpose/,
    );
    const stored = await submitted!;
    const jobs = await database.db.selectFrom('jobs').select('name').execute();
    assert.equal(
      jobs.some((job) => job.name === 'test.rolled-back'),
      false,
    );
    assert.equal((await getReportStatus(database, stored.receipt))?.status, 'received');
    let chain = checkAuditChain([]);
    for await (const page of selectAuditEntries(database.db)) {
      assert.ok(chain.ok);
      chain = checkAuditChain(page, chain);
    }
    assert.ok(chain.ok, chain.ok ? '' : chain.message);
    assert.equal(chain.checked, await countRows(database, 'audit_log'));
  });

  it('removes files of a rejected report', async () => {
    const value = { kind: 'link', value: 'https://limited-files.example.vn/' };
    for (const address of ['192.0.2.31', '192.0.2.32', '192.0.2.33']) {
      await submitReport(dependencies, report({ indicators: [value] }), { clientAddress: address });
    }
    const png = await sharp({
      create: { width: 5, height: 7, channels: 3, background: { r: 77, g: 1, b: 2 } },
    })
      .png()
      .toBuffer();
    const files = () =>
      readdirSync(path.join(dataDir, 'evidence'), { recursive: true }).filter((name) =>
        String(name).endsWith('.png'),
      ).length;
    const before = files();
    await assert.rejects(
      submitReport(dependencies, report({ indicators: [value] }), {
        clientAddress: '192.0.2.34',
        screenshots: [{ field: 'screenshots', bytes: png }],
      }),
      (error) => isVigilError(error) && error.code === 'RATE_LIMITED',
    );
    assert.equal(files(), before);
  });

  it('names every bad field', async () => {
    const reports = await countRows(database, 'reports');
    await assert.rejects(
      submitReport(
        dependencies,
        {
          indicators: [{ kind: 'phone', value: 'not a number <script>' }],
          category: 'nonsense',
          description: '',
        },
        { clientAddress: '192.0.2.9' },
      ),
      (error) => {
        assert.ok(error instanceof InputProblemList);
        assert.deepEqual(
          error.problems.map((problem) => [problem.field, problem.problem]),
          [
            ['indicators.0.value', 'value_phone'],
            ['category', 'invalid_choice'],
            ['channel', 'required'],
            ['description', 'required'],
          ],
        );
        return true;
      },
    );
    assert.equal(await countRows(database, 'reports'), reports);
  });

  it('saves nothing for a bad screenshot', async () => {
    const counts = [await countRows(database, 'reports'), await countRows(database, 'jobs')];
    await assert.rejects(
      submitReport(dependencies, report({ indicators: [{ kind: 'email', value: 'a@b.vn' }] }), {
        clientAddress: '192.0.2.10',
        screenshots: [{ field: 'screenshots', bytes: Buffer.from('GIF89a not really') }],
      }),
      (error) => isInputProblem(error) && error.field === 'screenshots',
    );
    assert.deepEqual(
      [await countRows(database, 'reports'), await countRows(database, 'jobs')],
      counts,
    );
  });

  it('accepts a proof once', async () => {
    const challenge = await createProofChallenge(secretKey);
    const solution = await solveChallenge(challenge.challenge, challenge.salt, 'SHA-256', 100_000)
      .promise;
    assert.ok(solution);
    const payload = Buffer.from(
      JSON.stringify({ ...challenge, number: solution.number, maxnumber: undefined }),
    ).toString('base64');
    const options = { clientAddress: '192.0.2.20', proofOfWork: payload };
    await submitReport(
      dependencies,
      report({ indicators: [{ kind: 'app', value: 'com.scam.app' }] }),
      options,
    );
    await assert.rejects(
      submitReport(dependencies, report(), options),
      (error) => isInputProblem(error) && error.problem === 'proof_invalid',
    );
    await assert.rejects(
      submitReport(dependencies, report(), { ...options, proofOfWork: 'bm9wZQ==' }),
      (error) => isInputProblem(error) && error.field === 'altcha',
    );
  });
});
