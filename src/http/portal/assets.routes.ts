import { readFileSync } from 'node:fs';

import type { FastifyPluginCallback } from 'fastify';

const ASSETS = {
  '/assets/portal.css': { file: 'portal.css', type: 'text/css; charset=utf-8' },
  '/assets/report-form.js': { file: 'report-form.js', type: 'text/javascript; charset=utf-8' },
} as const;

/** Serves the portal's style sheet and its one script, read once at start-up. */
export const assetRoutes: FastifyPluginCallback = (app, _options, done) => {
  for (const [path, asset] of Object.entries(ASSETS)) {
    const body = readFileSync(new URL(`./assets/${asset.file}`, import.meta.url));
    app.get(path, { schema: { hide: true } }, (_request, reply) =>
      reply.type(asset.type).header('cache-control', 'public, max-age=3600').send(body),
    );
  }
  done();
};
