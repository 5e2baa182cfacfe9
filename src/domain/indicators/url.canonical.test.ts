import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { describe, it } from 'node:test';

import { samplePath, SKIP_WITHOUT_SAMPLES } from '../../../test/support/sample-data.ts';
import { IndicatorError } from './indicator.ts';
import { parseIpv4Host } from './ip.ts';
import {
  canonicalizeUrl,
  canonicalizeUrlBytes,
  MAX_URL_LENGTH,
  splitCanonicalUrl,
} from './url.canonical.ts';

/** Reads a TSV file of the sample data as rows of fields, without the header, or [] if absent. */
function readTsv(relative: string): string[][] {
  const path = samplePath(relative);
  if (path === undefined) {
    return [];
  }
  const lines = readFileSync(path, 'utf8').split('\n').slice(1);
  return lines.filter((line) => line !== '').map((line) => line.split('\t'));
}

/** Decodes the TSV escapes: `\t`, `\r`, `\n`, `\\`, and `\xHH` for one raw byte. */
function unescapeField(field: string): Buffer {
  const bytes: number[] = [];
  const escapes: Record<string, number> = { t: 0x09, r: 0x0d, n: 0x0a, '\\': 0x5c };
  for (let index = 0; index < field.length; index++) {
    const next = field[index + 1] ?? '';
    if (field[index] === '\\' && next === 'x') {
      bytes.push(parseInt(field.slice(index + 2, index + 4), 16));
      index += 3;
    } else if (field[index] === '\\' && next in escapes) {
      bytes.push(escapes[next]!);
      index += 1;
    } else {
      bytes.push(...Buffer.from(field[index]!, 'utf8'));
    }
  }
  return Buffer.from(bytes);
}

function canonical(raw: string): string {
  const result = canonicalizeUrl(raw);
  if (result instanceof IndicatorError) {
    assert.fail(`${JSON.stringify(raw)} was rejected: ${result.reason}`);
  }
  return result;
}

function rejection(raw: string): string {
  const result = canonicalizeUrl(raw);
  assert.ok(result instanceof IndicatorError, `${JSON.stringify(raw)} gave ${String(result)}`);
  assert.equal(result.kind, 'url');
  return result.reason;
}

function uppercaseEscapes(url: string): string {
  return url.replace(/%[0-9a-f]{2}/gi, (escape) => escape.toUpperCase());
}

const VECTORS = readTsv('canonicalization/canonicalization_vectors.tsv');

describe('canonicalizeUrl vectors', { skip: SKIP_WITHOUT_SAMPLES }, () => {
  it('reads the vector file', () => {
    assert.ok(VECTORS.length >= 40, `only ${VECTORS.length} vectors read`);
  });

  for (const [id = '', group = '', input = '', expected = '', agrees = ''] of VECTORS) {
    it(`vector ${id}`, () => {
      const bytes = unescapeField(input);
      const result = canonicalizeUrlBytes(bytes);
      const actual = result instanceof IndicatorError ? '' : result;
      const context = `${group} ${JSON.stringify(input)}`;

      if (agrees === 'no') {
        // Google's Go library drops the query; the spec keeps it, and so does Vigil.
        assert.notEqual(actual, expected, context);
        assert.equal(actual.slice(0, actual.indexOf('?')), expected, context);
      } else if (agrees === 'n/a') {
        // Clients differ in the case of hex escapes, and the spec requires uppercase.
        assert.equal(actual, uppercaseEscapes(expected), context);
      } else {
        assert.equal(actual, expected, context);
      }

      if (isUtf8(bytes)) {
        const text = canonicalizeUrl(bytes.toString('utf8'));
        assert.equal(text instanceof IndicatorError ? '' : text, actual, `as text: ${context}`);
      }
    });
  }
});

