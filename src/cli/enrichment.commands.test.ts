import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, describe, test } from 'node:test';

import { createTestDatabase, type TestDatabase } from '../../test/support/database.ts';
import { type LocalDnsServer, startLocalDnsServer } from '../../test/support/local-dns-server.ts';
import { SKIP_WITHOUT_SAMPLES, samplePath } from '../../test/support/sample-data.ts';
import { type Config, loadConfig } from '../config.ts';
import type { IndicatorEnrichmentView } from '../services/indicator-enrichment.service.ts';
import type { CliIo } from './cli-io.ts';
import { formatEnrichment } from './enrichment-text.ts';
import { runEnrichCommand } from './enrichment.commands.ts';

const skip = SKIP_WITHOUT_SAMPLES;
let database: TestDatabase;
let dnsServer: LocalDnsServer;
let rdapServer: Server;
let folder: string;
let config: Config;
/** RDAP paths the local server was asked for. */
const rdapRequests: string[] = [];

function captureIo(): CliIo & { out(): string; err(): string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return { stdin: new PassThrough(), stdout, stderr, out: () => out, err: () => err };
}

before(async () => {
  database = await createTestDatabase();
  if (skip) {
    return;
  }
  dnsServer = await startLocalDnsServer({
    'example.cz': {
      A: ['203.0.113.80'],
      AAAA: ['2001:db8::80'],
      NS: ['ns.pipni.cz', 'ns2.pipni.cz'],
      MX: [{ exchange: 'mail.example.cz', priority: 10 }],
    },
    'login.example.cz': { A: ['203.0.113.81'] },
  });
  const answer = readFileSync(samplePath('formats/rdap/rdap.nic.cz_domain-example.cz.json')!);
  rdapServer = createServer((request, response) => {
    rdapRequests.push(request.url ?? '');
    if (request.url === '/domain/example.cz') {
      response.writeHead(200, { 'content-type': 'application/rdap+json' });
      response.end(answer);
      return;
    }
    response.writeHead(404);
    response.end();
  });
  await new Promise<void>((resolve) => rdapServer.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(rdapServer.address() as AddressInfo).port}/`;

  folder = mkdtempSync(join(tmpdir(), 'vigil-enrich-'));
  mkdirSync(join(folder, 'rdap'));
  writeFileSync(
    join(folder, 'rdap', 'dns.json'),
    JSON.stringify({ version: '1.0', services: [[['cz'], [base]]] }),
  );
  config = loadConfig({
    DATABASE_URL: database.url,
    VIGIL_DATA_DIR: folder,
    VIGIL_DNS_SERVERS: dnsServer.address,
    VIGIL_DNS_TIMEOUT_MS: '1000',
    VIGIL_OUTBOUND: 'on',
  });
});

after(async () => {
  rdapServer?.close();
  await dnsServer?.close();
  if (folder) {
    rmSync(folder, { recursive: true, force: true });
  }
  await database.close();
});

describe('vigil enrich', { skip }, () => {
  test('prints DNS and RDAP data', async () => {
    const io = captureIo();
    const code = await runEnrichCommand('example.cz', io, { config });
    const out = io.out();

    assert.equal(code, 0, io.err());
    assert.match(out, /^domain example\.cz \(indicator \d+\)$/m);
    assert.match(out, /^ {2}A: {16}203\.0\.113\.80$/m);
    assert.match(out, /^ {2}AAAA: {13}2001:db8::80$/m);
    assert.match(out, /^ {2}NS: {15}ns\.pipni\.cz, ns2\.pipni\.cz$/m);
    assert.match(out, /^ {2}MX: {15}10 mail\.example\.cz$/m);
    assert.match(out, /^ {2}registrar: {8}REG-INTERNET-CZ$/m);
    assert.match(out, /^ {2}created: {10}2004-08-30T22:55:00\+00:00$/m);
    assert.match(out, /^ {2}status: {11}active$/m);
    assert.match(out, /^ {2}name servers: {5}ns2\.pipni\.cz, ns3\.pipni\.cz, ns\.pipni\.cz$/m);
    assert.match(out, new RegExp(`^ {2}server: {11}http://127\\.0\\.0\\.1:\\d+$`, 'm'));
    assert.ok(rdapRequests.includes('/domain/example.cz'));
    assert.ok(dnsServer.queries.includes('example.cz'));
  });

  test('subdomain asks RDAP for its domain', async () => {
    const io = captureIo();
    const code = await runEnrichCommand('login.example.cz', io, { config });
    assert.equal(code, 0, io.err());
    assert.match(io.out(), /^ {2}A: {16}203\.0\.113\.81$/m);
    assert.match(io.out(), /^ {2}registrar: {8}REG-INTERNET-CZ$/m);
    assert.match(io.out(), /^ {2}NS: {15}ns\.pipni\.cz, ns2\.pipni\.cz$/m);
  });

  test('json prints the stored view', async () => {
    const io = captureIo();
    const code = await runEnrichCommand('example.cz', io, { config, json: true });
    assert.equal(code, 0, io.err());
    const view = JSON.parse(io.out()) as IndicatorEnrichmentView;
    assert.equal(view.rdap?.registrar, 'REG-INTERNET-CZ');
    assert.deepEqual(view.dns?.a, ['203.0.113.80']);
  });

  test('unknown domain fails its steps', async () => {
    const io = captureIo();
    const code = await runEnrichCommand('missing.cz', io, { config });
    assert.equal(code, 0, io.err());
    assert.match(io.out(), /^ {2}A: {16}-$/m);
    assert.match(
      io.out(),
      /^ {2}result: {11}failed at .* \(RDAP server .* status 404 for missing\.cz\)$/m,
    );
  });

  test('invalid value exits non-zero', async () => {
    const io = captureIo();
    const code = await runEnrichCommand('not a value at all', io, { config });
    assert.notEqual(code, 0);
    assert.equal(io.out(), '');
    assert.match(io.err(), /\S/);
  });

  test('outbound off says skipped', async () => {
    const io = captureIo();
    const queries = dnsServer.queries.length;
    const code = await runEnrichCommand('offline.cz', io, {
      config: { ...config, enrichment: { ...config.enrichment, outbound: false } },
    });
    assert.equal(code, 0, io.err());
    assert.match(io.out(), /result: {11}skipped at .*VIGIL_OUTBOUND=off/);
    assert.equal(dnsServer.queries.length, queries);
  });
});

describe('formatEnrichment', () => {
  test('control characters are replaced', () => {
    const view: IndicatorEnrichmentView = {
      indicator: {
        id: 1,
        kind: 'domain',
        value: 'x.example',
        host: 'x.example',
        registrableDomain: 'x.example',
      },
      fetch: null,
      dns: null,
      rdap: {
        status: 'ok',
        checkedAt: '2026-01-01T00:00:00.000Z',
        error: null,
        server: null,
        registrar: 'Evil\u001b[2J\u001b]0;owned\u0007 Registrar\u202e',
        creationDate: null,
        expirationDate: null,
        registrationStatus: ['active\r\nforged line'],
        abuseEmail: null,
        nameservers: [],
        networkName: null,
        startAddress: null,
        endAddress: null,
        asn: null,
      },
      lookalike: null,
      liveness: null,
    };
    const text = formatEnrichment(view);
    assert.doesNotMatch(text, /\u001b|\u0007|\r|\u202e/);
    assert.match(text, /^ {2}registrar: {8}Evil\?\[2J\?\]0;owned\? Registrar\?$/m);
    assert.match(text, /^ {2}status: {11}active\?\?forged line$/m);
  });
});
