import { seededCommonKeys } from '../src/domain/clustering/common-infrastructure.ts';
import { indicatorSourceKeys, type KeyedIndicator } from '../src/domain/clustering/source-keys.ts';
import { groupByInternedKeys, internKeys } from '../src/domain/clustering/union-find.ts';

export interface ClusterRun {
  readonly indicators: number;
  readonly keys: number;
  readonly groups: number;
  readonly seconds: number;
  readonly perSecond: number;
}

export interface ClusterBenchResult {
  readonly runs: readonly ClusterRun[];
  /** Seconds per indicator at the largest size divided by that at the smallest. */
  readonly growth: number;
}

/** A small deterministic generator (mulberry32), so every run clusters the same data. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface SyntheticIndicator extends KeyedIndicator {
  /** Keys enrichment would add: an address, name servers, a page fingerprint. */
  readonly extraKeys: readonly string[];
}

/**
 * Makes `count` indicators shaped like a national feed: URLs and domains on
 * one domain per four indicators, some on shorteners and free hosting,
 * phone numbers and bank accounts, with addresses and name servers that a
 * few large hosts share and page fingerprints that campaigns reuse.
 */
function syntheticIndicators(count: number): SyntheticIndicator[] {
  const next = random(20261204);
  const domains = Math.max(1, Math.floor(count / 4));
  const result: SyntheticIndicator[] = [];
  for (let index = 0; index < count; index += 1) {
    const roll = next();
    const domain = `shop-${Math.floor(next() * domains)}.vn`;
    const extraKeys = [
      next() < 0.3
        ? 'address:203.0.113.10'
        : `address:198.51.${Math.floor(next() * 256)}.${Math.floor(next() * 256)}`,
      next() < 0.5 ? 'ns:ns1.bighost.example' : `ns:ns1.${domain}`,
      `fingerprint:${Math.floor(next() * domains * 2)}`,
    ];
    if (roll < 0.55) {
      result.push({
        kind: 'url',
        value: `https://www.${domain}/p/${index}`,
        host: `www.${domain}`,
        registrableDomain: domain,
        extraKeys,
      });
    } else if (roll < 0.65) {
      result.push({
        kind: 'url',
        value: `https://bit.ly/x${index}`,
        host: 'bit.ly',
        registrableDomain: 'bit.ly',
        extraKeys: [],
      });
    } else if (roll < 0.75) {
      const site = `site${index % 50_000}.github.io`;
      result.push({
        kind: 'url',
        value: `https://${site}/`,
        host: site,
        registrableDomain: 'github.io',
        extraKeys,
      });
    } else if (roll < 0.85) {
      result.push({
        kind: 'domain',
        value: domain,
        host: domain,
        registrableDomain: domain,
        extraKeys,
      });
    } else if (roll < 0.93) {
      result.push({
        kind: 'phone',
        value: `+8490${String(index % 900_000).padStart(7, '0')}`,
        host: null,
        registrableDomain: null,
        extraKeys: [],
      });
    } else {
      result.push({
        kind: 'bank_account',
        value: `970436:${1_000_000 + (index % 700_000)}`,
        host: null,
        registrableDomain: null,
        extraKeys: [],
      });
    }
  }
  return result;
}

/**
 * Times the clustering core on `count` synthetic indicators: deriving each
 * indicator's source keys, counting the identities behind each key to find
 * common infrastructure, and the union-find over the keys that still join.
 */
function clusterOnce(indicators: readonly SyntheticIndicator[], keyLimit: number): ClusterRun {
  const seeded = new Set(seededCommonKeys());
  const started = performance.now();
  const interned = internKeys(indicators.length, (index) => {
    const indicator = indicators[index]!;
    return [...indicatorSourceKeys(indicator), ...indicator.extraKeys];
  });
  // The identities behind each key: the first one, then a set once a second appears.
  const identityIds = new Map<string, number>();
  const firstIdentity = new Int32Array(interned.names.length).fill(-1);
  const moreIdentities = new Map<number, Set<number>>();
  for (let element = 0; element < indicators.length; element += 1) {
    const indicator = indicators[element]!;
    const identity = indicator.registrableDomain ?? indicator.value;
    let identityId = identityIds.get(identity);
    if (identityId === undefined) {
      identityId = identityIds.size;
      identityIds.set(identity, identityId);
    }
    for (let at = interned.offsets[element]!; at < interned.offsets[element + 1]!; at += 1) {
      const keyId = interned.keyIds[at]!;
      const first = firstIdentity[keyId]!;
      if (first === -1) {
        firstIdentity[keyId] = identityId;
      } else if (first !== identityId) {
        const set = moreIdentities.get(keyId) ?? new Set([first]);
        set.add(identityId);
        moreIdentities.set(keyId, set);
      }
    }
  }
  const groups = groupByInternedKeys(
    interned,
    (keyId) =>
      !seeded.has(interned.names[keyId]!) && (moreIdentities.get(keyId)?.size ?? 1) <= keyLimit,
  );
  const seconds = (performance.now() - started) / 1000;
  return {
    indicators: indicators.length,
    keys: interned.names.length,
    groups: new Set(groups).size,
    seconds,
    perSecond: indicators.length / seconds,
  };
}

/** Clusters a quarter, a half and all of `count` synthetic indicators, to show the growth. */
export function benchCluster(count: number, keyLimit = 25): ClusterBenchResult {
  const sizes = [Math.floor(count / 4), Math.floor(count / 2), count];
  const runs = sizes.map((size) => clusterOnce(syntheticIndicators(size), keyLimit));
  const first = runs[0]!;
  const last = runs[runs.length - 1]!;
  return { runs, growth: last.seconds / last.indicators / (first.seconds / first.indicators) };
}