describe('canonicalizeUrl spec examples', () => {
  // Cases of the Safe Browsing "URLs and Hashing" pages that the vector file does not hold.
  const cases: readonly (readonly [string, string])[] = [
    ['http://host/%2525252525252525', 'http://host/%25'],
    [
      'http://%31%36%38%2e%31%38%38%2e%39%39%2e%32%36/%2E%73%65%63%75%72%65/%77%77%77%2E%65%62%61%79%2E%63%6F%6D/',
      'http://168.188.99.26/.secure/www.ebay.com/',
    ],
    ['http://www.google.com/blah/..', 'http://www.google.com/'],
    ['http://www.GOOgle.com/', 'http://www.google.com/'],
    ['http://www.google.com/q?r?', 'http://www.google.com/q?r?'],
    ['http://evil.com/foo?bar;', 'http://evil.com/foo?bar;'],
    ['  http://www.google.com/  ', 'http://www.google.com/'],
    ['https://www.securesite.com/', 'https://www.securesite.com/'],
    ['http://[2001:0db8:0000::1]/', 'http://[2001:db8::1]/'],
    ['http://[::ffff:1.2.3.4]/', 'http://1.2.3.4/'],
    ['http://[64:ff9b::1.2.3.4]/', 'http://1.2.3.4/'],
  ];
  for (const [input, expected] of cases) {
    it(`canonicalizes ${input.trim().slice(0, 40)}`, () => {
      assert.equal(canonical(input), expected);
    });
  }
});

const COMPONENTS = readTsv('canonicalization/canonical_components.tsv').filter(
  ([name]) => name !== 'sha256_hex',
);

describe('canonicalizeUrl components', { skip: SKIP_WITHOUT_SAMPLES }, () => {
  it('reads the components file', () => {
    assert.ok(COMPONENTS.length >= 30, `only ${COMPONENTS.length} rows read`);
  });

  for (const [name = '', input = '', expected = ''] of COMPONENTS) {
    it(`${name} of ${input.slice(0, 40)}`, () => {
      if (name === 'parse_ipv4_host') {
        assert.equal(parseIpv4Host(input) ?? '', expected);
        return;
      }
      const result = canonicalizeUrl(input);
      if (expected === '') {
        assert.ok(result instanceof IndicatorError, `accepted as ${String(result)}`);
        return;
      }
      assert.ok(!(result instanceof IndicatorError), result instanceof Error ? result.reason : '');
      const parts = splitCanonicalUrl(result);
      assert.equal(name === 'canonical_host' ? parts.host : parts.path, expected);
    });
  }
});

