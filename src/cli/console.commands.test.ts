import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';

import { createTestDatabase } from '../../test/support/database.ts';
import { auditEntryHash } from '../domain/audit/audit-chain.ts';
import { logIn } from '../services/auth.service.ts';
import { appendAuditEntry } from '../store/audit.repository.ts';
import { runAuditExportCommand, runAuditVerifyCommand } from './audit.command.ts';
import type { CliIo } from './cli-io.ts';
import { runUserAddCommand, runUserResetCommand } from './user.command.ts';

function captureIo(): CliIo & { out(): string; err(): string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return { stdin: new PassThrough(), stdout, stderr, out: () => out, err: () => err };
}

describe('console commands', async () => {
  const database = await createTestDatabase();
  const previousUrl = process.env.DATABASE_URL;
  before(() => {
    process.env.DATABASE_URL = database.url;
  });
  after(async () => {
    process.env.DATABASE_URL = previousUrl;
    await database.close();
  });

  it('adds a user with a one-time password', async () => {
    const io = captureIo();
    const code = await runUserAddCommand('Analyst@CERT.vn', { role: 'analyst' }, io);

    assert.equal(code, 0);
    const password = /one-time password: (\S+)/.exec(io.out())?.[1];
    assert.ok(password);
    const login = await logIn(database, 'analyst@cert.vn', password);
    assert.equal(login.outcome, 'ok');
    assert.equal(login.outcome === 'ok' && login.stage, 'change_password');
  });

  it('rejects a duplicate user', async () => {
    const io = captureIo();
    const code = await runUserAddCommand('analyst@cert.vn', { role: 'analyst' }, io);
    assert.equal(code, 1);
    assert.equal(io.err(), 'vigil: a user with the e-mail analyst@cert.vn already exists\n');
  });

  it('rejects a focal point without organisation', async () => {
    const io = captureIo();
    const code = await runUserAddCommand('isp@example.vn', { role: 'focal_point' }, io);
    assert.equal(code, 1);
    assert.match(io.err(), /organisation id/);
  });

  it('resets a user', async () => {
    const io = captureIo();
    const code = await runUserResetCommand('analyst@cert.vn', io);
    assert.equal(code, 0);
    const password = /one-time password: (\S+)/.exec(io.out())?.[1];
    assert.equal((await logIn(database, 'analyst@cert.vn', password!)).outcome, 'ok');
  });

  it('reports an unknown user on reset', async () => {
    const io = captureIo();
    assert.equal(await runUserResetCommand('nobody@cert.vn', io), 1);
    assert.equal(io.err(), 'vigil: no user has the e-mail nobody@cert.vn\n');
  });

  it('verifies an intact chain', async () => {
    const io = captureIo();
    assert.equal(await runAuditVerifyCommand({ json: false }, io), 0);
    assert.match(io.out(), /^audit log intact: \d+ entries checked\n$/);
  });

  it('exports every entry as JSON lines', async () => {
    const io = captureIo();
    assert.equal(await runAuditExportCommand({ format: 'jsonl' }, io), 0);
    const lines = io.out().trim().split('\n');
    const count = await database.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    assert.equal(lines.length, Number(count.count));
    assert.ok(
      lines.every((line) => typeof (JSON.parse(line) as { hash: string }).hash === 'string'),
    );
  });

  it('exports CSV with a header', async () => {
    const io = captureIo();
    assert.equal(await runAuditExportCommand({ format: 'csv' }, io), 0);
    assert.match(
      io.out(),
      /^id,at,actor,action,target_type,target_id,before,after,prev_hash,hash\n1,/,
    );
  });

  async function addEntries(count: number): Promise<number[]> {
    const ids: number[] = [];
    for (let index = 0; index < count; index += 1) {
      const id = await database.db.transaction().execute((trx) =>
        appendAuditEntry(trx, database.dialect, {
          actor: 'user:1',
          action: 'test.step',
          targetType: 'case',
          targetId: index,
          after: { index },
        }),
      );
      ids.push(id);
    }
    return ids;
  }

  async function verifyJson() {
    const io = captureIo();
    const code = await runAuditVerifyCommand({ json: true }, io);
    return {
      code,
      result: JSON.parse(io.out()) as { ok: boolean; entryId?: number; reason?: string },
    };
  }

  it('detects an edited entry', async () => {
    const ids = await addEntries(3);
    await database.db
      .updateTable('audit_log')
      .set({ after: '{"index":99}' })
      .where('id', '=', ids[1]!)
      .execute();

    const { code, result } = await verifyJson();
    assert.equal(code, 1);
    assert.deepEqual([result.ok, result.entryId, result.reason], [false, ids[1], 'edited']);

    await database.db.deleteFrom('audit_log').where('id', '>=', ids[0]!).execute();
  });

  it('detects a removed entry', async () => {
    const ids = await addEntries(3);
    await database.db.deleteFrom('audit_log').where('id', '=', ids[1]!).execute();

    const { code, result } = await verifyJson();
    assert.equal(code, 1);
    assert.deepEqual(
      [result.ok, result.entryId, result.reason],
      [false, ids[2], 'removed_or_inserted'],
    );
    await database.db.deleteFrom('audit_log').where('id', '>=', ids[0]!).execute();
  });

  it('detects an inserted entry', async () => {
    const ids = await addEntries(3);
    const previous = await database.db
      .selectFrom('audit_log')
      .select('hash')
      .where('id', '=', ids[0]!)
      .executeTakeFirstOrThrow();
    const forged = {
      at: new Date().toISOString(),
      actor: 'user:666',
      action: 'decision.approve',
      target_type: 'decision',
      target_id: '1',
      before: null,
      after: null,
    };
    await database.db.deleteFrom('audit_log').where('id', '=', ids[1]!).execute();
    await database.db
      .insertInto('audit_log')
      .values({
        id: ids[1]!,
        ...forged,
        prev_hash: previous.hash,
        hash: auditEntryHash(previous.hash, forged),
      })
      .execute();

    const { code, result } = await verifyJson();
    assert.equal(code, 1);
    assert.deepEqual(
      [result.ok, result.entryId, result.reason],
      [false, ids[2], 'removed_or_inserted'],
    );
  });
});
