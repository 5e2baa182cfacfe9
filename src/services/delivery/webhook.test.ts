import assert from 'node:assert/strict';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, describe, it } from 'node:test';

import { sendWebhook, signWebhook, WEBHOOK_HEADERS, WebhookError } from './webhook.ts';

const servers: Server[] = [];
const dripping: ServerResponse[] = [];

async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
}

after(async () => {
  for (const response of dripping) {
    response.destroy();
  }
  await Promise.all(
    servers.map((server) => new Promise((resolve) => server.close(() => resolve(undefined)))),
  );
});

describe('sendWebhook', () => {
  it('signs timestamp and body', async () => {
    const received: { headers: Record<string, unknown>; body: string }[] = [];
    const url = await serve((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
        response.statusCode = 204;
        response.end();
      });
    });
    const body = JSON.stringify({ note: 'Tiếng Việt "quoted" \u2028 <script>' });
    const now = new Date('2026-03-01T00:00:00.000Z');
    await sendWebhook({ url, secret: 's3cret', body, idempotencyKey: 'key-1', now });
    const [request] = received;
    assert.equal(request?.body, body);
    assert.equal(request.headers[WEBHOOK_HEADERS.timestamp], '1772323200');
    assert.equal(
      request.headers[WEBHOOK_HEADERS.signature],
      signWebhook('s3cret', 1772323200, body),
    );
    assert.equal(request.headers[WEBHOOK_HEADERS.idempotencyKey], 'key-1');
  });

  it('ignores a redirect', async () => {
    let elsewhere = 0;
    const target = await serve((_request, response) => {
      elsewhere++;
      response.end();
    });
    const url = await serve((_request, response) => {
      response.writeHead(307, { location: target });
      response.end();
    });
    await assert.rejects(
      sendWebhook({ url, secret: 's', body: '{}', idempotencyKey: 'k' }),
      (error: unknown) => error instanceof WebhookError && error.statusCode === 307,
    );
    assert.equal(elsewhere, 0);
  });

  it('times out a dripping body', { timeout: 10_000 }, async () => {
    const url = await serve((_request, response) => {
      dripping.push(response);
      response.writeHead(200, { 'content-type': 'text/plain' });
      const timer = setInterval(() => response.write('.'), 20);
      response.on('close', () => clearInterval(timer));
    });
    await assert.rejects(
      sendWebhook({ url, secret: 's', body: '{}', idempotencyKey: 'k', timeoutMs: 300 }),
      WebhookError,
    );
  });
});
