#!/usr/bin/env node
// Runs the whole suite twice: on SQLite, then on PostgreSQL. The PostgreSQL
// pass is skipped, with the reason printed, only when no server accepts the
// connection, and VIGIL_REQUIRE_POSTGRES=1 makes that a failure too. A server
// that rejects the login or lacks the database fails the run.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

import pg from 'pg';

import { decidePostgresRun } from './postgres-probe.js';

const roots = ['src', 'test'];
const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const only = process.argv.slice(2);

function findTests(folder) {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) {
      return findTests(path);
    }
    return name.endsWith('.test.ts') ? [path] : [];
  });
}

function runSuite(dialect, files) {
  console.log(`\n# test run on ${dialect}`);
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--test', '--test-reporter=spec', ...files],
    { stdio: 'inherit', env: { ...process.env, VIGIL_TEST_DB: dialect, VIGIL_OUTBOUND: 'off' } },
  );
  return result.status ?? 1;
}

/** Returns the error that connecting to the test server gave, or undefined. */
async function reachPostgres() {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return undefined;
  } catch (error) {
    return error;
  } finally {
    await client.end().catch(() => {});
  }
}

const files = only.length > 0 ? only : roots.flatMap(findTests).sort();
const dialects = (process.env.VIGIL_TEST_DIALECTS ?? 'sqlite,postgres').split(',');
const requirePostgres = process.env.VIGIL_REQUIRE_POSTGRES === '1';
let failed = false;

for (const dialect of dialects) {
  if (dialect === 'postgres') {
    const decision = decidePostgresRun(await reachPostgres(), {
      url: adminUrl,
      required: requirePostgres,
    });
    if (decision.action === 'skip') {
      console.log(`\n# ${decision.message}`);
      continue;
    }
    if (decision.action === 'fail') {
      console.error(`\n# test run on postgres failed: ${decision.message}`);
      failed = true;
      continue;
    }
  }
  failed = runSuite(dialect, files) !== 0 || failed;
}
process.exit(failed ? 1 : 0);
