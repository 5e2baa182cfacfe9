#!/usr/bin/env node
// Runs the whole suite twice: on SQLite, then on PostgreSQL. The PostgreSQL
// pass is skipped, with the reason printed, only when no server answers.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

import pg from 'pg';

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
    { stdio: 'inherit', env: { ...process.env, VIGIL_TEST_DB: dialect } },
  );
  return result.status ?? 1;
}

async function reachPostgres() {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => {});
  }
}

const files = only.length > 0 ? only : roots.flatMap(findTests).sort();
const dialects = (process.env.VIGIL_TEST_DIALECTS ?? 'sqlite,postgres').split(',');
let failed = false;

for (const dialect of dialects) {
  if (dialect === 'postgres') {
    const problem = await reachPostgres();
    if (problem) {
      console.log(`\n# skipping the PostgreSQL run: ${adminUrl} is not reachable (${problem})`);
      continue;
    }
  }
  failed = runSuite(dialect, files) !== 0 || failed;
}
process.exit(failed ? 1 : 0);
