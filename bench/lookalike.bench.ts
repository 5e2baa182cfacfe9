// Lookalike detection on real lists: recall on scam hosts that carry a protected brand's
// name, false positives on popular-site lists. Run alone with `npx tsx bench/lookalike.bench.ts`.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { DEFAULT_BRANDS } from '../src/domain/brands/default-brands.ts';
import { findLookalikes } from '../src/domain/brands/lookalike.ts';

const DATA_DIR = process.env.VIGIL_SAMPLE_DATA ?? join(import.meta.dirname, '../../shared/data');

export interface LookalikeBenchResult {
  readonly scamHosts: number;
  readonly brandHosts: number;
  readonly detected: number;
  readonly recall: number;
  readonly goodDomains: number;
  readonly falsePositives: number;
  readonly falsePositiveRate: number;
  readonly domainsPerSecond: number;
  readonly examplesMissed: readonly string[];
  readonly examplesFalse: readonly string[];
}

/** Brand names as written in hosts: the first label of each official domain, five letters or more. */
const BRAND_NAMES = [
  ...new Set(
    DEFAULT_BRANDS.flatMap((brand) => brand.officialDomains.map((domain) => domain.split('.')[0]!)),
  ),
].filter((name) => name.length >= 5);

function readLines(relative: string): string[] {
  const path = join(DATA_DIR, relative);
  return existsSync(path) ? readFileSync(path, 'utf8').split(/\r?\n/) : [];
}

function hostOf(entry: string): string | undefined {
  const text = entry.trim().replace(/^\|\|/, '').replace(/\^.*$/, '');
  if (text === '' || text.startsWith('#') || text.startsWith('!')) {
    return undefined;
  }
  try {
    return new URL(/^[a-z]+:\/\//i.test(text) ? text : `http://${text}`).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

function scamHosts(): Set<string> {
  const hosts = new Set<string>();
  const files = [
    'lists/chongluadao/urls.txt',
    'lists/openphish/openphish.csv',
    'lists/urlhaus-filter/urlhaus-filter-domains-online.txt',
  ];
  for (const file of files) {
    for (const line of readLines(file)) {
      const host = hostOf(line.split(',')[0]!);
      if (host !== undefined) {
        hosts.add(host);
      }
    }
  }
  for (const line of readLines('lists/phishtank/verified_online.csv').slice(1)) {
    const host = hostOf(line.split(',')[1] ?? '');
    if (host !== undefined) {
      hosts.add(host);
    }
  }
  return hosts;
}

function goodDomains(): Set<string> {
  const domains = new Set<string>();
  for (const line of readLines('goodlists/alexa_top10000_domains_2016.txt')) {
    const host = hostOf(line);
    if (host !== undefined) {
      domains.add(host);
    }
  }
  for (const line of readLines('goodlists/tranco_top100k_urls.csv').slice(1)) {
    const host = hostOf(line.split(',')[0]!);
    if (host !== undefined) {
      domains.add(host);
    }
  }
  return domains;
}

/** Measures recall and false positives of `findLookalikes` with the default brands. */
export function benchLookalike(): LookalikeBenchResult {
  const scams = [...scamHosts()];
  const brandHosts = scams.filter((host) => {
    const plain = host.replace(/[-_.]/g, '');
    return BRAND_NAMES.some((name) => plain.includes(name)) && !findLookalikes(host).official;
  });
  const missed = brandHosts.filter((host) => findLookalikes(host).hits.length === 0);

  const good = [...goodDomains()];
  const started = performance.now();
  const flagged = good.filter((domain) => findLookalikes(domain).hits.length > 0);
  const seconds = (performance.now() - started) / 1000;

  return {
    scamHosts: scams.length,
    brandHosts: brandHosts.length,
    detected: brandHosts.length - missed.length,
    recall: brandHosts.length === 0 ? 0 : (brandHosts.length - missed.length) / brandHosts.length,
    goodDomains: good.length,
    falsePositives: flagged.length,
    falsePositiveRate: good.length === 0 ? 0 : flagged.length / good.length,
    domainsPerSecond: good.length / seconds,
    examplesMissed: missed.slice(0, 10),
    examplesFalse: flagged.slice(0, 30),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(benchLookalike(), null, 2));
}
