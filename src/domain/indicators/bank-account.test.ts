import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';

import { samplePath, SKIP_WITHOUT_SAMPLES } from '../../../test/support/sample-data.ts';
import { canonicalizeBankAccount, startsWithKnownBank } from './bank-account.ts';
import { IndicatorError } from './indicator.ts';
import { bankNameKey, findBankByBin, findBankByName, VIETNAMESE_BANKS } from './vn-banks.ts';

function account(raw: string): string {
  const result = canonicalizeBankAccount(raw);
  if (result instanceof IndicatorError) {
    assert.fail(`${JSON.stringify(raw)} was rejected: ${result.reason}`);
  }
  return result;
}

function rejection(raw: string): string {
  const result = canonicalizeBankAccount(raw);
  assert.ok(result instanceof IndicatorError, `${JSON.stringify(raw)} gave ${String(result)}`);
  assert.equal(result.kind, 'bank_account');
  return result.reason;
}

describe('canonicalizeBankAccount', () => {
  it('reads every written form', () => {
    for (const raw of [
      'VCB 0011001234567',
      'Vietcombank:0011001234567',
      'vietcombank - 0011.0012.34567',
      '970436:0011001234567',
      '970436 0011 0012 34567',
      '970436/0011-0012-34567',
      'bank:970436:0011001234567',
      'BANK:VCB:0011001234567',
    ]) {
      assert.equal(account(raw), '970436:0011001234567', raw);
    }
  });

  it('ignores case and diacritics', () => {
    assert.equal(account('VIETINBANK 123456789'), '970415:123456789');
    assert.equal(account('Viet Capital Bank 123456789'), '970454:123456789');
    assert.equal(account('Đông Á Bank 123456789'), '970406:123456789');
  });

  it('reads former names', () => {
    assert.equal(account('OceanBank 123456789'), '970414:123456789');
    assert.equal(account('LienVietPostBank 123456789'), '970449:123456789');
  });

  it('rejects unknown banks', () => {
    assert.equal(rejection('999999:0011001234567'), 'unknown bank "999999"');
    assert.equal(rejection('Fakebank 0011001234567'), 'unknown bank "Fakebank"');
    assert.equal(rejection('0011001234567'), 'missing bank before the account number');
  });

  it('rejects invalid account numbers', () => {
    assert.equal(rejection('VCB 12345'), 'account number must have 6 to 19 digits, not 5');
    assert.equal(
      rejection('VCB 12345678901234567890'),
      'account number must have 6 to 19 digits, not 20',
    );
    assert.equal(
      rejection('VCB 0011abc'),
      'account number may contain only digits, spaces, dots and hyphens',
    );
    assert.equal(rejection('970436:'), 'missing account number');
    assert.equal(rejection('1'.repeat(1024 * 1024)), 'longer than 128 characters');
  });
});

describe('startsWithKnownBank', () => {
  it('needs a bank and digits', () => {
    assert.equal(startsWithKnownBank('VCB 0011001234567'), true);
    assert.equal(startsWithKnownBank('970436:0011001234567'), true);
    assert.equal(startsWithKnownBank('mb247.com'), false);
    assert.equal(startsWithKnownBank('vietcombank2022.com'), false);
    assert.equal(startsWithKnownBank('0912 345 678'), false);
  });
});

describe('VIETNAMESE_BANKS', () => {
  it('has unique BINs and names', () => {
    const bins = VIETNAMESE_BANKS.map((bank) => bank.bin);
    assert.equal(new Set(bins).size, bins.length);
    const owners = new Map<string, string>();
    for (const bank of VIETNAMESE_BANKS) {
      for (const name of [bank.code, bank.shortName, ...bank.aliases]) {
        const owner = owners.get(bankNameKey(name));
        assert.ok(
          owner === undefined || owner === bank.bin,
          `${name} names ${owner} and ${bank.bin}`,
        );
        owners.set(bankNameKey(name), bank.bin);
      }
    }
  });

  it('has six-digit BINs', () => {
    for (const bank of VIETNAMESE_BANKS) {
      assert.match(bank.bin, /^\d{6}$/, bank.shortName);
    }
  });
});

interface PublishedBank {
  readonly bin: string;
  readonly code: string;
  readonly name: string;
}

describe('VIETNAMESE_BANKS against VietQR data', { skip: SKIP_WITHOUT_SAMPLES }, () => {
  const path = samplePath('vn/vn-banks.json');
  const published: readonly PublishedBank[] =
    path === undefined
      ? []
      : (JSON.parse(readFileSync(path, 'utf8')) as { banks: PublishedBank[] }).banks;

  it('reads the published list', () => {
    assert.ok(published.length >= 50, `only ${published.length} banks read`);
  });

  for (const { bin, code, name } of published) {
    it(`resolves ${name} ${bin}`, () => {
      const bank = findBankByBin(bin);
      assert.ok(bank !== undefined, `BIN ${bin} is missing`);
      assert.equal(bank.code, code);
      assert.equal(bank.shortName, name);
      assert.equal(findBankByName(code), bank);
      assert.equal(findBankByName(name), bank);
    });
  }
});
