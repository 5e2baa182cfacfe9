// Child process of the lookup benchmark: serves the Vigil app and a bare
// Fastify route on two ports, and reports memory before and after loading.
import Fastify from 'fastify';

import { buildApp } from '../src/http/app.ts';
import { LookupService } from '../src/services/lookup.service.ts';
import { openDatabase } from '../src/store/database.ts';

const [databasePath, vigilPort, barePort] = process.argv.slice(2);

function memory() {
  global.gc?.();
  const usage = process.memoryUsage();
  return { rss: usage.rss, heapUsed: usage.heapUsed, arrayBuffers: usage.arrayBuffers };
}

const database = await openDatabase(databasePath, { migrate: false });
const before = memory();
const lookup = await LookupService.load(database);
const afterLoad = memory();

const app = await buildApp({ database, lookup });
await app.listen({ port: Number(vigilPort), host: '127.0.0.1' });

// The baseline serves the same path and query with a fixed body the size of a
// not-listed result, without validation, lookup or metrics.
const bare = Fastify();
const fixedAnswer = {
  kind: 'url',
  canonical: 'https://unlisted.example.vn/path/1?q=1',
  listed: false,
  matches: [],
  category: null,
  sources: [],
  first_seen: null,
  last_seen: null,
};
bare.get('/api/v1/lookup', () => fixedAnswer);
await bare.listen({ port: Number(barePort), host: '127.0.0.1' });

process.send?.({
  ready: true,
  keys: lookup.size,
  indexBytes: lookup.indexBytes,
  before,
  afterLoad,
});
process.on('message', (message: { stop?: boolean }) => {
  if (message.stop) {
    void Promise.all([app.close(), bare.close()])
      .then(() => database.close())
      .then(() => process.exit(0));
  }
});
