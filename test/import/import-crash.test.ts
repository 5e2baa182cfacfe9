import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';

import { writeSyntheticFeed } from '../../bench/synthetic-feed.ts';
import { createTestDatabase } from '../support/database.ts';
import { countRows, type ImportedTable } from '../support/row-counts.ts';

const VIGIL = fileURLToPath(new URL('../../bin/vigil.js', import.meta.url));
const LINES = 300_000;

function runImport(url: string, feed: string) {
  return spawn(process.execPath, [VIGIL, 'import', feed, '--format', 'plain', '--json'], {
    env: { ...process.env, DATABASE_URL: url },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

describe('vigil import killed part-way', async () => {
  const database = await createTestDatabase();
  const folder = mkdtempSync(join(tmpdir(), 'vigil-crash-'));
  const feed = join(folder, 'feed.txt');
  await writeSyntheticFeed(feed, LINES);
  after(() => database.close());

  const countOf = (table: ImportedTable) => countRows(database, table);

  it('keeps whole batches and resumes', async () => {
    const child = runImport(database.url, feed);
    // Waits for the run's own progress record, which follows each committed batch.
    let committed = 0;
    for (let i = 0; i < 600 && committed === 0; i++) {
      await sleep(50);
      const run = await database.db.selectFrom('imports').select('new_count').executeTakeFirst();
      committed = run?.new_count ?? 0;
    }
    child.kill('SIGKILL');
    await once(child, 'exit');

    const afterKill = {
      indicators: await countOf('indicators'),
      provenance: await countOf('provenance'),
      listings: await countOf('listings'),
    };
    assert.ok(afterKill.indicators > 0, 'the import committed nothing before the kill');
    assert.ok(afterKill.indicators < LINES, 'the import finished before the kill');
    assert.equal(afterKill.provenance, afterKill.indicators);
    assert.equal(afterKill.listings, afterKill.indicators);
    const killedRun = await database.db
      .selectFrom('imports')
      .select(['status', 'new_count'])
      .executeTakeFirstOrThrow();
    assert.equal(killedRun.status, 'running');
    assert.ok(killedRun.new_count > 0, 'the killed run recorded no progress');
    assert.ok(killedRun.new_count <= afterKill.indicators);

    const rerun = runImport(database.url, feed);
    let output = '';
    rerun.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const [code] = (await once(rerun, 'exit')) as [number];
    const summary = JSON.parse(output) as { new: number; duplicates: number; valid: number };

    assert.equal(code, 0);
    assert.equal(summary.valid, LINES);
    assert.equal(summary.new, LINES - afterKill.indicators);
    assert.equal(summary.duplicates, afterKill.indicators);
    assert.equal(await countOf('indicators'), LINES);
    assert.equal(await countOf('listings'), LINES);
  });
});
