// Child process of report-intake.bench.ts: serves Vigil on a fresh SQLite
// database at argv[2] on port argv[3] with limits that never reject.
import { randomBytes } from 'node:crypto';

import { loadConfig } from '../src/config.ts';
import { buildApp } from '../src/http/app.ts';
import { LookupService } from '../src/services/lookup.service.ts';
import { openDatabase } from '../src/store/database.ts';

const [databasePath, port, dataDir] = process.argv.slice(2);
const database = await openDatabase(databasePath);
const config = {
  ...loadConfig({
    VIGIL_SECRET_KEY: randomBytes(32).toString('base64'),
    VIGIL_REPORTS_PER_HOUR_NO_PROOF: '100000',
    VIGIL_REPORTS_PER_VALUE_PER_HOUR: '1000000',
  }),
  dataDir: dataDir!,
};
const app = await buildApp({ database, lookup: await LookupService.load(database), config });
await app.listen({ port: Number(port), host: '127.0.0.1' });
process.send?.({ ready: true });

// Exits cleanly when the benchmark ends, so `--cpu-prof` can write its profile.
process.once('SIGTERM', () => {
  void app.close().then(() => process.exit(0));
});
