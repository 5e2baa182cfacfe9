// Measures report intake: POST /api/v1/reports with JSON, each request naming
// a new link, against a server in a child process on a fresh SQLite database.
// Part of `npm run bench`; alone, `node --import tsx bench/report-intake.bench.ts`.
// BENCH_SECONDS sets the duration (10 by default); BENCH_CPU_PROF=FOLDER
// writes a CPU profile of the server there.
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import autocannon from 'autocannon';

/** Concurrent connections of the load generator. */
export const INTAKE_CONNECTIONS = 20;

export interface IntakeBenchResult {
  /** Reports stored (201 responses) per second. */
  readonly reportsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly non2xx: number;
  readonly errors: number;
}

export async function benchReportIntake(
  folder: string,
  seconds: number,
  cpuProfileFolder?: string,
): Promise<IntakeBenchResult> {
  const port = 30000 + Math.floor(Math.random() * 10000);
  const profile = cpuProfileFolder ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfileFolder}`] : [];
  const child = fork(
    fileURLToPath(new URL('./report-intake-server.ts', import.meta.url)),
    [join(folder, 'intake.db'), String(port), folder],
    { execArgv: [...profile, '--import', 'tsx'] },
  );
  const exited = once(child, 'exit');
  try {
    await Promise.race([
      once(child, 'message'),
      exited.then(() => Promise.reject(new Error('the intake server stopped before it was ready'))),
    ]);
    const result = await autocannon({
      url: `http://127.0.0.1:${port}`,
      connections: INTAKE_CONNECTIONS,
      duration: seconds,
      requests: [{ method: 'POST', path: '/api/v1/reports', setupRequest: nextReport() }],
    });
    return {
      reportsPerSecond: result['2xx'] / result.duration,
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      non2xx: result.non2xx,
      errors: result.errors,
    };
  } finally {
    child.kill();
    await exited;
  }
}

/** Returns a request builder whose every report names a new link. */
function nextReport(): NonNullable<autocannon.Request['setupRequest']> {
  let sequence = 0;
  return (request) => {
    sequence += 1;
    return {
      ...request,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        indicators: [{ kind: 'link', value: `http://scam-${sequence}.example.vn/login` }],
        category: 'phishing',
        channel: 'sms',
        description: 'Tin nhắn giả ngân hàng yêu cầu đăng nhập',
      }),
    };
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const seconds = Number(process.env.BENCH_SECONDS ?? 10);
  const folder = mkdtempSync(join(tmpdir(), 'vigil-intake-bench-'));
  try {
    const result = await benchReportIntake(folder, seconds, process.env.BENCH_CPU_PROF);
    const cpu = cpus()[0]?.model ?? 'unknown CPU';
    console.log(`## Report intake, ${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node.js ${process.version}

| figure | value |
| --- | --- |
| reports per second (201 answers) | ${Math.round(result.reportsPerSecond)} |
| latency p50, p99 ms | ${result.p50Ms}, ${result.p99Ms} |
| connections, seconds | ${INTAKE_CONNECTIONS}, ${seconds} |
| non-2xx answers, errors | ${result.non2xx}, ${result.errors} |
`);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
