import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { Resolver } from 'node:dns/promises';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { runExport } from '../../src/services/export.service.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { listValues } from '../support/factories.ts';
import { type LocalDnsServer, startLocalDnsServer } from '../support/local-dns-server.ts';
import { testConfig, waitFor } from './seed.ts';

const UNBOUND = '/usr/sbin/unbound';
const ZONE = 'rpz.vigil.invalid';

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
 * on 127.0.0.1, so no query leaves the machine. Unbound answers its own local
 * data before applying RPZ, so the test names live upstream instead.
 */
function unboundConfig(folder: string, port: number, upstream: string, zoneFile: string): string {
  return `server:
  interface: 127.0.0.1
  port: ${port}
  do-ip6: no
  do-tcp: yes
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
  local-data: "safe.vigil.test. 300 IN A 192.0.2.10"
remote-control:
  control-enable: no
forward-zone:
  name: "."
  forward-addr: ${upstream.replace(':', '@')}
rpz:
  name: "${ZONE}."
  zonefile: "${zoneFile}"
`;
}

async function rcode(resolver: Resolver, name: string): Promise<string> {
  try {
    const addresses = await resolver.resolve4(name);
    return `A ${addresses.join(',')}`;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? 'unknown';
  }
}

describe(
  'RPZ zone in Unbound',
  { skip: !existsSync(UNBOUND) && `${UNBOUND} is not installed` },
  () => {
    let database: TestDatabase;
    let folder: string;
    let unbound: ChildProcess;
    let resolver: Resolver;
    let stderr = '';
    let upstream: LocalDnsServer;

    before(async () => {
      database = await createTestDatabase();
      folder = mkdtempSync(join(tmpdir(), 'vigil-unbound-'));
      const now = new Date().toISOString();
      await listValues(
        database,
        ['evil-bank.vn', 'http://phish-host.com.vn/', 'http://shared-host.vn/page'],
        { now },
      );
      await listValues(database, ['rumour-site.vn'], { now, category: 'false_information' });
      await listValues(database, ['secret-case.vn'], { now, tlp: 'TLP:RED' });
      await listValues(database, ['amber-only.vn'], { now, tlp: 'TLP:AMBER' });

      const result = await runExport(database, testConfig(), {
        format: 'rpz',
        reader: { clearance: 'TLP:CLEAR' },
      });
      const zoneFile = join(folder, 'vigil.rpz');
      writeFileSync(zoneFile, [...result.files.values()][0]!.body);

      // Every name has an address upstream, listed or not: only the policy can make it NXDOMAIN.
      const names = [
        'evil-bank.vn',
        'login.evil-bank.vn',
        'a.b.evil-bank.vn',
        'phish-host.com.vn',
        'www.phish-host.com.vn',
        'shared-host.vn',
        'rumour-site.vn',
        'secret-case.vn',
        'amber-only.vn',
      ];
      upstream = await startLocalDnsServer(
        Object.fromEntries(names.map((name, index) => [name, { A: [`192.0.2.${20 + index}`] }])),
      );
      const port = await freePort();
      const configFile = join(folder, 'unbound.conf');
      writeFileSync(configFile, unboundConfig(folder, port, upstream.address, zoneFile));
      unbound = spawn(UNBOUND, ['-d', '-c', configFile], { stdio: ['ignore', 'ignore', 'pipe'] });
      unbound.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));

      resolver = new Resolver({ timeout: 1000, tries: 1 });
      resolver.setServers([`127.0.0.1:${port}`]);
      await waitFor(async () => {
        assert.equal(unbound.exitCode, null, `unbound exited: ${stderr}`);
        return (await rcode(resolver, 'safe.vigil.test')) === 'A 192.0.2.10';
      }, 'unbound to answer');
    });

    after(async () => {
      unbound?.kill('SIGTERM');
      await new Promise((resolve) =>
        unbound?.exitCode === null ? unbound.once('exit', resolve) : resolve(null),
      );
      await upstream?.close();
      rmSync(folder, { recursive: true, force: true });
      await database.close();
    });

    it('blocks a listed domain', async () => {
      assert.equal(await rcode(resolver, 'evil-bank.vn'), 'ENOTFOUND');
    });

    it('blocks subdomains of a listed domain', async () => {
      assert.equal(await rcode(resolver, 'login.evil-bank.vn'), 'ENOTFOUND');
      assert.equal(await rcode(resolver, 'a.b.evil-bank.vn'), 'ENOTFOUND');
    });

    it('blocks the host of a root URL', async () => {
      assert.equal(await rcode(resolver, 'phish-host.com.vn'), 'ENOTFOUND');
      assert.equal(await rcode(resolver, 'www.phish-host.com.vn'), 'A 192.0.2.24');
    });

    it('leaves unlisted names alone', async () => {
      assert.equal(await rcode(resolver, 'safe.vigil.test'), 'A 192.0.2.10');
      assert.equal(await rcode(resolver, 'shared-host.vn'), 'A 192.0.2.25');
    });

    it('leaves out labels, red and amber', async () => {
      assert.equal(await rcode(resolver, 'rumour-site.vn'), 'A 192.0.2.26');
      assert.equal(await rcode(resolver, 'secret-case.vn'), 'A 192.0.2.27');
      assert.equal(await rcode(resolver, 'amber-only.vn'), 'A 192.0.2.28');
    });
  },
);
