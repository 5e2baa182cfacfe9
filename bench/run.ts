// `npm run bench`: measures import and lookup against their baselines in one
// run and prints a Markdown record for docs/benchmarks.md.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';

import { benchImport } from './import.bench.ts';
import { benchLookup } from './lookup.bench.ts';

const count = Number(process.env.BENCH_URLS ?? 1_000_000);
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const folder = mkdtempSync(join(tmpdir(), 'vigil-bench-'));

const round = (value: number, digits = 0) => value.toFixed(digits);

try {
  console.error(`importing ${count} synthetic URLs`);
  const imported = await benchImport(folder, count);
  console.error('loading the lookup API');
  const lookup = await benchLookup(imported.databasePath, count, seconds);

  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  console.log(`## ${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpu}, ${round(totalmem() / 2 ** 30)} GiB, Node.js ${process.version}

| figure | value |
| --- | --- |
| import: synthetic URLs | ${count} |
| import: Vigil, indicators per second | ${round(imported.importPerSecond)} |
| import: raw better-sqlite3 inserts of the same rows, per second | ${round(imported.rawPerSecond)} |
| import: ratio Vigil / raw | ${round(imported.ratio, 2)} |
| lookup: listed keys in the index | ${lookup.keys} |
| lookup: bare Fastify route, requests per second | ${round(lookup.bare.requestsPerSecond)} |
| lookup: Vigil lookup, requests per second | ${round(lookup.vigil.requestsPerSecond)} |
| lookup: ratio Vigil / bare | ${round(lookup.ratio, 2)} |
| lookup at half load (${round(lookup.vigil.requestsPerSecond / 2)}/s): p50, p99 ms | ${lookup.halfLoad.p50Ms}, ${lookup.halfLoad.p99Ms} |
| lookup at full load: p50, p99 ms | ${lookup.vigil.p50Ms}, ${lookup.vigil.p99Ms} |
| lookup errors, non-2xx answers | ${lookup.vigil.errors + lookup.halfLoad.errors}, ${lookup.vigil.non2xx + lookup.halfLoad.non2xx} |
| memory per listed key: index table bytes | ${round(lookup.indexBytesPerKey, 1)} |
| memory per listed key: heap and buffers after loading | ${round(lookup.heapAndBuffersPerKey, 1)} |
| memory per listed key: RSS growth after loading | ${round(lookup.rssPerKey, 1)} |
`);
} finally {
  rmSync(folder, { recursive: true, force: true });
}
