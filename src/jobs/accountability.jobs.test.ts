import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

import pino from 'pino';
import { SMTPServer } from 'smtp-server';

import { insertAppealRow, insertIndicator } from '../../test/accountability/seed.ts';
import { createTestDatabase } from '../../test/support/database.ts';
import { loadConfig } from '../config.ts';
import { encryptContact, loadSecretKey } from '../services/contact-crypto.ts';
import {
  ACCOUNTABILITY_JOBS,
  handleAppealReminders,
  handleOutcomeMail,
  handlePurge,
  scheduleAccountabilityJobs,
} from './accountability.jobs.ts';
import type { JobContext } from './job-handler.ts';

function contextWithLog(lines: Record<string, unknown>[]): JobContext {
  const stream = {
    write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>),
  };
  return {
    jobId: 1,
    attempt: 1,
    signal: new AbortController().signal,
    logger: pino({ level: 'info' }, stream),
  };
}

describe('accountability jobs', async () => {
  const database = await createTestDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-jobs-'));
  const config = { ...loadConfig({}), dataDir };
  after(async () => {
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function queued(name: string) {
    return database.db
      .selectFrom('jobs')
      .select(['run_at'])
      .where('name', '=', name)
      .where('status', '=', 'queued')
      .execute();
  }

  it('schedules each job once', async () => {
    await scheduleAccountabilityJobs(database);
    await scheduleAccountabilityJobs(database);

    assert.equal((await queued(ACCOUNTABILITY_JOBS.purge)).length, 1);
    assert.equal((await queued(ACCOUNTABILITY_JOBS.appealReminders)).length, 1);
  });

  it('purges and writes an audit entry', async () => {
    const lines: Record<string, unknown>[] = [];
    await handlePurge(database, config, contextWithLog(lines));
    const audit = await database.db.selectFrom('audit_log').select(['actor', 'action']).execute();

    assert.deepEqual(audit, [{ actor: 'job:retention.purge', action: 'retention.purge' }]);
    assert.equal(lines.at(-1)?.msg, 'purge finished');
    assert.equal((await queued(ACCOUNTABILITY_JOBS.purge)).length, 1);
  });

  it('warns of overdue appeals', async () => {
    const indicator = await insertIndicator(database, 'domain', 'late.vn', 'late.vn');
    await insertAppealRow(database, {
      indicatorId: indicator,
      decisionId: null,
      at: '2026-01-01T00:00:00.000Z',
    });
    const lines: Record<string, unknown>[] = [];
    await handleAppealReminders(database, config, contextWithLog(lines));
    const overdue = lines.find((line) => line.msg === 'appeal overdue');

    assert.equal(overdue?.overdue, true);
    assert.equal(overdue?.dueAt, '2026-01-15T00:00:00.000Z');
  });

  it('mails the outcome to the appellant', async () => {
    const received: string[] = [];
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, _session, callback) {
        let text = '';
        stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
        stream.on('end', () => {
          received.push(text);
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.server.address() as { port: number };
    const mailConfig = {
      ...config,
      sharing: { ...config.sharing, smtpUrl: `smtp://127.0.0.1:${port}` },
    };
    const indicator = await insertIndicator(database, 'phone', '+84901234567');
    const appealId = await insertAppealRow(database, {
      indicatorId: indicator,
      decisionId: null,
      at: '2026-01-01T00:00:00.000Z',
      status: 'delisted',
      decidedAfterHours: 5,
      contact: encryptContact('owner@shop.example', loadSecretKey(config)),
    });
    const lines: Record<string, unknown>[] = [];
    try {
      await handleOutcomeMail(database, mailConfig, { appealId }, contextWithLog(lines));
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }

    assert.equal(lines.at(-1)?.result, 'sent');
    assert.equal(received.length, 1);
    assert.match(received[0]!, /^To: owner@shop\.example\r?$/m);
    assert.match(received[0]!, /Seeded outcome/);
    assert.ok(!received[0]!.includes('901234567'));
  });

  it('skips a contact without e-mail', async () => {
    const indicator = await insertIndicator(database, 'domain', 'no-mail.vn', 'no-mail.vn');
    const appealId = await insertAppealRow(database, {
      indicatorId: indicator,
      decisionId: null,
      at: '2026-01-01T00:00:00.000Z',
      status: 'upheld',
      decidedAfterHours: 5,
      contact: encryptContact('call 0901 234 567', loadSecretKey(config)),
    });
    const lines: Record<string, unknown>[] = [];
    await handleOutcomeMail(database, config, { appealId }, contextWithLog(lines));

    assert.equal(lines.at(-1)?.result, 'no_email');
    await assert.rejects(
      handleOutcomeMail(database, config, { appealId: 'x' }, contextWithLog(lines)),
      /payload\.appealId/,
    );
  });
});
