import assert from 'node:assert/strict';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';

import { createTestDatabase, type TestDatabase } from '../../test/support/database.ts';
import { listValues } from '../../test/support/factories.ts';
import { type LocalDnsServer, startLocalDnsServer } from '../../test/support/local-dns-server.ts';
import { loadConfig } from '../config.ts';
import { enrichmentJobHandlers } from '../jobs/enrichment.jobs.ts';
import { PermanentJobError } from '../jobs/job-error.ts';
import type { JobContext } from '../jobs/job-handler.ts';
import { DnsService } from './dns.service.ts';
import type { EnrichmentTools } from './enrichment.service.ts';
import { SafeFetchService } from './fetch/safe-fetch.service.ts';
import {
  LIVENESS_CHECK_JOB,
  checkListingLiveness,
  enqueueDueLivenessChecks,
} from './liveness.service.ts';
import { RdapService } from './rdap.service.ts';

const POLICY = { failuresToTakedown: 3, baseHours: 6 };

let database: TestDatabase;
let dnsServer: LocalDnsServer;
let server: Server;
let baseUrl: string;
let tools: EnrichmentTools;
/** Paths the local server serves with status 200; every other path gets 404. */
const livePaths = new Set<string>();

async function indicatorId(value: string): Promise<number> {
  const row = await database.db
    .selectFrom('indicators')
    .select('id')
    .where('value', '=', value)
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

async function listOne(raw: string): Promise<number> {
  await listValues(database, [raw], {
    now: '2026-01-01T00:00:00.000Z',
    expiresAt: '2099-01-01T00:00:00.000Z',
  });
  return indicatorId(raw);
}

/**
 * Lists a URL on the local server. The canonical form of a URL drops its port, so the test
 * lists the path on 127.0.0.1 and then puts the server's port back into the stored value.
 */
async function listLocalUrl(path: string): Promise<number> {
  const id = await listOne(`http://127.0.0.1${path}`);
  await database.db
    .updateTable('indicators')
    .set({ value: `${baseUrl}${path}` })
    .where('id', '=', id)
    .execute();
  return id;
}

async function queuedChecks(): Promise<number[]> {
  const rows = await database.db
    .selectFrom('jobs')
    .select('payload')
    .where('name', '=', LIVENESS_CHECK_JOB)
    .where('status', '=', 'queued')
    .execute();
  return rows.map((row) => (JSON.parse(row.payload) as { indicatorId: number }).indicatorId).sort();
}

async function auditActions(id: number): Promise<string[]> {
  const rows = await database.db
    .selectFrom('audit_log')
    .select('action')
    .where('target_type', '=', 'listing')
    .where('target_id', '=', String(id))
    .where('actor', '=', 'job:liveness')
    .orderBy('id')
    .execute();
  return rows.map((row) => row.action);
}

before(async () => {
  database = await createTestDatabase();
  dnsServer = await startLocalDnsServer({ 'alive.example': { A: ['203.0.113.9'] } });
  server = createServer((request, response) => {
    response.writeHead(livePaths.has(request.url ?? '') ? 200 : 404, {
      'content-type': 'text/plain',
    });
    response.end('page');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://127.0.0.1:${port}`;
  const dns = new DnsService({ servers: [dnsServer.address], timeoutMs: 1000, tries: 1 });
  tools = {
    outbound: true,
    dns,
    rdap: new RdapService({ bootstrapDir: '/nonexistent-vigil-rdap' }),
    fetcher: new SafeFetchService({
      dns,
      allowedTargets: [`127.0.0.1:${port}`],
      timeoutMs: 2000,
      favicon: false,
    }),
  };
});

after(async () => {
  server.close();
  await dnsServer.close();
  await database.close();
});

describe('checkListingLiveness', () => {
  test('third failure marks taken down', async () => {
    const id = await listLocalUrl('/gone');
    const times = [
      '2026-02-01T00:00:00.000Z',
      '2026-02-01T12:00:00.000Z',
      '2026-02-02T12:00:00.000Z',
    ];
    const results = [];
    for (const at of times) {
      results.push(await checkListingLiveness(database, tools, POLICY, id, () => new Date(at)));
    }

    assert.deepEqual(
      results.map((result) => [result.alive, result.checkFailures, result.takenDownAt]),
      [
        [false, 1, null],
        [false, 2, null],
        [false, 3, times[2]],
      ],
    );
    assert.equal(results[2]!.change, 'taken_down');
    const listing = await database.db
      .selectFrom('listings')
      .select(['taken_down_at', 'check_failures', 'last_checked_at', 'next_check_at', 'status'])
      .where('indicator_id', '=', id)
      .executeTakeFirstOrThrow();
    assert.equal(listing.taken_down_at, times[2]);
    assert.equal(listing.check_failures, 3);
    assert.equal(listing.last_checked_at, times[2]);
    assert.equal(listing.next_check_at, '2026-02-04T12:00:00.000Z');
    assert.equal(listing.status, 'active');
    assert.deepEqual(await auditActions(id), ['listing.taken_down']);
  });

  test('later success marks back up', async () => {
    const id = await listLocalUrl('/returns');
    for (const at of [
      '2026-02-01T00:00:00.000Z',
      '2026-02-02T00:00:00.000Z',
      '2026-02-03T00:00:00.000Z',
    ]) {
      await checkListingLiveness(database, tools, POLICY, id, () => new Date(at));
    }
    livePaths.add('/returns');
    const result = await checkListingLiveness(
      database,
      tools,
      POLICY,
      id,
      () => new Date('2026-02-04T00:00:00.000Z'),
    );

    assert.equal(result.alive, true);
    assert.equal(result.change, 'back_up');
    const listing = await database.db
      .selectFrom('listings')
      .select(['taken_down_at', 'check_failures'])
      .where('indicator_id', '=', id)
      .executeTakeFirstOrThrow();
    assert.equal(listing.taken_down_at, null);
    assert.equal(listing.check_failures, 0);
    assert.deepEqual(await auditActions(id), ['listing.taken_down', 'listing.back_up']);
    const entry = await database.db
      .selectFrom('audit_log')
      .select(['before', 'after', 'at'])
      .where('action', '=', 'listing.back_up')
      .where('target_id', '=', String(id))
      .executeTakeFirstOrThrow();
    assert.equal(entry.at, '2026-02-04T00:00:00.000Z');
    assert.deepEqual(JSON.parse(entry.before ?? 'null'), {
      takenDownAt: '2026-02-03T00:00:00.000Z',
      checkFailures: 3,
    });
  });

  test('live URL stays up', async () => {
    livePaths.add('/live');
    const id = await listLocalUrl('/live');
    const result = await checkListingLiveness(database, tools, POLICY, id);
    assert.equal(result.alive, true);
    assert.equal(result.change, undefined);
    assert.deepEqual(await auditActions(id), []);
  });

  test('domain alive by its address', async () => {
    const alive = await listOne('alive.example');
    const missing = await listOne('missing-name.example');
    assert.equal((await checkListingLiveness(database, tools, POLICY, alive)).alive, true);
    assert.equal((await checkListingLiveness(database, tools, POLICY, missing)).alive, false);
  });

  test('unlisted indicator is not checked', async () => {
    const result = await checkListingLiveness(database, tools, POLICY, 987_654);
    assert.deepEqual(result, { indicatorId: 987_654, outcome: 'not_listed' });
  });

  test('outbound off checks nothing', async () => {
    const id = await listOne('offline-check.example');
    const queries = dnsServer.queries.length;
    const result = await checkListingLiveness(database, { ...tools, outbound: false }, POLICY, id);
    assert.equal(result.outcome, 'skipped');
    assert.equal(dnsServer.queries.length, queries);
  });
});

describe('enqueueDueLivenessChecks', () => {
  test('enqueues each due listing once', async () => {
    await database.db.deleteFrom('jobs').execute();
    await database.db
      .updateTable('listings')
      .set({ next_check_at: '2099-01-01T00:00:00.000Z' })
      .execute();
    const first = await listOne('sweep-one.example');
    const second = await listOne('sweep-two.example');
    await listValues(database, ['+84901234567'], { now: '2026-01-01T00:00:00.000Z' });
    const now = new Date('2026-03-01T00:00:00.000Z');

    const [a, b] = await Promise.all([
      enqueueDueLivenessChecks(database, { outbound: true, now }),
      enqueueDueLivenessChecks(database, { outbound: true, now }),
    ]);
    const again = await enqueueDueLivenessChecks(database, { outbound: true, now });

    assert.equal(a.enqueued + b.enqueued, 2);
    assert.equal(again.enqueued, 0);
    assert.deepEqual(await queuedChecks(), [first, second].sort());
  });

  test('queued check is not repeated', async () => {
    await database.db.deleteFrom('jobs').execute();
    await database.db
      .updateTable('listings')
      .set({ next_check_at: '2099-01-01T00:00:00.000Z' })
      .execute();
    const id = await listOne('sweep-waiting.example');
    await enqueueDueLivenessChecks(database, {
      outbound: true,
      now: new Date('2026-03-01T00:00:00.000Z'),
    });

    const later = await enqueueDueLivenessChecks(database, {
      outbound: true,
      now: new Date('2026-03-05T00:00:00.000Z'),
    });
    assert.equal(later.enqueued, 0);
    assert.deepEqual(await queuedChecks(), [id]);
  });

  test('outbound off enqueues nothing', async () => {
    await database.db.deleteFrom('jobs').execute();
    await listOne('sweep-offline.example');
    const result = await enqueueDueLivenessChecks(database, { outbound: false });
    assert.deepEqual(result, { enqueued: 0, skipped: true });
    assert.deepEqual(await queuedChecks(), []);
  });
});

describe('liveness.check job', () => {
  const context = {
    jobId: 1,
    attempt: 1,
    signal: new AbortController().signal,
    logger: { info: () => {} },
  } as unknown as JobContext;

  test('bad payload is permanent', async () => {
    const handlers = enrichmentJobHandlers({ database, config: loadConfig({}) }, tools);
    await assert.rejects(
      handlers[LIVENESS_CHECK_JOB]!({ indicatorId: 'x' }, context),
      PermanentJobError,
    );
  });

  test('handler records the check', async () => {
    const id = await listLocalUrl('/job-gone');
    const handlers = enrichmentJobHandlers({ database, config: loadConfig({}) }, tools);
    await handlers[LIVENESS_CHECK_JOB]!({ indicatorId: id }, context);
    const listing = await database.db
      .selectFrom('listings')
      .select(['check_failures', 'last_checked_at'])
      .where('indicator_id', '=', id)
      .executeTakeFirstOrThrow();
    assert.equal(listing.check_failures, 1);
    assert.notEqual(listing.last_checked_at, null);
  });
});
