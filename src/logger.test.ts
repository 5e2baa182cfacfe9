import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';

import pino from 'pino';

import { buildApp } from './http/app.ts';
import { loggerOptions } from './logger.ts';
import { LookupService } from './services/lookup.service.ts';
import { createTestDatabase } from '../test/support/database.ts';

describe('request logging', () => {
  it('omits the looked-up value', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const database = await createTestDatabase();
    const logger = pino(loggerOptions('info'), sink);
    const app = await buildApp({ database, lookup: await LookupService.load(database), logger });

    await app.inject({ method: 'GET', url: '/api/v1/lookup?value=%2B84912345678' });
    await app.close();
    await database.close();

    const logged = lines.join('');
    assert.match(logged, /"url":"\/api\/v1\/lookup"/);
    assert.doesNotMatch(logged, /84912345678/);
  });

  it('replaces an unsafe request id', async () => {
    const database = await createTestDatabase();
    const app = await buildApp({ database, lookup: await LookupService.load(database) });

    const unsafe = await app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { 'x-request-id': '../../evil<script>' },
    });
    const safe = await app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { 'x-request-id': 'gateway-42.a' },
    });
    await app.close();
    await database.close();

    assert.match(unsafe.headers['x-request-id'] as string, /^[0-9a-f-]{36}$/);
    assert.equal(safe.headers['x-request-id'], 'gateway-42.a');
  });
});