describe('canonicalizeUrl hosts', () => {
  it('drops user info', () => {
    assert.equal(canonical('http://user:pass@host.com/'), 'http://host.com/');
    assert.equal(canonical('http://a@b@evil.com/x'), 'http://evil.com/x');
    assert.equal(canonical('http://bank.com@evil.com/'), 'http://evil.com/');
  });

  it('rejects an escaped at sign', () => {
    assert.equal(
      rejection('http://evil.com%40bank.com/'),
      'host contains "@", ":", "\\", "[" or "]"',
    );
  });

  it('reads a backslash as a slash', () => {
    assert.equal(canonical('http://evil.com\\@bank.com/'), 'http://evil.com/@bank.com/');
    assert.equal(canonical('http:\\\\host.com\\a\\b?c\\d'), 'http://host.com/a/b?c\\d');
  });

  it('rejects user info when escaped', () => {
    const reason = 'host contains "@", ":", "\\", "[" or "]"';
    assert.equal(rejection('http%3A%2F%2Fevil.com%40bank.com/'), reason);
  });

  it('ends the host at an escaped slash', () => {
    assert.equal(canonical('http://evil.com%2Fbank.com/x'), 'http://evil.com/bank.com/x');
  });

  it('drops valid ports', () => {
    assert.equal(canonical('www.gotaport.com:1234/'), 'http://www.gotaport.com/');
    assert.equal(canonical('localhost:8080'), 'http://localhost/');
    assert.equal(canonical('http://host.com:/'), 'http://host.com/');
    assert.equal(canonical('http://[::1]:8080/x'), 'http://[::1]/x');
  });

  it('rejects invalid ports', () => {
    assert.equal(rejection('http://host.com:65536/'), 'invalid port');
    assert.equal(rejection('example.com:abc/'), 'invalid port');
    assert.equal(rejection('http://[::1]x/'), 'invalid port');
  });

  it('reads IP literal hosts', () => {
    assert.equal(canonical('http://0x7f.1/'), 'http://127.0.0.1/');
    assert.equal(canonical('http://[FE80:0:0:0:0:0:0:1]/'), 'http://[fe80::1]/');
    assert.equal(canonical('http://[::192.9.5.5]/'), 'http://[::192.9.5.5]/');
  });

  it('rejects invalid IPv6 literals', () => {
    assert.equal(rejection('http://[::1/'), 'invalid IPv6 literal');
    assert.equal(rejection('http://[1:2:3:4:5:6:7:8:9]/'), 'invalid IPv6 address');
    assert.equal(rejection('http://[fe80::1%25eth0]/'), 'IPv6 zone identifiers are not allowed');
  });

  it('converts IDN hosts to punycode', () => {
    assert.equal(canonical('http://vietcombánk.vn/'), 'http://xn--vietcombnk-z4a.vn/');
    assert.equal(canonical('http://WWW.ÜMLAT.COM/'), 'http://www.xn--mlat-zra.com/');
    assert.equal(canonical('http://%C3%BCmlat.com/'), 'http://xn--mlat-zra.com/');
    assert.equal(canonical('http://www.cốccốc.vn/'), 'http://www.xn--cccc-0x5ac.vn/');
  });

  it('reads ideographic full stops', () => {
    assert.equal(canonical('http://ab\u3002cd\uff0ecom/'), 'http://ab.cd.com/');
  });

  it('maps invisible characters as browsers', () => {
    assert.equal(canonical('http://exa\u200bmple.com/'), 'http://example.com/');
    assert.equal(canonical('http://exa\u00admple.com/'), 'http://example.com/');
  });

  it('rejects joiners and direction marks', () => {
    const reason = 'invalid internationalized domain name';
    assert.equal(rejection('http://vietcom\u200dbank.vn/'), reason);
    assert.equal(rejection('http://example.com\u200f/'), reason);
    assert.equal(rejection('http://\u202egoogle.com/'), reason);
  });

  it('keeps bytes that are not UTF-8', () => {
    assert.equal(
      canonicalizeUrlBytes(Buffer.from('http://\xff\xfe.com/', 'latin1')),
      'http://%FF%FE.com/',
    );
  });

  it('rejects missing and oversized hosts', () => {
    assert.equal(rejection('http://.../'), 'missing host');
    assert.equal(
      rejection(`http://${'a'.repeat(64)}.com/`),
      'host label is longer than 63 characters',
    );
    const long = `${'a'.repeat(60)}.`.repeat(5);
    assert.equal(rejection(`http://${long}com/`), 'host is longer than 253 characters');
  });
});

describe('canonicalizeUrl schemes', () => {
  it('accepts web schemes only', () => {
    assert.equal(canonical('FTP://Files.example.com/a b'), 'ftp://files.example.com/a%20b');
    assert.equal(canonical('wss://example.com/socket'), 'wss://example.com/socket');
    assert.equal(rejection('javascript:alert(1)'), 'unsupported scheme "javascript"');
    assert.equal(rejection('javascript://%0aalert(1)'), 'unsupported scheme "javascript"');
    assert.equal(rejection('file:///etc/passwd'), 'unsupported scheme "file"');
    assert.equal(
      rejection('data:text/html,<script>alert(1)</script>'),
      'unsupported scheme "data"',
    );
  });

  it('requires slashes after the scheme', () => {
    assert.equal(rejection('http:example.com'), 'missing "//" after "http:"');
  });

  it('decodes an escaped scheme', () => {
    assert.equal(canonical('HTTP%3A%2F%2FEXAMPLE.COM/'), 'http://example.com/');
    assert.equal(canonical('http:%2F%2Fexample.com/'), 'http://example.com/');
  });

  it('reads protocol-relative URLs', () => {
    assert.equal(canonical('//example.com/a'), 'http://example.com/a');
  });
});

