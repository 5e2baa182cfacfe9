/**
 * Receipt codes: what a reporter (or an appellant) follows their submission by.
 *
 * A code is a prefix naming what it is for, ten random characters of
 * Crockford's base32 (50 bits, so codes cannot be guessed) and one check
 * character computed with the Luhn mod N algorithm over the same alphabet. The
 * check character catches every single mistyped character and most swaps of
 * two neighbours, and it stays in the alphabet, so the whole code can be read
 * out on the phone. Shown grouped, as in `VGL-7K3Q-M9XD-2TC`.
 */

/** Crockford's base32 alphabet: no I, L, O or U, which are easy to misread. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const BASE = ALPHABET.length;
const RANDOM_LENGTH = 10;
const CODE_LENGTH = RANDOM_LENGTH + 1;
const PREFIX_PATTERN = /^[A-Z]{2,5}$/;

/** The prefix of report receipts. */
export const REPORT_RECEIPT_PREFIX = 'VGL';

/** Why a typed code is not a receipt code. */
export type ReceiptCodeProblem = 'empty' | 'length' | 'character' | 'check';

export type ParsedReceiptCode =
  | { readonly ok: true; readonly code: string }
  | { readonly ok: false; readonly problem: ReceiptCodeProblem };

/** Fills `bytes` with random values; `crypto.getRandomValues` by default. */
export type RandomSource = (bytes: Uint8Array) => Uint8Array;

const defaultRandom: RandomSource = (bytes) => globalThis.crypto.getRandomValues(bytes);

/**
 * Returns a new code with `prefix` (two to five capital letters) in its
 * grouped display form. Throws on a prefix outside that pattern.
 */
export function generateReceiptCode(
  prefix: string = REPORT_RECEIPT_PREFIX,
  random: RandomSource = defaultRandom,
): string {
  assertPrefix(prefix);
  const symbols: number[] = [];
  // 256 is a multiple of 32, so taking the low five bits keeps every symbol
  // equally likely.
  for (const byte of random(new Uint8Array(RANDOM_LENGTH))) {
    symbols.push(byte % BASE);
  }
  symbols.push(checkSymbol(symbols));
  return formatSymbols(prefix, symbols);
}

/**
 * Reads a code as a person typed it: any case, with or without the prefix,
 * spaces and dashes anywhere, and I, L or O for 1, 1 or 0. Returns the code in
 * its display form, or the problem when it is not one of ours.
 */
export function parseReceiptCode(
  input: string,
  prefix: string = REPORT_RECEIPT_PREFIX,
): ParsedReceiptCode {
  assertPrefix(prefix);
  let compact = input
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s\-‐-―−_.]/g, '');
  if (compact === '') {
    return { ok: false, problem: 'empty' };
  }
  if (compact.length === prefix.length + CODE_LENGTH && compact.startsWith(prefix)) {
    compact = compact.slice(prefix.length);
  }
  if (compact.length !== CODE_LENGTH) {
    return { ok: false, problem: 'length' };
  }

  const symbols: number[] = [];
  for (const char of compact.replace(/[IL]/g, '1').replace(/O/g, '0')) {
    const value = ALPHABET.indexOf(char);
    if (value < 0) {
      return { ok: false, problem: 'character' };
    }
    symbols.push(value);
  }

  const data = symbols.slice(0, RANDOM_LENGTH);
  if (checkSymbol(data) !== symbols[RANDOM_LENGTH]) {
    return { ok: false, problem: 'check' };
  }
  return { ok: true, code: formatSymbols(prefix, symbols) };
}

/** Luhn mod N: double every second symbol from the right, fold, sum, negate. */
function checkSymbol(symbols: readonly number[]): number {
  let sum = 0;
  let double = true;
  for (let index = symbols.length - 1; index >= 0; index -= 1) {
    let addend = symbols[index]!;
    if (double) {
      addend *= 2;
      addend = Math.floor(addend / BASE) + (addend % BASE);
    }
    sum += addend;
    double = !double;
  }
  return (BASE - (sum % BASE)) % BASE;
}

function formatSymbols(prefix: string, symbols: readonly number[]): string {
  const text = symbols.map((value) => ALPHABET[value]).join('');
  return `${prefix}-${text.slice(0, 4)}-${text.slice(4, 8)}-${text.slice(8)}`;
}

function assertPrefix(prefix: string): void {
  if (!PREFIX_PATTERN.test(prefix)) {
    throw new Error(`receipt code prefix ${prefix} is invalid: use two to five capital letters`);
  }
}
