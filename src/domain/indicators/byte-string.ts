import { Buffer, isUtf8 } from 'node:buffer';

// A byte string is a JS string in which every code unit (0 to 255) stands for one byte, as
// `Buffer#toString('latin1')` returns it. URL canonicalization works on bytes, because percent
// decoding can produce any byte sequence, valid UTF-8 or not.

const NON_ASCII = /[^\x00-\x7f]/;
const UPPERCASE_ASCII = /[A-Z]/;

/** Tests whether `text` has a code unit above 0x7f. */
export function hasNonAscii(text: string): boolean {
  return NON_ASCII.test(text);
}

/**
 * Encodes Unicode text as a UTF-8 byte string, and returns ASCII text unchanged. An unpaired
 * surrogate becomes U+FFFD, as in the WHATWG URL parser's conversion to a USVString.
 */
export function utf8ByteString(text: string): string {
  return NON_ASCII.test(text) ? Buffer.from(text, 'utf8').toString('latin1') : text;
}

/** Returns the bytes of `bytes` as a byte string. */
export function byteStringFrom(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

/** Decodes a byte string as UTF-8, or returns undefined when it is not valid UTF-8. */
export function decodeUtf8(bytes: string): string | undefined {
  const buffer = Buffer.from(bytes, 'latin1');
  return isUtf8(buffer) ? buffer.toString('utf8') : undefined;
}

/** Lowercases ASCII letters only, so that bytes above 0x7f in a byte string stay as they are. */
export function lowercaseAscii(bytes: string): string {
  if (!UPPERCASE_ASCII.test(bytes)) {
    return bytes;
  }
  return NON_ASCII.test(bytes) ? bytes.replace(/[A-Z]+/g, toLowerCase) : bytes.toLowerCase();
}

function toLowerCase(letters: string): string {
  return letters.toLowerCase();
}
