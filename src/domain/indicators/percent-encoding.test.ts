import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { percentDecodeFully, percentEscape } from './percent-encoding.ts';

/** Decodes whole passes until nothing changes, as the spec words it. */
function decodeByPasses(bytes: string): string {
  let current = bytes;
  for (;;) {
    const next = current.replace(/%([0-9a-f]{2})/gi, (_, hex: string) =>
      String.fromCharCode(parseInt(hex, 16)),
    );
    if (next === current) {
      return current;
    }
    current = next;
  }
}

describe('percentDecodeFully', () => {
  it('decodes until stable', () => {
    assert.equal(percentDecodeFully('%25%32%35'), '%');
    assert.equal(percentDecodeFully('%%%25%32%35asd%%'), '%%%asd%%');
    assert.equal(percentDecodeFully('%4%41'), 'J');
    assert.equal(percentDecodeFully('%zz%4'), '%zz%4');
  });

  it('matches repeated whole passes', () => {
    const alphabet = '%%%2545aAfFgz';
    let seed = 7;
    for (let round = 0; round < 5000; round++) {
      let input = '';
      for (let index = 0; index < 12; index++) {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        input += alphabet[seed % alphabet.length];
      }
      assert.equal(percentDecodeFully(input), decodeByPasses(input), JSON.stringify(input));
    }
  });

  it('keeps decoded bytes as bytes', () => {
    assert.equal(percentDecodeFully('%C3%BC%00%ff'), '\xc3\xbc\x00\xff');
  });
});

describe('percentEscape', () => {
  it('escapes the Safe Browsing set', () => {
    assert.equal(percentEscape('a b#c%d\x7f\xc3\xbc\x01'), 'a%20b%23c%25d%7F%C3%BC%01');
  });

  it('keeps other ASCII', () => {
    const printable = '!"$&\'()*+,-./09:;<=>?@AZ[\\]^_`az{|}~';
    assert.equal(percentEscape(printable), printable);
  });
});
