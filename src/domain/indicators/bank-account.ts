import { IndicatorError } from './indicator.ts';
import { findBankByBin, findBankByName, type VietnameseBank } from './vn-banks.ts';

export const MIN_ACCOUNT_DIGITS = 6;
export const MAX_ACCOUNT_DIGITS = 19;
const MAX_BANK_ACCOUNT_INPUT_LENGTH = 128;

const BANK_PREFIX = /^bank:/i;
const BIN_FIRST = /^(\d{6})(?:\s*[:/]\s*|\s+)(.*)$/s;
const ACCOUNT_SEPARATORS = /[\s.-]/g;
const DIGITS = /^\d+$/;
const ACCOUNT_TEXT = /^[\d\s.-]+$/;

/**
 * Canonicalizes a Vietnamese bank account as `<BIN>:<digits>`, where BIN is the bank's 6-digit
 * NAPAS/VietQR bank identification number (`970436:0011001234567` for Vietcombank). The bank
 * comes first, as its BIN, VietQR code or name (see findBankByName), then `:`, `/` or a space,
 * then the account number, in which spaces, dots and hyphens are ignored. A `bank:` prefix is
 * removed. Accepted: `VCB 0011001234567`, `Vietcombank:0011001234567`,
 * `970436 0011 0012 34567`, `bank:970436:0011001234567`.
 *
 * Rejects an unknown bank, a BIN that is not in the table (the reason names it), and an account
 * number that is not 6 to 19 digits.
 */
export function canonicalizeBankAccount(raw: string): string | IndicatorError {
  const problem = (reason: string) => new IndicatorError(raw, reason, 'bank_account');
  if (raw.length > MAX_BANK_ACCOUNT_INPUT_LENGTH) {
    return problem(`longer than ${MAX_BANK_ACCOUNT_INPUT_LENGTH} characters`);
  }

  const text = raw.trim().replace(BANK_PREFIX, '').trim();
  const parts = splitBankAndAccount(text);
  if (parts === undefined) {
    return problem('missing bank before the account number');
  }
  const [bankText, accountText] = parts;
  const bank = resolveBank(bankText);
  if (bank === undefined) {
    return problem(`unknown bank "${bankText.slice(0, 40)}"`);
  }

  const digits = accountText.replace(ACCOUNT_SEPARATORS, '');
  if (digits === '') {
    return problem('missing account number');
  }
  if (!DIGITS.test(digits)) {
    return problem('account number may contain only digits, spaces, dots and hyphens');
  }
  if (digits.length < MIN_ACCOUNT_DIGITS || digits.length > MAX_ACCOUNT_DIGITS) {
    const range = `${MIN_ACCOUNT_DIGITS} to ${MAX_ACCOUNT_DIGITS}`;
    return problem(`account number must have ${range} digits, not ${digits.length}`);
  }
  return `${bank.bin}:${digits}`;
}

/**
 * Tests whether `text` is a bank of the table, as a BIN or a name, followed by digits and
 * separators only. parseIndicator uses it to detect the kind, so `mb247.com` is not an account.
 */
export function startsWithKnownBank(text: string): boolean {
  const parts = splitBankAndAccount(text.trim().replace(BANK_PREFIX, '').trim());
  if (parts === undefined || !ACCOUNT_TEXT.test(parts[1])) {
    return false;
  }
  return resolveBank(parts[0]) !== undefined;
}

/** Splits at the BIN, or else before the first digit: bank names in the table have none. */
function splitBankAndAccount(text: string): readonly [string, string] | undefined {
  const binFirst = BIN_FIRST.exec(text);
  if (binFirst !== null) {
    return [binFirst[1]!, binFirst[2]!];
  }

  const firstDigit = text.search(/\d/);
  if (firstDigit <= 0) {
    return undefined;
  }
  const bank = text.slice(0, firstDigit).replace(/[\s:/-]+$/, '');
  return bank === '' ? undefined : [bank, text.slice(firstDigit)];
}

function resolveBank(text: string): VietnameseBank | undefined {
  return /^\d{6}$/.test(text) ? findBankByBin(text) : findBankByName(text);
}
