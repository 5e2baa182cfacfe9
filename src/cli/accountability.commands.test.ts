import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { after, describe, it } from 'node:test';

import {
  insertAppealRow,
  insertDecision,
  insertIndicator,
  insertListing,
  insertReport,
  insertStaff,
} from '../../test/accountability/seed.ts';
import { createTestDatabase } from '../../test/support/database.ts';
import {
  runAppealDecideCommand,
  runPurgeCommand,
  runTransparencyCommand,
} from './accountability.commands.ts';
import type { CliIo } from './cli-io.ts';

function captureIo(): CliIo & { out(): string; err(): string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return { stdin: new PassThrough(), stdout, stderr, out: () => out, err: () => err };
}

describe('accountability commands', async () => {
  const database = await createTestDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-cli-'));
  const env = { DATABASE_URL: database.url, VIGIL_DATA_DIR: dataDir };
  const decider = await insertStaff(database, 'decider@cert.example');
  await insertStaff(database, 'second@cert.example', 'supervisor');
  const indicator = await insertIndicator(database, 'domain', 'cli-shop.vn', 'cli-shop.vn');
  const decision = await insertDecision(database, {
    at: '2026-03-02T00:00:00.000Z',
    decidedBy: decider,
    indicatorIds: [indicator],
  });
  await insertListing(database, {
    indicatorId: indicator,
    listedAt: '2026-03-02T00:00:00.000Z',
    expiresAt: new Date(Date.now() + 86_400_000 * 30).toISOString(),
    decidedBy: 'person',
    decisionId: decision,
  });
  await insertReport(database, {
    at: '2026-03-03T00:00:00.000Z',
    category: 'fraud',
    channel: 'sms',
  });
  await insertReport(database, {
    at: '2020-01-01T00:00:00.000Z',
    category: 'spam',
    channel: 'sms',
    status: 'rejected',
  });
  const appeal = await insertAppealRow(database, {
    indicatorId: indicator,
    decisionId: decision,
    at: '2026-03-04T00:00:00.000Z',
  });
  after(async () => {
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints transparency JSON', async () => {
    const io = captureIo();
    const code = await runTransparencyCommand(
      { from: '2026-03-01', to: '2026-03-31', format: 'json' },
      io,
      env,
    );
    const figures = JSON.parse(io.out()) as {
      reports: { total: number };
      decisions: { total: number };
    };

    assert.equal(code, 0);
    assert.equal(figures.reports.total, 1);
    assert.equal(figures.decisions.total, 1);
  });

  it('prints transparency CSV', async () => {
    const io = captureIo();
    const code = await runTransparencyCommand(
      { from: '2026-03-01', to: '2026-03-31', format: 'csv' },
      io,
      env,
    );

    assert.equal(code, 0);
    assert.match(io.out(), /^figure,key,value\r\n/);
    assert.match(io.out(), /\r\nreports\.by_category,fraud,1\r\n/);
  });

  it('exits 1 on a bad date', async () => {
    const io = captureIo();
    const code = await runTransparencyCommand(
      { from: 'soon', to: '2026-03-31', format: 'json' },
      io,
      env,
    );

    assert.equal(code, 1);
    assert.match(io.err(), /^vigil: from "soon" is not a date/);
  });

  it('shows a dry run', async () => {
    const io = captureIo();
    const code = await runPurgeCommand({ dryRun: true, json: false }, io, env);
    const reports = await database.db.selectFrom('reports').select('id').execute();

    assert.equal(code, 0);
    assert.match(io.out(), /^dry run: nothing was changed/);
    assert.match(io.out(), /rejectedReports: 1\n/);
    assert.equal(reports.length, 2);
  });

  it('refuses the deciding reviewer', async () => {
    const io = captureIo();
    const code = await runAppealDecideCommand(
      String(appeal),
      { reviewer: 'decider@cert.example', outcome: 'delisted', reasons: 'Looks fine' },
      io,
      env,
    );

    assert.equal(code, 1);
    assert.match(io.err(), /needs a reviewer other than the person who made or approved/);
  });

  it('decides an appeal', async () => {
    const io = captureIo();
    const code = await runAppealDecideCommand(
      String(appeal),
      { reviewer: 'second@cert.example', outcome: 'delisted', reasons: 'Legitimate shop' },
      io,
      env,
    );
    const listing = await database.db
      .selectFrom('listings')
      .select('status')
      .where('indicator_id', '=', indicator)
      .executeTakeFirstOrThrow();

    assert.equal(code, 0, io.err());
    assert.match(io.out(), /delisted, decision \d+\n$/);
    assert.equal(listing.status, 'delisted');
  });
});
