import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { generateReceiptCode, parseReceiptCode } from './receipt-code.ts';

const fixedRandom = (bytes: Uint8Array) => bytes.map((_value, index) => index * 7);

describe('generateReceiptCode', () => {
  it('groups prefix, data and check', () => {
    const code = generateReceiptCode();
    assert.match(code, /^VGL-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{3}$/);
  });

  it('is deterministic for a fixed source', () => {
    assert.equal(generateReceiptCode('VGL', fixedRandom), generateReceiptCode('VGL', fixedRandom));
  });

  it('takes another prefix', () => {
    assert.match(generateReceiptCode('APL'), /^APL-/);
  });

  it('rejects a bad prefix', () => {
    assert.throws(() => generateReceiptCode('vg1'), /prefix vg1 is invalid/);
  });

  it('rarely repeats', () => {
    const codes = new Set(Array.from({ length: 5000 }, () => generateReceiptCode()));
    assert.equal(codes.size, 5000);
  });
});

describe('parseReceiptCode', () => {
  const code = generateReceiptCode('VGL', fixedRandom);
  const compact = code.replaceAll('-', '');

  it('accepts its own output', () => {
    assert.deepEqual(parseReceiptCode(code), { ok: true, code });
  });

  it('forgives case, spaces and dashes', () => {
    const typed = ` ${compact.toLowerCase().slice(0, 6)} – ${compact.toLowerCase().slice(6)} `;
    assert.deepEqual(parseReceiptCode(typed), { ok: true, code });
  });

  it('accepts the code without prefix', () => {
    assert.deepEqual(parseReceiptCode(code.slice(4)), { ok: true, code });
  });

  it('reads I, L and O as digits', () => {
    const zeros = generateReceiptCode('VGL', (bytes) => bytes.fill(0));
    const ones = generateReceiptCode('VGL', (bytes) => bytes.fill(1));
    assert.match(zeros, /^VGL-0000-0000-00/);
    assert.deepEqual(parseReceiptCode(zeros.replace(/^VGL-/, '').replace(/0/g, 'o')), {
      ok: true,
      code: zeros,
    });
    assert.deepEqual(parseReceiptCode(ones.replace(/^VGL-/, '').replace(/1/g, 'I')), {
      ok: true,
      code: ones,
    });
    assert.deepEqual(parseReceiptCode(ones.replace(/^VGL-/, '').replace(/1/g, 'l')), {
      ok: true,
      code: ones,
    });
  });

  it('rejects every single changed symbol', () => {
    const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
    const data = compact.slice(3);
    for (let index = 0; index < data.length; index += 1) {
      for (const symbol of alphabet) {
        if (symbol === data[index]) {
          continue;
        }
        const changed = data.slice(0, index) + symbol + data.slice(index + 1);
        assert.deepEqual(parseReceiptCode(changed), { ok: false, problem: 'check' }, changed);
      }
    }
  });

  it('rejects swapped neighbours mostly', () => {
    const data = compact.slice(3);
    let caught = 0;
    let swaps = 0;
    for (let index = 0; index + 1 < data.length; index += 1) {
      if (data[index] === data[index + 1]) {
        continue;
      }
      swaps += 1;
      const swapped = data.slice(0, index) + data[index + 1] + data[index] + data.slice(index + 2);
      if (!parseReceiptCode(swapped).ok) {
        caught += 1;
      }
    }
    assert.ok(caught >= swaps - 1, `${caught} of ${swaps} swaps caught`);
  });

  it('names the problem', () => {
    assert.deepEqual(parseReceiptCode('  - '), { ok: false, problem: 'empty' });
    assert.deepEqual(parseReceiptCode('VGL-123'), { ok: false, problem: 'length' });
    assert.deepEqual(parseReceiptCode('VGL-UUUU-UUUU-UUU'), { ok: false, problem: 'character' });
    assert.deepEqual(parseReceiptCode('<script>alert(1)'), { ok: false, problem: 'length' });
    assert.deepEqual(parseReceiptCode('x'.repeat(100_000)), { ok: false, problem: 'length' });
  });

  it('keeps prefixes apart', () => {
    const appeal = generateReceiptCode('APL', fixedRandom);
    assert.deepEqual(parseReceiptCode(appeal, 'APL'), { ok: true, code: appeal });
    assert.equal(parseReceiptCode(appeal, 'VGL').ok, false);
  });
});
