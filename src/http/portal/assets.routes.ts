import { readFileSync } from 'node:fs';

import type { FastifyPluginCallback } from 'fastify';

const ASSETS = {
  '/assets/portal.css': { file: 'portal.css', type: 'text/css; charset=utf-8' },
  '/assets/report-form.js': { file: 'report-form.js', type: 'text/javascript; charset=utf-8' },
  '/assets/favicon.svg': { file: 'favicon.svg', type: 'image/svg+xml' },
} as const;

/**
 * Serves the portal's style sheet, its one script and its icon, read once at
 * start-up. `/favicon.ico`, which browsers request on their own, returns 204
 * No Content because pages link the SVG icon instead.
 */
export const assetRoutes: FastifyPluginCallback = (app, _options, done) => {
  for (const [path, asset] of Object.entries(ASSETS)) {
    const body = readFileSync(new URL(`./assets/${asset.file}`, import.meta.url));
    app.get(path, { schema: { hide: true } }, (_request, reply) =>
      reply.type(asset.type).header('cache-control', 'public, max-age=3600').send(body),
    );
  }
  app.get('/favicon.ico', { schema: { hide: true } }, (_request, reply) =>
    reply.status(204).header('cache-control', 'public, max-age=86400').send(),
  );
  done();
};
