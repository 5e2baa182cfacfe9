import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { startLocalDnsServer } from '../../test/support/local-dns-server.ts';
import { SKIP_WITHOUT_SAMPLES, samplePath } from '../../test/support/sample-data.ts';
import { DnsService } from './dns.service.ts';
import { RdapService, refreshBootstrap } from './rdap.service.ts';

const skip = SKIP_WITHOUT_SAMPLES;
let server: Server;
let folder: string;
let rdap: RdapService;

before(async () => {
  if (skip) {
    return;
  }
  const domainAnswer = readFileSync(samplePath('formats/rdap/rdap.nic.cz_domain-example.cz.json')!);
  server = createServer((request, response) => {
    if (request.url === '/domain/example.cz') {
      response.writeHead(200, { 'content-type': 'application/rdap+json' });
      response.end(domainAnswer);
      return;
    }
    response.writeHead(404);
    response.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

  folder = mkdtempSync(join(tmpdir(), 'vigil-rdap-'));
  const sample = JSON.parse(
    readFileSync(samplePath('formats/rdap/iana-bootstrap-dns.json')!, 'utf8'),
  ) as {
    services: [string[], string[]][];
  };
  // Point every registry in the sample at the local server.
  sample.services = sample.services.map(([tlds]) => [tlds, [base]]);
  const local = join(folder, 'local-dns.json');
  writeFileSync(local, JSON.stringify(sample));
  await refreshBootstrap(local, join(folder, 'rdap'));
  await refreshBootstrap(
    samplePath('formats/rdap/iana-bootstrap-ipv4.json')!,
    join(folder, 'rdap'),
  );
  rdap = new RdapService({ bootstrapDir: join(folder, 'rdap'), timeoutMs: 2000 });
});

after(() => {
  server?.close();
  if (folder) {
    rmSync(folder, { recursive: true, force: true });
  }
});

describe('RdapService', { skip }, () => {
  test('summarizes a domain answer', async () => {
    const summary = await rdap.lookupDomain('example.cz');
    assert.equal(summary.creationDate, '2004-08-30T22:55:00+00:00');
    assert.equal(summary.registrar, 'REG-INTERNET-CZ');
    assert.deepEqual(summary.status, ['active']);
    assert.deepEqual(summary.nameservers, ['ns2.pipni.cz', 'ns3.pipni.cz', 'ns.pipni.cz']);
  });

  test('unknown TLD is not found', async () => {
    await assert.rejects(rdap.lookupDomain('example.zz'), { code: 'NOT_FOUND' });
  });

  test('missing answer is not found', async () => {
    await assert.rejects(rdap.lookupDomain('missing.cz'), /responded with status 404/);
  });

  test('rejects a file that is not bootstrap', async () => {
    const bad = join(folder, 'bad.json');
    writeFileSync(bad, '{"services": 3}');
    await assert.rejects(refreshBootstrap(bad, join(folder, 'rdap')), { code: 'FORMAT_MISMATCH' });
  });
});

describe('DnsService', () => {
  test('reads every record type', async () => {
    const dns = await startLocalDnsServer({
      'shop.example.vn': {
        A: ['203.0.113.7'],
        AAAA: ['2001:db8::7'],
        NS: ['ns1.host.example'],
        MX: [{ exchange: 'mx.host.example', priority: 10 }],
      },
      'www.shop.example.vn': { CNAME: 'shop.example.vn' },
    });
    try {
      const service = new DnsService({ servers: [dns.address], timeoutMs: 1000, tries: 1 });
      const records = await service.resolveAll('shop.example.vn');
      assert.deepEqual(records.a, ['203.0.113.7']);
      assert.deepEqual(records.aaaa, ['2001:db8::7']);
      assert.deepEqual(records.ns, ['ns1.host.example']);
      assert.deepEqual(records.mx, [{ exchange: 'mx.host.example', priority: 10 }]);
      assert.deepEqual((await service.resolveAll('www.shop.example.vn')).cname, [
        'shop.example.vn',
      ]);
      assert.deepEqual((await service.resolveAll('missing.example')).a, []);
    } finally {
      await dns.close();
    }
  });
});
