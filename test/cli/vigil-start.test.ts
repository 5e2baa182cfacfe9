import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';

import { createTestDatabase } from '../support/database.ts';
import { listValues } from '../support/factories.ts';

const VIGIL = fileURLToPath(new URL('../../bin/vigil.js', import.meta.url));

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  return typeof address === 'object' && address !== null ? address.port : 0;
}

async function waitForHealth(base: string): Promise<boolean> {
  for (let i = 0; i < 100; i++) {
    try {
      const response = await fetch(`${base}/healthz`);
      if (response.ok) {
        return true;
      }
    } catch {
      // Not listening yet.
    }
    await sleep(100);
  }
  return false;
}

describe('vigil start', async () => {
  const database = await createTestDatabase();
  after(() => database.close());

  it('serves, follows listings and stops', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const child = spawn(process.execPath, [VIGIL, 'start', '--port', String(port)], {
      env: { ...process.env, DATABASE_URL: database.url, VIGIL_LISTING_POLL_SECONDS: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let logs = '';
    child.stdout.on('data', (chunk: Buffer) => (logs += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (logs += chunk.toString()));

    try {
      assert.ok(await waitForHealth(base), `server did not become healthy:\n${logs}`);
      await listValues(database, ['started-late.example']);
      let listed = false;
      for (let i = 0; i < 50 && !listed; i++) {
        await sleep(200);
        const response = await fetch(`${base}/api/v1/lookup?value=started-late.example`);
        listed = ((await response.json()) as { listed: boolean }).listed;
      }
      assert.ok(listed, 'the server did not pick up a listing added after it started');
    } finally {
      child.kill('SIGTERM');
    }
    const [code] = (await once(child, 'exit')) as [number | null];

    assert.equal(code, 0, logs);
    assert.match(logs, /one-time password: \S+/);
    assert.ok(logs.includes(`log in at ${base}/console/login`), logs);
    assert.match(logs, /"msg":"shutting down"/);
    assert.match(logs, /"msg":"stopped"/);
  });
});
