// `npm run bench`: measures import, lookup, clustering, export and report intake against
// their targets in one run and prints a Markdown record for docs/benchmarks.md.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';

import { benchCluster } from './cluster.bench.ts';
import { benchExport } from './export.bench.ts';
import { benchImport } from './import.bench.ts';
import { benchLookalike } from './lookalike.bench.ts';
import { benchLookup } from './lookup.bench.ts';
import { benchReportIntake } from './report-intake.bench.ts';

const count = Number(process.env.BENCH_URLS ?? 1_000_000);
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const folder = mkdtempSync(join(tmpdir(), 'vigil-bench-'));

const round = (value: number, digits = 0) => value.toFixed(digits);

try {
  console.error(`importing ${count} synthetic URLs`);
  const imported = await benchImport(folder, count);
  console.error('loading the lookup API');
  const lookup = await benchLookup(imported.databasePath, count, seconds);

  console.error('checking lookalikes on the sample lists');
  const lookalike = benchLookalike();

  const clusterCount = Number(process.env.BENCH_CLUSTER_INDICATORS ?? 1_000_000);
  console.error(`clustering ${clusterCount} synthetic indicators into sources`);
  const cluster = benchCluster(clusterCount);
  const clusterRows = cluster.runs
    .map(
      (run) =>
        `| clustering: ${run.indicators} indicators (${run.keys} keys, ${run.groups} sources), seconds | ${round(run.seconds, 2)} |`,
    )
    .join('\n');

  const exportDomains = Number(process.env.BENCH_EXPORT_DOMAINS ?? 1_000_000);
  console.error(`exporting an RPZ zone of ${exportDomains} listed domains`);
  const exported = await benchExport(folder, exportDomains);

  console.error('sending reports to the report API');
  const intake = await benchReportIntake(folder, seconds);

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
| lookalike: recall on brand-carrying scam hosts | ${lookalike.detected} / ${lookalike.brandHosts} (${round(lookalike.recall * 100, 1)} %) |
| lookalike: false positives on popular domains | ${lookalike.falsePositives} / ${lookalike.goodDomains} (${round(lookalike.falsePositiveRate * 100, 2)} %) |
| lookalike: domains checked per second | ${round(lookalike.domainsPerSecond)} |
${clusterRows}
| clustering: time per indicator, largest over smallest run | ${round(cluster.growth, 2)} |
| export: RPZ zone of ${exported.domains} listed domains from SQLite, seconds | ${round(exported.exportSeconds, 2)} |
| export: the zone writer alone on the same domains in memory, seconds | ${round(exported.writerSeconds, 2)} |
| export: zone size, MB | ${round(exported.zoneBytes / 1e6, 1)} |
| intake: reports per second (201 answers) | ${round(intake.reportsPerSecond)} |
| intake: p50, p99 ms | ${intake.p50Ms}, ${intake.p99Ms} |
| intake: non-2xx answers, errors | ${intake.non2xx}, ${intake.errors} |
`);
} finally {
  rmSync(folder, { recursive: true, force: true });
}
