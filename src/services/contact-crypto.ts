import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import type { Config } from '../config.ts';
import { VigilError } from '../errors.ts';

/** The file in the data folder that holds the key when VIGIL_SECRET_KEY is unset. */
export const SECRET_KEY_FILE = 'secret.key';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

/**
 * Encrypts contact details with AES-256-GCM under a key derived from the
 * secret key, and returns `v1.<iv>.<tag>.<ciphertext>` in base64url. Each call
 * uses a fresh random IV, so the same contact encrypts differently each time.
 */
export function encryptContact(plain: string, key: Buffer): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', deriveKey(key, 'contact'), iv);
  const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, iv, tag, ciphertext]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join('.');
}

/**
 * Decrypts what `encryptContact` returned. Throws a VigilError when the box is
 * malformed, was changed, or was encrypted under another key.
 */
export function decryptContact(box: string, key: Buffer): string {
  const [version, iv, tag, ciphertext, ...rest] = box.split('.');
  if (version !== VERSION || iv === undefined || tag === undefined || ciphertext === undefined) {
    throw new VigilError(
      'INVALID_INPUT',
      'encrypted contact is malformed: expected v1.iv.tag.data',
    );
  }
  if (rest.length > 0) {
    throw new VigilError('INVALID_INPUT', 'encrypted contact is malformed: too many parts');
  }
  const ivBytes = Buffer.from(iv, 'base64url');
  const tagBytes = Buffer.from(tag, 'base64url');
  if (ivBytes.length !== IV_BYTES || tagBytes.length !== TAG_BYTES) {
    throw new VigilError('INVALID_INPUT', 'encrypted contact is malformed: bad IV or tag length');
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', deriveKey(key, 'contact'), ivBytes);
    decipher.setAuthTag(tagBytes);
    const plain = Buffer.concat([
      decipher.update(Buffer.from(ciphertext, 'base64url')),
      decipher.final(),
    ]);
    return plain.toString('utf8');
  } catch {
    throw new VigilError(
      'INVALID_INPUT',
      'encrypted contact failed to decrypt: it was changed or the secret key is not the one it was encrypted with',
    );
  }
}

/**
 * Returns a keyed hash (HMAC-SHA-256, hex) of `value` for `purpose`, such as
 * a client address for rate limits. Without the key, guesses of the address
 * cannot be tested against the stored hash.
 */
export function keyedHash(key: Buffer, purpose: string, value: string): string {
  return createHmac('sha256', deriveKey(key, `hash:${purpose}`))
    .update(value)
    .digest('hex');
}

/**
 * Returns the configured secret key, or the one in `secret.key` in the data
 * folder, creating that file with mode 0600 when it does not exist yet.
 */
export function loadSecretKey(config: Pick<Config, 'dataDir' | 'portal'>): Buffer {
  if (config.portal.secretKey !== undefined) {
    return config.portal.secretKey;
  }
  const cached = fileKeys.get(config.dataDir);
  if (cached !== undefined) {
    return cached;
  }
  const key = readOrCreateKeyFile(path.join(config.dataDir, SECRET_KEY_FILE));
  fileKeys.set(config.dataDir, key);
  return key;
}

const fileKeys = new Map<string, Buffer>();

function readOrCreateKeyFile(file: string): Buffer {
  try {
    return decodeKeyFile(file, readFileSync(file, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw error;
    }
  }
  mkdirSync(path.dirname(file), { recursive: true });
  const created = randomBytes(KEY_BYTES);
  try {
    // `wx` fails when another process created the file first; read theirs then.
    writeFileSync(file, `${created.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    return created;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw error;
    }
    return decodeKeyFile(file, readFileSync(file, 'utf8'));
  }
}

function decodeKeyFile(file: string, text: string): Buffer {
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== KEY_BYTES) {
    throw new VigilError(
      'INVALID_INPUT',
      `${file} does not hold a base64 key of 32 bytes; restore it from a backup, or set VIGIL_SECRET_KEY`,
    );
  }
  return key;
}

/** Derived keys by secret key, then by purpose; a process uses one or two secret keys. */
const derivedKeys = new WeakMap<Buffer, Map<string, Buffer>>();

/** Separate keys per purpose, so a hash never reveals anything about the cipher key. */
function deriveKey(key: Buffer, purpose: string): Buffer {
  if (key.length !== KEY_BYTES) {
    throw new VigilError('INVALID_INPUT', `secret key has ${key.length} bytes: expected 32`);
  }
  let byPurpose = derivedKeys.get(key);
  if (byPurpose === undefined) {
    byPurpose = new Map();
    derivedKeys.set(key, byPurpose);
  }
  let derived = byPurpose.get(purpose);
  if (derived === undefined) {
    derived = Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), `vigil:${purpose}`, KEY_BYTES));
    byPurpose.set(purpose, derived);
  }
  return derived;
}