describe('canonicalizeUrl hostile input', () => {
  it('rejects empty and blank input', () => {
    assert.equal(rejection(''), 'empty URL');
    assert.equal(rejection(' \t\r\n '), 'empty URL');
  });

  it('rejects a megabyte at once', () => {
    const huge = `http://example.com/${'a'.repeat(1024 * 1024)}`;
    assert.equal(rejection(huge), `longer than ${MAX_URL_LENGTH} characters`);
    const bytes = canonicalizeUrlBytes(Buffer.alloc(1024 * 1024, 0x61));
    assert.ok(bytes instanceof IndicatorError);
    assert.equal(bytes.reason, `longer than ${MAX_URL_LENGTH} bytes`);
    assert.ok(bytes.message.length < 300, 'error message is not truncated');
  });

  it('decodes deep escape nesting', () => {
    const nested = `http://host/%${'25'.repeat(4000)}`;
    assert.equal(canonical(nested), 'http://host/%25');
  });

  it('escapes script as bytes only', () => {
    const result = canonical('http://x.com/<script>alert("1")</script>\u0000');
    assert.equal(result, 'http://x.com/<script>alert("1")</script>');
    assert.equal(canonical('http://x.com/a\u0000b'), 'http://x.com/a%00b');
  });

  it('trims a byte order mark', () => {
    assert.equal(canonical('\ufeffhttp://bom.com/'), 'http://bom.com/');
  });

  it('encodes Unicode paths as UTF-8', () => {
    assert.equal(
      canonical('http://a.com/đường dẫn'),
      'http://a.com/%C4%91%C6%B0%E1%BB%9Dng%20d%E1%BA%ABn',
    );
    assert.equal(canonical('http://a.com/\ud800'), 'http://a.com/%EF%BF%BD');
  });

  it('returns ASCII output', () => {
    const result = canonical('http://ÜMLAT.com/ü?ü=ü#ü');
    assert.equal(result, 'http://xn--mlat-zra.com/%C3%BC?%C3%BC=%C3%BC');
    assert.match(result, /^[\x21-\x7e]+$/);
  });
});

describe('canonicalizeUrl stability', () => {
  it('matches its documented example', () => {
    assert.equal(
      canonical('HTTP://www.Example.com.:80/a/../b?q#top'),
      'http://www.example.com/b?q',
    );
  });

  it('maps canonical URLs to themselves', () => {
    const alphabet = [
      'a',
      'B',
      '.',
      '/',
      '\\',
      '?',
      '#',
      '%',
      '2',
      '5',
      'F',
      'e',
      ':',
      '@',
      ' ',
      'ü',
      '[',
      ']',
      '8',
    ];
    let seed = 11;
    let accepted = 0;
    for (let round = 0; round < 20000; round++) {
      let input = 'http://';
      for (let index = 0; index < 16; index++) {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        input += alphabet[seed % alphabet.length];
      }
      const first = canonicalizeUrl(input);
      if (first instanceof IndicatorError) {
        continue;
      }
      accepted++;
      assert.equal(canonicalizeUrl(first), first, JSON.stringify(input));
    }
    assert.ok(accepted > 1000, `only ${accepted} random URLs accepted`);
  });

  it('reads an escaped backslash as a slash', () => {
    assert.equal(canonical('http://a.com/x%5Cy?z%5C'), 'http://a.com/x/y?z\\');
  });
});

describe('splitCanonicalUrl', () => {
  it('splits all parts', () => {
    assert.deepEqual(splitCanonicalUrl('https://a.b/c/d?e=f?g'), {
      scheme: 'https',
      host: 'a.b',
      path: '/c/d',
      query: 'e=f?g',
    });
  });

  it('keeps an empty query', () => {
    assert.equal(splitCanonicalUrl('http://a.b/?').query, '');
    assert.equal(splitCanonicalUrl('http://[::1]/').host, '[::1]');
  });
});

const CHONGLUADAO = samplePath('lists/chongluadao/urls.txt');

describe('canonicalizeUrl on ChongLuaDao', { skip: SKIP_WITHOUT_SAMPLES }, () => {
  it('canonicalizes 99% of lines', () => {
    const lines = readFileSync(CHONGLUADAO!, 'utf8')
      .split('\n')
      .filter((line) => line !== '');
    const rejects: string[] = [];
    for (const line of lines) {
      const result = canonicalizeUrl(line);
      if (result instanceof IndicatorError) {
        rejects.push(`${line}: ${result.reason}`);
      }
    }

    assert.ok(lines.length > 20000, `only ${lines.length} lines read`);
    assert.ok(rejects.length <= lines.length * 0.01, `rejected:\n${rejects.join('\n')}`);
  });
});
