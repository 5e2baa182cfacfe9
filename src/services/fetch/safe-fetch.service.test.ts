import assert from 'node:assert/strict';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';

import {
  type LocalDnsServer,
  startLocalDnsServer,
} from '../../../test/support/local-dns-server.ts';
import { DnsService } from '../dns.service.ts';
import { FETCH_USER_AGENT, SafeFetchService } from './safe-fetch.service.ts';

let dns: LocalDnsServer;
let server: Server;
let port: number;
let fetcher: SafeFetchService;
const seenHeaders: Record<string, string | string[] | undefined>[] = [];

before(async () => {
  dns = await startLocalDnsServer({
    'private.example': { A: ['10.0.0.5'] },
    'loopback.example': { A: ['127.0.0.1'] },
    'metadata.example': { A: ['169.254.169.254'] },
    'cgnat.example': { A: ['100.64.1.1'] },
    'mixed.example': { A: ['93.184.216.34', '192.168.1.1'] },
    'mapped.example': { AAAA: ['::ffff:127.0.0.1'] },
    'v6loop.example': { AAAA: ['::1'] },
    'ula.example': { AAAA: ['fd00::1'] },
    'nat64.example': { AAAA: ['64:ff9b::a00:1'] },
    'empty.example': {},
    'alias.example': { CNAME: 'private.example' },
    'pages.example': { A: ['127.0.0.1'] },
  });
  server = createServer((request, response) => {
    seenHeaders.push(request.headers);
    const hops = /^\/hops\/(\d+)$/.exec(request.url ?? '');
    if (hops) {
      const left = Number(hops[1]);
      response.writeHead(302, { location: left > 0 ? `/hops/${left - 1}` : '/page' });
      response.end();
      return;
    }
    const redirects: Record<string, string> = {
      '/to-private': 'http://10.0.0.1/',
      '/to-loopback-name': 'http://loopback.example/',
      '/to-mapped': 'http://[::ffff:127.0.0.1]/',
      '/to-decimal': 'http://2130706433/',
      '/to-file': 'file:///etc/passwd',
      '/to-userinfo': 'http://user:secret@93.184.216.34/',
    };
    const target = redirects[request.url ?? ''];
    if (target !== undefined) {
      response.writeHead(301, { location: target });
      response.end();
      return;
    }
    if (request.url === '/big') {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.end('x'.repeat(50_000));
      return;
    }
    if (request.url === '/favicon.ico') {
      response.end('icon-bytes');
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(
      '<html><head><title>Đăng nhập &amp; xác minh</title></head><body>ok</body></html>',
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  fetcher = new SafeFetchService({
    dns: new DnsService({ servers: [dns.address], timeoutMs: 1000, tries: 1 }),
    allowedTargets: [`127.0.0.1:${port}`],
    maxBodyBytes: 10_000,
    timeoutMs: 5000,
  });
});

after(async () => {
  server.close();
  await dns.close();
});

/** URLs that must be refused, with a word the reason must contain. */
const SSRF_TRICKS: readonly (readonly [string, RegExp])[] = [
  ['http://127.0.0.1/', /loopback/],
  ['http://127.1/', /loopback/],
  ['http://127.0.1/', /loopback/],
  ['http://2130706433/', /loopback/],
  ['http://017700000001/', /loopback/],
  ['http://0177.0.0.1/', /loopback/],
  ['http://0x7f000001/', /loopback/],
  ['http://0x7f.0.0.1/', /loopback/],
  ['http://0x7f.1/', /loopback/],
  ['http://127.000.000.001/', /loopback|not a valid URL/],
  ['http://0.0.0.0/', /unspecified/],
  ['http://0/', /unspecified/],
  ['http://[::]/', /unspecified/],
  ['http://[::1]/', /loopback/],
  ['http://[0:0:0:0:0:0:0:1]/', /loopback/],
  ['http://[::ffff:127.0.0.1]/', /IPv4-mapped/],
  ['http://[::ffff:7f00:1]/', /IPv4-mapped/],
  ['http://[0:0:0:0:0:ffff:127.0.0.1]/', /IPv4-mapped/],
  ['http://[::FFFF:7F00:0001]/', /IPv4-mapped/],
  ['http://[0000:0000:0000:0000:0000:ffff:7f00:0001]/', /IPv4-mapped/],
  ['http://[::ffff:0:127.0.0.1]/', /IPv4-translated|non-global/],
  ['http://[::127.0.0.1]/', /non-global/],
  ['http://[64:ff9b::7f00:1]/', /NAT64/],
  ['http://[64:ff9b:1::a00:1]/', /NAT64/],
  ['http://[2002:7f00:1::]/', /6to4/],
  ['http://[fe80::1]/', /link-local/],
  ['http://[fd00::1]/', /unique local/],
  ['http://[ff02::1]/', /multicast/],
  ['http://[2001:db8::1]/', /documentation/],
  ['http://10.0.0.1/', /private/],
  ['http://172.16.0.1/', /private/],
  ['http://192.168.0.1/', /private/],
  ['http://169.254.169.254/latest/meta-data/', /link-local/],
  ['http://100.64.0.1/', /carrier-grade NAT/],
  ['http://224.0.0.1/', /multicast/],
  ['http://255.255.255.255/', /broadcast/],
  ['http://192.0.2.1/', /reserved or documentation/],
  ['http://198.51.100.7/', /reserved or documentation/],
  ['http://203.0.113.9/', /reserved or documentation/],
  ['http://240.0.0.1/', /reserved/],
  ['http://198.18.0.1/', /reserved/],
  ['http://localhost/', /local or single-label/],
  ['http://LOCALHOST./', /local or single-label/],
  ['http://app.localhost/', /local or single-label/],
  ['http://intranet/', /local or single-label/],
  ['http://metadata.google.internal/', /local or single-label/],
  ['http://private.example/', /private.example resolves to 10.0.0.5/],
  ['http://loopback.example/', /loopback/],
  ['http://metadata.example/', /link-local/],
  ['http://cgnat.example/', /carrier-grade NAT/],
  ['http://mixed.example/', /192.168.1.1 is a private/],
  ['http://mapped.example/', /IPv4-mapped/],
  ['http://v6loop.example/', /loopback/],
  ['http://ula.example/', /unique local/],
  ['http://nat64.example/', /NAT64/],
  ['http://user:pass@93.184.216.34/', /user info/],
  ['http://93.184.216.34@127.0.0.1/', /user info/],
  ['http://example.com:80@10.0.0.1/', /user info/],
  ['http://93.184.216.34:22/', /port 22 is not allowed/],
  ['http://93.184.216.34:6379/', /port 6379 is not allowed/],
  ['ftp://93.184.216.34/', /scheme ftp:/],
  ['file:///etc/passwd', /scheme file:/],
  ['gopher://93.184.216.34:70/', /scheme gopher:/],
  ['javascript:alert(1)', /scheme javascript:/],
  ['http://', /not a valid URL/],
  ['', /not a valid URL/],
];

describe('SafeFetchService.fetch', () => {
  test('SSRF table has at least 40 tricks', () => {
    assert.ok(SSRF_TRICKS.length >= 40);
  });

  for (const [url, reason] of SSRF_TRICKS) {
    test(`refuses ${url || '(empty)'}`, async () => {
      const record = await fetcher.fetch(url);
      assert.equal(record.outcome, 'refused', `${url}: ${record.reason}`);
      assert.match(record.reason ?? '', reason);
      assert.deepEqual(record.hops, []);
    });
  }

  const redirectTricks: readonly (readonly [string, RegExp])[] = [
    ['/to-private', /10.0.0.1 is a private/],
    ['/to-loopback-name', /loopback.example resolves to 127.0.0.1/],
    ['/to-mapped', /IPv4-mapped/],
    ['/to-decimal', /loopback/],
    ['/to-file', /scheme file:/],
    ['/to-userinfo', /user info/],
  ];
  for (const [path, reason] of redirectTricks) {
    test(`refuses redirect ${path}`, async () => {
      const record = await fetcher.fetch(`http://127.0.0.1:${port}${path}`);
      assert.equal(record.outcome, 'refused');
      assert.match(record.reason ?? '', reason);
      assert.equal(record.hops.length, 1);
      assert.equal(record.hops[0]!.status, 301);
    });
  }

  test('records page, chain and hashes', async () => {
    const record = await fetcher.fetch(`http://127.0.0.1:${port}/hops/2`);
    assert.equal(record.outcome, 'fetched');
    assert.equal(record.hops.length, 4);
    assert.deepEqual(
      record.hops.map((hop) => hop.status),
      [302, 302, 302, 200],
    );
    assert.equal(record.finalUrl, `http://127.0.0.1:${port}/page`);
    assert.equal(record.title, 'Đăng nhập & xác minh');
    assert.match(record.sha256 ?? '', /^[0-9a-f]{64}$/);
    assert.match(record.faviconSha256 ?? '', /^[0-9a-f]{64}$/);
    assert.equal(record.truncated, false);
  });

  test('stops after five redirects', async () => {
    const record = await fetcher.fetch(`http://127.0.0.1:${port}/hops/9`);
    assert.equal(record.outcome, 'refused');
    assert.match(record.reason ?? '', /more than 5 redirects/);
    assert.equal(record.hops.length, 6);
  });

  test('caps the body', async () => {
    const record = await fetcher.fetch(`http://127.0.0.1:${port}/big`);
    assert.equal(record.outcome, 'fetched');
    assert.equal(record.bytes, 10_000);
    assert.equal(record.truncated, true);
  });

  test('connects to the checked address for a name', async () => {
    const record = await fetcher.fetch(`http://pages.example:${port}/page`);
    assert.equal(record.outcome, 'fetched');
    assert.equal(record.hops[0]!.address, '127.0.0.1');
  });

  test('sends the fixed user agent only', async () => {
    seenHeaders.length = 0;
    await fetcher.fetch(`http://127.0.0.1:${port}/page`);
    const headers = seenHeaders[0]!;
    assert.equal(headers['user-agent'], FETCH_USER_AGENT);
    assert.equal(headers.cookie, undefined);
    assert.equal(headers.authorization, undefined);
  });

  test('fails a name without addresses', async () => {
    const record = await fetcher.fetch('http://empty.example/');
    assert.equal(record.outcome, 'failed');
    assert.match(record.reason ?? '', /no A or AAAA records/);
  });
});
