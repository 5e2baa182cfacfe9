import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';

import { loadConfig } from '../config.ts';
import {
  SECRET_KEY_FILE,
  decryptContact,
  encryptContact,
  keyedHash,
  loadSecretKey,
} from './contact-crypto.ts';

describe('encryptContact', () => {
  const key = randomBytes(32);

  it('round-trips odd Unicode', () => {
    const contact = 'Nguyễn Văn A, 0901 234 567, a@example.vn 🙂\u0000';
    assert.equal(decryptContact(encryptContact(contact, key), key), contact);
  });

  it('differs on each call', () => {
    assert.notEqual(encryptContact('same', key), encryptContact('same', key));
  });

  it('hides the plain text', () => {
    assert.equal(encryptContact('0901234567', key).includes('0901234567'), false);
  });

  it('rejects another key', () => {
    const box = encryptContact('secret', key);
    assert.throws(() => decryptContact(box, randomBytes(32)), /failed to decrypt/);
  });

  it('rejects a changed box', () => {
    const box = encryptContact('secret contact', key);
    const parts = box.split('.');
    const data = Buffer.from(parts[3]!, 'base64url');
    data[0] = data[0]! ^ 1;
    parts[3] = data.toString('base64url');
    assert.throws(() => decryptContact(parts.join('.'), key), /failed to decrypt/);
  });

  it('rejects malformed boxes', () => {
    for (const box of ['', 'v1', 'v2.a.b.c', 'v1.a.b.c.d', 'v1.AAAA.AAAA.AAAA']) {
      assert.throws(() => decryptContact(box, key), /malformed/, box);
    }
  });

  it('rejects a short key', () => {
    assert.throws(() => encryptContact('x', randomBytes(16)), /expected 32/);
  });
});

describe('keyedHash', () => {
  it('depends on key and purpose', () => {
    const key = randomBytes(32);
    const hash = keyedHash(key, 'client-address', '203.0.113.7');
    assert.match(hash, /^[0-9a-f]{64}$/);
    assert.equal(hash, keyedHash(key, 'client-address', '203.0.113.7'));
    assert.notEqual(hash, keyedHash(randomBytes(32), 'client-address', '203.0.113.7'));
    assert.notEqual(hash, keyedHash(key, 'other', '203.0.113.7'));
  });
});

describe('loadSecretKey', () => {
  it('prefers VIGIL_SECRET_KEY', () => {
    const value = randomBytes(32);
    const config = loadConfig({ VIGIL_SECRET_KEY: value.toString('base64') });
    assert.deepEqual(loadSecretKey(config), value);
  });

  it('rejects a malformed VIGIL_SECRET_KEY', () => {
    assert.throws(
      () => loadConfig({ VIGIL_SECRET_KEY: 'c2hvcnQ=' }),
      /VIGIL_SECRET_KEY is invalid/,
    );
  });

  it('creates a private key file once', () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'vigil-key-'));
    try {
      const config = { ...loadConfig({}), dataDir: path.join(dataDir, 'nested') };
      const key = loadSecretKey(config);
      const file = path.join(config.dataDir, SECRET_KEY_FILE);
      assert.equal(key.length, 32);
      assert.equal(statSync(file).mode & 0o777, 0o600);
      assert.deepEqual(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64'), key);
      assert.deepEqual(loadSecretKey(config), key);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('rejects a damaged key file', () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'vigil-key-'));
    try {
      writeFileSync(path.join(dataDir, SECRET_KEY_FILE), 'not a key');
      assert.throws(
        () => loadSecretKey({ ...loadConfig({}), dataDir }),
        /does not hold a base64 key/,
      );
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
