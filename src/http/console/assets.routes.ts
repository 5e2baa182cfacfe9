import { readFileSync } from 'node:fs';

import type { FastifyInstance } from 'fastify';

const ASSET_TYPES: Readonly<Record<string, string>> = {
  'console.css': 'text/css; charset=utf-8',
  'console.js': 'text/javascript; charset=utf-8',
};

/** Serves the console's own stylesheet and script, read once at start-up. */
export function assetRoutes(app: FastifyInstance): Promise<void> {
  const files = new Map<string, Buffer>();
  for (const name of Object.keys(ASSET_TYPES)) {
    files.set(name, readFileSync(new URL(`./assets/${name}`, import.meta.url)));
  }
  app.get('/console/assets/:file', (request, reply) => {
    const { file } = request.params as { file: string };
    const body = files.get(file);
    if (body === undefined) {
      return reply.status(404).type('text/plain; charset=utf-8').send('no such asset');
    }
    return reply
      .type(ASSET_TYPES[file]!)
      .header('cache-control', 'public, max-age=3600')
      .send(body);
  });
  return Promise.resolve();
}
