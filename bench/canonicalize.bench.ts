// Measures canonicalizeUrl plus urlExpressions per second, on one core, over the URLs of the
// PhishTank sample (the second CSV column). Run: node --import tsx bench/canonicalize.bench.ts
// BENCH_SECONDS sets the measuring time of each figure (default 5).
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';

import { parse } from 'csv-parse/sync';

import { IndicatorError } from '../src/domain/indicators/indicator.ts';
import { canonicalizeUrl } from '../src/domain/indicators/url.canonical.ts';
import { urlExpressions } from '../src/domain/indicators/url.expressions.ts';
import { samplePath } from '../test/support/sample-data.ts';

const SAMPLE = 'lists/phishtank/verified_online.csv';
const seconds = Number(process.env.BENCH_SECONDS ?? 5);

interface Rate {
  readonly urlsPerSecond: number;
  /** A value derived from every result, so that no call can be optimized away. */
  readonly checksum: number;
}

function readUrls(): string[] {
  const path = samplePath(SAMPLE);
  if (path === undefined) {
    throw new Error(`sample data not found: ${SAMPLE} (set VIGIL_SAMPLE_DATA)`);
  }
  const rows: string[][] = parse(readFileSync(path), { from_line: 2, relax_column_count: true });
  return rows.map((row) => row[1] ?? '');
}

function canonicalizeOnly(url: string): number {
  const canonical = canonicalizeUrl(url);
  return canonical instanceof IndicatorError ? 0 : canonical.length;
}

function canonicalizeAndExpand(url: string): number {
  const canonical = canonicalizeUrl(url);
  return canonical instanceof IndicatorError ? 0 : urlExpressions(canonical).length;
}

/** Runs `step` over all URLs, in whole passes, for `seconds` after one warm-up pass. */
function measure(urls: readonly string[], step: (url: string) => number): Rate {
  let checksum = 0;
  for (const url of urls) {
    checksum += step(url);
  }

  let count = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  while (performance.now() < deadline) {
    for (const url of urls) {
      checksum += step(url);
    }
    count += urls.length;
  }
  const elapsedSeconds = (performance.now() - started) / 1000;
  return { urlsPerSecond: count / elapsedSeconds, checksum };
}

const urls = readUrls();
const rejected = urls.filter((url) => canonicalizeUrl(url) instanceof IndicatorError).length;
const expressions = urls.reduce((sum, url) => sum + canonicalizeAndExpand(url), 0);
const withExpressions = measure(urls, canonicalizeAndExpand);
const canonicalOnly = measure(urls, canonicalizeOnly);

const cpu = cpus()[0]?.model ?? 'unknown CPU';
console.log(`## canonicalize, ${new Date().toISOString().slice(0, 10)}, ${cpu}, Node.js ${process.version}

| figure | value |
| --- | --- |
| PhishTank URLs | ${urls.length} |
| rejected by canonicalizeUrl | ${rejected} |
| expressions per URL, mean | ${(expressions / urls.length).toFixed(2)} |
| canonicalizeUrl + urlExpressions, URLs per second | ${withExpressions.urlsPerSecond.toFixed(0)} |
| canonicalizeUrl alone, URLs per second | ${canonicalOnly.urlsPerSecond.toFixed(0)} |
| checksum | ${withExpressions.checksum + canonicalOnly.checksum} |
`);
