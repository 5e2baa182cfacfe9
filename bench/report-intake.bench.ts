// Measures report intake: POST /api/v1/reports with JSON, each request naming
// a new link, against a server in a child process on a fresh SQLite database.
// Run with `node --import tsx bench/report-intake.bench.ts`; BENCH_SECONDS
// sets the duration (10 by default).
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import autocannon from 'autocannon';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = 20;
const folder = mkdtempSync(join(tmpdir(), 'vigil-intake-bench-'));
const port = 30000 + Math.floor(Math.random() * 10000);
const child = fork(
  fileURLToPath(new URL('./report-intake-server.ts', import.meta.url)),
  [join(folder, 'vigil.db'), String(port), folder],
  { execArgv: ['--import', 'tsx'] },
);

try {
  await once(child, 'message');
  let sequence = 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        path: '/api/v1/reports',
        headers: { 'content-type': 'application/json' },
        setupRequest: (request) => {
          sequence += 1;
          return {
            ...request,
            body: JSON.stringify({
              indicators: [{ kind: 'link', value: `http://scam-${sequence}.example.vn/login` }],
              category: 'phishing',
              channel: 'sms',
              description: 'Tin nhắn giả ngân hàng yêu cầu đăng nhập',
            }),
          };
        },
      },
    ],
  });
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  console.log(`## Report intake, ${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node.js ${process.version}

| figure | value |
| --- | --- |
| reports per second (201 answers) | ${Math.round(result['2xx'] / result.duration)} |
| latency p50, p99 ms | ${result.latency.p50}, ${result.latency.p99} |
| connections, seconds | ${connections}, ${seconds} |
| non-2xx answers, errors | ${result.non2xx}, ${result.errors} |
`);
} finally {
  child.kill();
  rmSync(folder, { recursive: true, force: true });
}
