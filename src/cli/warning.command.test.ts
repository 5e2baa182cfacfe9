import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';

import { createTestDatabase, type TestDatabase } from '../../test/support/database.ts';
import { getWarning } from '../services/warning.service.ts';
import type { CliIo } from './cli-io.ts';
import { runWarningAddCommand } from './warning.command.ts';

function captureIo(): CliIo & { out(): string; err(): string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return { stdin: new PassThrough(), stdout, stderr, out: () => out, err: () => err };
}

describe('vigil warning add', () => {
  let database: TestDatabase;
  let folder: string;

  before(async () => {
    database = await createTestDatabase();
    folder = mkdtempSync(path.join(tmpdir(), 'vigil-warning-'));
  });

  after(async () => {
    await database.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('publishes a warning', async () => {
    const bodyFile = path.join(folder, 'body.en.md');
    writeFileSync(bodyFile, 'Do **not** pay the "fine".');
    const io = captureIo();
    const code = await runWarningAddCommand(
      {
        titleVi: 'Giả danh CSGT gửi tin nhắn phạt nguội',
        titleEn: 'Fake traffic police fine messages',
        bodyVi: 'Đừng **trả** tiền "phạt".',
        bodyEnFile: bodyFile,
        category: 'impersonation',
        indicator: ['http://csgt-phatnguoi.top/', '0912345678'],
        json: true,
      },
      io,
      { DATABASE_URL: database.url },
    );
    assert.equal(code, 0, io.err());
    const printed = JSON.parse(io.out()) as { slug: string; path: string };
    assert.equal(printed.slug, 'fake-traffic-police-fine-messages');
    assert.equal(printed.path, '/warnings/fake-traffic-police-fine-messages');

    const warning = await getWarning(database, printed.slug);
    assert.equal(warning?.bodyEn, 'Do **not** pay the "fine".');
    assert.deepEqual(warning?.indicators.map((indicator) => indicator.kind).sort(), [
      'phone',
      'url',
    ]);
  });

  it('rejects a bad indicator', async () => {
    const io = captureIo();
    const code = await runWarningAddCommand(
      {
        titleVi: 'Cảnh báo',
        bodyVi: 'Nội dung',
        category: 'fraud',
        indicator: ['not a thing'],
        json: false,
      },
      io,
      { DATABASE_URL: database.url },
    );
    assert.equal(code, 1);
    assert.match(io.err(), /^vigil: indicators: /);
  });

  it('requires a body', async () => {
    const io = captureIo();
    const code = await runWarningAddCommand(
      { titleVi: 'Cảnh báo', category: 'fraud', json: false },
      io,
      { DATABASE_URL: database.url },
    );
    assert.equal(code, 1);
    assert.equal(io.err(), 'vigil: give the Vietnamese text with --body-vi or --body-vi-file\n');
  });
});
