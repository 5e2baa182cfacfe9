import { Buffer } from 'node:buffer';

const PERCENT = 0x25;
const HEX_DIGITS = '0123456789ABCDEF';
const NEEDS_ESCAPE = /[\x00-\x20\x7f-\xff#%]/;

// Reused output buffer for percentDecodeFully. The function is synchronous and does not call out,
// so one buffer per process is safe. It grows to the longest input seen.
let scratch = Buffer.allocUnsafe(4096);

/**
 * Percent-decodes a byte string repeatedly until no `%XX` escape remains, in one pass.
 *
 * Decoding can only create a new escape at the end of the output written so far (a decoded `%`
 * or hex digit joining the bytes before it), so the loop re-checks the last three output bytes
 * after each write. Because escapes never overlap, the result is the same as decoding whole
 * passes until nothing changes. It takes time linear in the input, so `%252525…` cannot make it
 * quadratic.
 * A `%` not followed by two hex digits stays a literal `%`.
 */
export function percentDecodeFully(bytes: string): string {
  if (bytes.indexOf('%') === -1) {
    return bytes;
  }
  if (scratch.length < bytes.length) {
    scratch = Buffer.allocUnsafe(Math.max(bytes.length, scratch.length * 2));
  }

  let length = 0;
  for (let index = 0; index < bytes.length; index++) {
    scratch[length++] = bytes.charCodeAt(index);
    while (length >= 3 && scratch[length - 3] === PERCENT) {
      const high = hexValue(scratch[length - 2]!);
      const low = hexValue(scratch[length - 1]!);
      if (high < 0 || low < 0) {
        break;
      }
      scratch[length - 3] = high * 16 + low;
      length -= 2;
    }
  }
  return scratch.toString('latin1', 0, length);
}

/**
 * Percent-escapes the bytes that Safe Browsing canonicalization escapes: bytes up to 0x20,
 * 0x7f and above, `#` and `%`, as `%XX` with uppercase hex digits.
 */
export function percentEscape(bytes: string): string {
  if (!NEEDS_ESCAPE.test(bytes)) {
    return bytes;
  }

  let escaped = '';
  let start = 0;
  for (let index = 0; index < bytes.length; index++) {
    const code = bytes.charCodeAt(index);
    if (code <= 0x20 || code >= 0x7f || code === 0x23 || code === PERCENT) {
      escaped += bytes.slice(start, index) + escapeByte(code);
      start = index + 1;
    }
  }
  return escaped + bytes.slice(start);
}

function escapeByte(code: number): string {
  return `%${HEX_DIGITS.charAt(code >> 4)}${HEX_DIGITS.charAt(code & 0x0f)}`;
}

function hexValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) {
    return code - 0x30;
  }
  const lower = code | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x57 : -1;
}
