/**
 * Hashes a lookup key to a non-zero 53-bit integer, exactly representable in a
 * double. Two 32-bit multiply-xorshift lanes run over the UTF-16 code units.
 * This is not a cryptographic hash: the index keeps only hashes, so a match is
 * always confirmed against the stored value.
 */
export function hashKey(key: string): number {
  let high = 0x9e3779b9;
  let low = 0x85ebca6b ^ key.length;
  for (let i = 0; i < key.length; i++) {
    const unit = key.charCodeAt(i);
    high = Math.imul(high ^ unit, 0x9e3779b1);
    low = Math.imul(low ^ unit, 0x5bd1e995);
  }
  high = Math.imul(high ^ (high >>> 16), 0x85ebca6b) ^ Math.imul(low ^ (low >>> 13), 0xc2b2ae35);
  low = Math.imul(low ^ (low >>> 16), 0x85ebca6b) ^ Math.imul(high ^ (high >>> 13), 0xc2b2ae35);

  const hash = (high >>> 0) * 0x200000 + ((low >>> 0) & 0x1fffff);
  return hash === 0 ? 1 : hash;
}
