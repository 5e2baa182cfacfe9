import { createHash } from 'node:crypto';

/** The namespace of every name-based UUID that Vigil derives (a random UUID, fixed forever). */
export const VIGIL_UUID_NAMESPACE = '3f1c7f0e-5d53-4c2b-9a8e-6a3f4f0b7d21';

/**
 * Derives a version 5 (SHA-1, name-based) UUID from `name` in `namespace`, as
 * RFC 9562 section 5.5 specifies, so that the same listing keeps the same STIX
 * or MISP id in every export.
 */
export function nameUuid(name: string, namespace: string = VIGIL_UUID_NAMESPACE): string {
  const namespaceBytes = Buffer.from(namespace.replaceAll('-', ''), 'hex');
  const hash = createHash('sha1').update(namespaceBytes).update(name, 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
