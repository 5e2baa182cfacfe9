import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';

import Fastify from 'fastify';

import { assetRoutes } from './assets.routes.ts';
import { PortalPage, renderDocument } from './layout.tsx';

describe('favicon', async () => {
  const app = Fastify({ logger: false });
  await app.register(assetRoutes);
  after(() => app.close());

  it('serves our own SVG icon', async () => {
    const response = await app.inject({ url: '/assets/favicon.svg' });

    assert.equal(response.statusCode, 200);
    assert.match(response.headers['content-type'] as string, /^image\/svg\+xml/);
    assert.match(response.body, /^<svg /);
    assert.ok(response.body.length < 2000);
    assert.ok(!/href=|<script|url\(/i.test(response.body), 'the icon loads nothing else');
  });

  it('serves /favicon.ico without 404', async () => {
    const response = await app.inject({ url: '/favicon.ico' });

    assert.equal(response.statusCode, 204);
    assert.match(response.headers['cache-control'] as string, /max-age=\d+/);
  });

  it('links the icon from every portal page', () => {
    const html = renderDocument(
      PortalPage({ lang: 'vi', title: 'Test', path: '/', children: null }),
    );

    assert.ok(html.includes('<link rel="icon" href="/assets/favicon.svg" type="image/svg+xml"/>'));
  });
});
