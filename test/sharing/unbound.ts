import { type ChildProcess, spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { Resolver } from 'node:dns/promises';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { type LocalDnsServer, startLocalDnsServer } from '../support/local-dns-server.ts';
import { waitFor } from './seed.ts';

export const UNBOUND = '/usr/sbin/unbound';
/**
 * The reason to skip a test when Unbound is not installed, else false. With
 * VIGIL_REQUIRE_SYSTEM_TOOLS=1, as in CI, the tests run and fail instead.
 */
export const SKIP_WITHOUT_UNBOUND =
  !existsSync(UNBOUND) &&
  process.env.VIGIL_REQUIRE_SYSTEM_TOOLS !== '1' &&
  `${UNBOUND} is not installed: install Debian's unbound package`;

/** Name that Unbound serves from local data. Every other name is forwarded upstream. */
export const UNBOUND_LOCAL_NAME = 'safe.vigil.test';

export interface LocalUnbound {
  readonly resolver: Resolver;
  stop(): Promise<void>;
}

/** Returns a UDP port on 127.0.0.1 that was free a moment ago. */
async function freePort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

/**
 * Writes an Unbound configuration that listens on 127.0.0.1:`port`, loads the
 * zone file as an RPZ and forwards every query to the upstream test server
 * on 127.0.0.1, so no query leaves the machine. Unbound serves its own local
 * data before it applies the RPZ, so the test names live upstream instead.
 */
function unboundConfig(folder: string, port: number, upstream: string, zone: string): string {
  return `server:
  interface: 127.0.0.1
  port: ${port}
  do-ip6: no
  username: ""
  chroot: ""
  directory: "${folder}"
  pidfile: "${join(folder, 'unbound.pid')}"
  use-syslog: no
  logfile: ""
  verbosity: 1
  module-config: "respip iterator"
  do-not-query-localhost: no
  access-control: 127.0.0.0/8 allow
  local-data: "${UNBOUND_LOCAL_NAME}. 300 IN A 192.0.2.10"
remote-control:
  control-enable: no
forward-zone:
  name: "."
  forward-addr: ${upstream.replace(':', '@')}
rpz:
  name: "${zone}."
  zonefile: "${join(folder, 'vigil.rpz')}"
`;
}

/**
 * Starts Unbound in the foreground with `zoneText` as its RPZ (origin
 * `zone`) in front of a local upstream that gives each of `names` an address
 * 192.0.2.20, .21, ... in order, and returns a resolver that queries it.
 */
export async function startUnbound(
  zoneText: string,
  zone: string,
  names: readonly string[],
): Promise<LocalUnbound> {
  const folder = mkdtempSync(join(tmpdir(), 'vigil-unbound-'));
  const upstream: LocalDnsServer = await startLocalDnsServer(
    Object.fromEntries(names.map((name, index) => [name, { A: [`192.0.2.${20 + index}`] }])),
  );
  writeFileSync(join(folder, 'vigil.rpz'), zoneText);
  const port = await freePort();
  const configFile = join(folder, 'unbound.conf');
  writeFileSync(configFile, unboundConfig(folder, port, upstream.address, zone));
  let stderr = '';
  const unbound: ChildProcess = spawn(UNBOUND, ['-d', '-c', configFile], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  unbound.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));

  const resolver = new Resolver({ timeout: 1000, tries: 1 });
  resolver.setServers([`127.0.0.1:${port}`]);
  const stop = async () => {
    if (unbound.exitCode === null) {
      const exited = new Promise((resolve) => unbound.once('exit', resolve));
      unbound.kill('SIGTERM');
      await exited;
    }
    await upstream.close();
    rmSync(folder, { recursive: true, force: true });
  };
  try {
    await waitFor(async () => {
      if (unbound.exitCode !== null) {
        throw new Error(`unbound exited with ${unbound.exitCode}: ${stderr}`);
      }
      return (await answerOf(resolver, UNBOUND_LOCAL_NAME)) === 'A 192.0.2.10';
    }, 'unbound to answer');
  } catch (error) {
    await stop();
    throw error;
  }
  return { resolver, stop };
}

/** Resolves `name` to `A <addresses>`, or to the error code, such as ENOTFOUND for NXDOMAIN. */
export async function answerOf(resolver: Resolver, name: string): Promise<string> {
  try {
    const addresses = await resolver.resolve4(name);
    return `A ${addresses.join(',')}`;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? 'unknown';
  }
}
