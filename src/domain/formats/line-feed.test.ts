import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { chunked, parseAll, streamOf } from './feed-test.support.ts';
import { LineSplitter } from './line-feed.ts';
import { MAX_LINE_LENGTH } from './feed-item.ts';

function split(pieces: string[]): [string, number, boolean][] {
  const lines: [string, number, boolean][] = [];
  const splitter = new LineSplitter((text, line, tooLong) => lines.push([text, line, tooLong]));
  for (const piece of pieces) {
    splitter.push(piece);
  }
  splitter.end();
  return lines;
}

describe('LineSplitter', () => {
  test('joins lines across pieces', () => {
    assert.deepEqual(split(['a.c', 'om\nb', '.com\n']), [
      ['a.com', 1, false],
      ['b.com', 2, false],
    ]);
  });

  test('drops CR before LF', () => {
    assert.deepEqual(split(['a\r\nb\r', '\nc']), [
      ['a', 1, false],
      ['b', 2, false],
      ['c', 3, false],
    ]);
  });

  test('counts blank lines', () => {
    assert.deepEqual(split(['\n\nx\n']), [
      ['', 1, false],
      ['', 2, false],
      ['x', 3, false],
    ]);
  });

  test('emits last line without break', () => {
    assert.deepEqual(split(['x']), [['x', 1, false]]);
  });

  test('emits nothing for empty input', () => {
    assert.deepEqual(split(['']), []);
  });

  test('flags a line over the limit', () => {
    const long = 'a'.repeat(MAX_LINE_LENGTH + 10);
    const lines = split([long.slice(0, 1000), long.slice(1000), '\nnext\n']);
    assert.equal(lines.length, 2);
    assert.equal(lines[0]?.[1], 1);
    assert.equal(lines[0]?.[2], true);
    assert.ok((lines[0]?.[0].length ?? 0) <= MAX_LINE_LENGTH + 1);
    assert.deepEqual(lines[1], ['next', 2, false]);
  });

  test('keeps a line at the limit', () => {
    const exact = 'b'.repeat(MAX_LINE_LENGTH);
    assert.deepEqual(split([`${exact}\r\n`]), [[exact, 1, false]]);
  });
});

describe('parseLineFeed input handling', () => {
  test('BOM is removed', async () => {
    const { entries } = await parseAll('plain', '\uFEFFa.com\nb.com\n');
    assert.deepEqual(
      entries.map((entry) => entry.value),
      ['a.com', 'b.com'],
    );
  });

  test('BOM in bytes is removed', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('a.com\n')]);
    const { entries } = await parseAll('plain', chunked(bytes, 1));
    assert.equal(entries[0]?.value, 'a.com');
  });

  test('UTF-8 split across chunks', async () => {
    const bytes = Buffer.from('cốccốc.vn\nmomovíđiệntửsố1.weebly.com\n');
    const { entries, errors, skipped } = await parseAll('plain', chunked(bytes, 1));
    assert.deepEqual(errors, []);
    assert.deepEqual(skipped, []);
    assert.deepEqual(
      entries.map((entry) => entry.value),
      ['cốccốc.vn', 'momovíđiệntửsố1.weebly.com'],
    );
  });

  test('5 MB line becomes one error', async () => {
    function* input() {
      yield 'first.com\n';
      for (let index = 0; index < 80; index++) {
        yield 'x'.repeat(65_536);
      }
      yield '\nlast.com';
    }
    const { entries, errors, skipped } = await parseAll('plain', streamOf(input()));
    assert.deepEqual(skipped, []);
    assert.deepEqual(
      entries.map((entry) => [entry.line, entry.value]),
      [
        [1, 'first.com'],
        [3, 'last.com'],
      ],
    );
    assert.equal(errors.length, 1);
    assert.equal(errors[0]?.line, 2);
    assert.equal(errors[0]?.text.length, 200);
    assert.equal(errors[0]?.reason, `line is longer than ${MAX_LINE_LENGTH} characters`);
  });

  test('one huge chunk gives many batches', async () => {
    const text = Array.from({ length: 50_000 }, (_, index) => `host${index}.example`).join('\n');
    const { entries, batches } = await parseAll('plain', streamOf([text]));
    assert.equal(entries.length, 50_000);
    assert.ok(batches >= 25, `expected at least 25 batches, got ${batches}`);
    assert.equal(entries[49_999]?.line, 50_000);
  });

  test('binary garbage gives only errors', async () => {
    // A fixed pseudo-random sequence, so that the test reads the same bytes every run.
    const bytes = Buffer.alloc(20_000);
    let seed = 12_345;
    for (let index = 0; index < bytes.length; index++) {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      bytes[index] = seed >> 16;
    }
    for (const format of ['plain', 'hosts', 'adblock', 'rpz'] as const) {
      const { entries, errors, skipped } = await parseAll(format, chunked(bytes, 4096));
      assert.deepEqual(entries, [], `${format} gave entries from binary input`);
      assert.deepEqual(skipped, [], `${format} skipped records in binary input`);
      assert.ok(errors.length > 0, `${format} reported no error for binary input`);
    }
  });
});
