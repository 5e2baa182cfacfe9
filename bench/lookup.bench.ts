import { fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

import autocannon from 'autocannon';

import { syntheticUrl } from './synthetic-feed.ts';

export interface LoadFigures {
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly errors: number;
  readonly non2xx: number;
}

export interface LookupBenchResult {
  readonly keys: number;
  readonly indexBytesPerKey: number;
  readonly heapAndBuffersPerKey: number;
  readonly rssPerKey: number;
  readonly bare: LoadFigures;
  readonly vigil: LoadFigures;
  /** Vigil's lookup rate divided by the bare route's. */
  readonly ratio: number;
  /** Latency of the lookup at half of its measured maximum rate. */
  readonly halfLoad: LoadFigures;
}

interface ReadyMessage {
  readonly keys: number;
  readonly indexBytes: number;
  readonly before: { rss: number; heapUsed: number; arrayBuffers: number };
  readonly afterLoad: { rss: number; heapUsed: number; arrayBuffers: number };
}

const CONNECTIONS = 20;

/**
 * Serves the database at `databasePath` from a child process and loads it
 * with autocannon from this one: a bare Fastify route first, then lookups of
 * a mix of listed, related and unlisted URLs, then lookups at half that rate.
 */
export async function benchLookup(
  databasePath: string,
  listedCount: number,
  seconds: number,
): Promise<LookupBenchResult> {
  const vigilPort = 30000 + Math.floor(Math.random() * 10000);
  const barePort = vigilPort + 1;
  const child = fork(
    fileURLToPath(new URL('./lookup-server.ts', import.meta.url)),
    [databasePath, String(vigilPort), String(barePort)],
    { execArgv: ['--import', 'tsx', '--expose-gc'] },
  );
  try {
    const [ready] = (await once(child, 'message')) as [ReadyMessage];
    const requests = lookupRequests(listedCount);
    const bare = await load(`http://127.0.0.1:${barePort}`, requests, seconds);
    const vigil = await load(`http://127.0.0.1:${vigilPort}`, requests, seconds);
    const halfLoad = await load(
      `http://127.0.0.1:${vigilPort}`,
      requests,
      seconds,
      Math.floor(vigil.requestsPerSecond / 2),
    );
    const heapAndBuffers =
      ready.afterLoad.heapUsed +
      ready.afterLoad.arrayBuffers -
      (ready.before.heapUsed + ready.before.arrayBuffers);
    return {
      keys: ready.keys,
      indexBytesPerKey: ready.indexBytes / ready.keys,
      heapAndBuffersPerKey: heapAndBuffers / ready.keys,
      rssPerKey: (ready.afterLoad.rss - ready.before.rss) / ready.keys,
      bare,
      vigil,
      ratio: vigil.requestsPerSecond / bare.requestsPerSecond,
      halfLoad,
    };
  } finally {
    child.send({ stop: true });
    await once(child, 'exit');
  }
}

/** Returns a fixed mix: half listed URLs, a quarter other pages on listed hosts, a quarter unlisted. */
function lookupRequests(listedCount: number): { path: string }[] {
  const requests: { path: string }[] = [];
  for (let i = 0; i < 1000; i++) {
    const n = (i * 7919) % listedCount;
    let value: string;
    if (i % 4 < 2) {
      value = syntheticUrl(n);
    } else if (i % 4 === 2) {
      value = `${syntheticUrl(n).replace(/\/[^/]*$/, '/')}other-page.html`;
    } else {
      value = `https://unlisted-${i}.example.vn/path/${i}?q=${i}`;
    }
    requests.push({ path: `/api/v1/lookup?value=${encodeURIComponent(value)}` });
  }
  return requests;
}

async function load(
  url: string,
  requests: { path: string }[],
  seconds: number,
  overallRate?: number,
): Promise<LoadFigures> {
  const result = await autocannon({
    url,
    requests,
    connections: CONNECTIONS,
    duration: seconds,
    ...(overallRate !== undefined && { overallRate }),
  });
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
  };
}
