import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';

import { createTestDatabase } from '../support/database.ts';

const VIGIL = fileURLToPath(new URL('../../bin/vigil.js', import.meta.url));

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function vigil(args: readonly string[], env: NodeJS.ProcessEnv, stdin = ''): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [VIGIL, ...args], { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

describe('vigil command line', async () => {
  const database = await createTestDatabase();
  const env = { DATABASE_URL: database.url };
  const folder = mkdtempSync(join(tmpdir(), 'vigil-cli-'));
  after(() => database.close());

  it('canonicalizes URLs in order', async () => {
    const run = await vigil(
      ['canonicalize'],
      env,
      'HTTP://Www.Example.COM/a/./b/../c\nhttp://\n  http://[::1\nexample.vn\n',
    );

    assert.equal(run.code, 0);
    assert.equal(run.stdout, 'http://www.example.com/a/c\n\n\nhttp://example.vn/\n');
  });

  it('writes lookup expressions', async () => {
    const run = await vigil(
      ['canonicalize', '--expressions'],
      env,
      'http://a.b.c/1/2.html?param=1\n',
    );

    assert.equal(run.code, 0);
    assert.equal(
      run.stdout,
      'a.b.c/1/2.html?param=1 a.b.c/1/2.html a.b.c/ a.b.c/1/ b.c/1/2.html?param=1 b.c/1/2.html b.c/ b.c/1/\n',
    );
  });

  it('imports and checks a value', async () => {
    const feed = join(folder, 'feed.txt');
    writeFileSync(feed, '# test list\nhttp://cli-phish.example/login\n');

    const imported = await vigil(['import', feed, '--json', '--source', 'cli-test'], env);
    const summary = JSON.parse(imported.stdout) as { new: number; source: string };
    const checked = await vigil(['check', 'https://cli-phish.example/login', '--json'], env);
    const result = JSON.parse(checked.stdout) as { listed: boolean; sources: { name: string }[] };

    assert.equal(imported.code, 0);
    assert.equal(summary.new, 1);
    assert.equal(summary.source, 'cli-test');
    assert.equal(checked.code, 0);
    assert.equal(result.listed, true);
    assert.deepEqual(
      result.sources.map((source) => source.name),
      ['cli-test'],
    );
  });

  it('prints a readable not-listed answer', async () => {
    const run = await vigil(['check', 'unlisted-cli.example'], env);

    assert.equal(run.code, 0);
    assert.match(run.stdout, /^domain unlisted-cli\.example\n {2}not listed/);
  });

  it('rejects an invalid value', async () => {
    const run = await vigil(['check', 'http://'], env);

    assert.equal(run.code, 1);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /^vigil: value: url "http:\/\/": missing host\n$/);
  });

  it('rejects a missing file', async () => {
    const run = await vigil(['import', join(folder, 'missing.txt')], env);

    assert.equal(run.code, 1);
    assert.match(run.stderr, /missing\.txt: no such file/);
  });

  it('rejects an unknown format', async () => {
    const run = await vigil(['import', join(folder, 'feed.txt'), '--format', 'xml'], env);

    assert.equal(run.code, 2);
    assert.match(run.stderr, /--format <format>' argument 'xml' is invalid/);
  });
});
