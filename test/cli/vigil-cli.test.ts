import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { type AddressInfo, type Server, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
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

function listenOnLoopback(): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/** Returns a port on 127.0.0.1 that nothing listens on, by binding it and letting it go. */
async function closedPort(): Promise<number> {
  const server = await listenOnLoopback();
  const { port } = server.address() as AddressInfo;
  await closeServer(server);
  return port;
}

describe('vigil error messages', async () => {
  const database = await createTestDatabase();
  const env = { DATABASE_URL: database.url };
  const folder = mkdtempSync(join(tmpdir(), 'vigil-cli-errors-'));
  after(() => database.close());

  it('rejects a truncated manifest', async () => {
    const manifest = join(folder, 'manifest.json');
    writeFileSync(manifest, '{"5ecea68b-9bc0-493b-9c23-7555c0a80102": {');

    const run = await vigil(['import', manifest], env);

    assert.equal(run.code, 1);
    assert.doesNotMatch(run.stderr, /unexpected error/);
    assert.ok(run.stderr.startsWith(`vigil: ${manifest}: the MISP manifest is not valid JSON`));
  });

  it('rejects a manifest key', async () => {
    const manifest = join(folder, 'keys', 'manifest.json');
    mkdirSync(dirname(manifest));
    writeFileSync(
      manifest,
      '{"5ecea68b-9bc0-493b-9c23-7555c0a80102": {"info": "a"}, "../secret": {"info": "b"}}',
    );

    const run = await vigil(['import', manifest], env);

    assert.equal(run.code, 1);
    assert.ok(run.stderr.startsWith(`vigil: ${manifest}: the MISP manifest is invalid`));
    assert.match(run.stderr, /"\.\.\/secret" is not an event UUID/);
  });

  it('rejects invalid integer settings', async () => {
    const cases = [
      { name: 'PORT', value: 'abc', range: '0 to 65535', args: ['start'] },
      { name: 'PORT', value: 'abc', range: '0 to 65535', args: ['import', 'feed.txt'] },
      { name: 'VIGIL_FEED_TTL_DAYS', value: '0', range: '1 to 3650', args: ['migrate'] },
      { name: 'VIGIL_LISTING_POLL_SECONDS', value: 'x', range: '1 to 3600', args: ['serve'] },
    ];

    for (const { name, value, range, args } of cases) {
      const run = await vigil(args, { ...env, [name]: value });

      assert.equal(run.code, 1, `${name} with ${args.join(' ')}`);
      assert.equal(
        run.stderr,
        `vigil: ${name}=${value} is invalid: expected an integer from ${range}; fix or unset ${name}\n`,
      );
    }
  });

  it('rejects an unknown TLP label', async () => {
    const run = await vigil(['migrate'], { ...env, VIGIL_FEED_TLP: 'TLP:WHITE' });

    assert.equal(run.code, 1);
    assert.match(run.stderr, /^vigil: VIGIL_FEED_TLP=TLP:WHITE is invalid/);
    assert.match(run.stderr, /TLP:CLEAR, TLP:GREEN, TLP:AMBER, TLP:AMBER\+STRICT, TLP:RED\n$/);
  });

  it('reports a port in use', { timeout: 60_000 }, async () => {
    const server = await listenOnLoopback();
    const { port } = server.address() as AddressInfo;
    try {
      const run = await vigil(['serve', '--host', '127.0.0.1', '--port', String(port)], env);

      assert.equal(run.code, 1);
      assert.match(
        run.stderr,
        new RegExp(
          `vigil: port ${port} on 127\\.0\\.0\\.1 is already in use; pass --port or set PORT\n$`,
        ),
      );
    } finally {
      await closeServer(server);
    }
  });

  it('reports an unreachable database', async () => {
    const port = await closedPort();
    const url = `postgres://vigil:s3cret@127.0.0.1:${port}/vigil`;
    const expected =
      `vigil: cannot connect to the database at postgres://127.0.0.1:${port}/vigil: ` +
      `connect ECONNREFUSED 127.0.0.1:${port}; check DATABASE_URL and that the server is running\n`;

    for (const args of [['migrate'], ['start'], ['import', join(folder, 'feed.txt')]]) {
      const run = await vigil(args, { DATABASE_URL: url });

      assert.equal(run.code, 1, args.join(' '));
      assert.equal(run.stderr, expected);
      assert.doesNotMatch(run.stderr, /s3cret/);
    }
  });
});
