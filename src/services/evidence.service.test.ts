import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { deflateSync } from 'node:zlib';

import sharp from 'sharp';

import { isInputProblem } from '../domain/reports/input-problem.ts';
import { createTestDatabase, type TestDatabase } from '../../test/support/database.ts';
import { MAX_EVIDENCE_BYTES, prepareEvidence, storeEvidence } from './evidence.service.ts';

/** Makes a JPEG carrying EXIF with GPS coordinates, a camera make and an ICC profile. */
async function jpegWithGps(): Promise<Buffer> {
  return sharp({
    create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 30, b: 30 } },
  })
    .jpeg()
    .withIccProfile('p3')
    .withExif({
      IFD0: { Make: 'SecretPhone', Model: 'Model X', ImageDescription: 'home address' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '21/1 1/1 48/1',
        GPSLongitudeRef: 'E',
        GPSLongitude: '105/1 51/1 12/1',
      },
    })
    .toBuffer();
}

/** Builds a valid PNG header declaring `width`×`height`, with a few bytes of image data. */
function pngDeclaring(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.writeUInt8(8, 8);
  header.writeUInt8(0, 9);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.alloc(1024))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit += 1) {
      crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
    }
  }
  return (crc ^ 0xffffffff) >>> 0;
}

async function rejection(promise: Promise<unknown>): Promise<{ problem: string; field?: string }> {
  try {
    await promise;
  } catch (error) {
    assert.ok(isInputProblem(error), `expected an InputProblem, got ${String(error)}`);
    assert.equal(error.statusCode, 400);
    return { problem: error.problem, ...(error.field !== undefined && { field: error.field }) };
  }
  assert.fail('expected a rejection');
}

describe('storeEvidence', () => {
  let database: TestDatabase;
  let dataDir: string;

  before(async () => {
    database = await createTestDatabase();
    dataDir = mkdtempSync(path.join(tmpdir(), 'vigil-evidence-'));
  });

  after(async () => {
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('strips EXIF, GPS and ICC', async () => {
    const original = await jpegWithGps();
    const before = await sharp(original).metadata();
    assert.ok(before.exif, 'the fixture carries EXIF');
    assert.ok(before.icc, 'the fixture carries an ICC profile');

    const stored = await storeEvidence(
      database,
      { dataDir },
      {
        ownerType: 'report',
        ownerId: 7,
        bytes: original,
      },
    );

    const file = path.join(dataDir, 'evidence', stored.storageKey);
    const written = readFileSync(file);
    const after = await sharp(written).metadata();
    assert.equal(after.format, 'jpeg');
    assert.equal(after.exif, undefined);
    assert.equal(after.icc, undefined);
    assert.equal(after.xmp, undefined);
    assert.equal(written.includes(Buffer.from('SecretPhone')), false);
    assert.equal(written.includes(Buffer.from('home address')), false);
    assert.equal(statSync(file).mode & 0o777, 0o600);

    const row = await database.db
      .selectFrom('evidence')
      .selectAll()
      .where('id', '=', stored.id)
      .executeTakeFirstOrThrow();
    assert.equal(row.owner_type, 'report');
    assert.equal(Number(row.owner_id), 7);
    assert.equal(row.media_type, 'image/jpeg');
    assert.equal(row.width, 64);
    assert.equal(row.height, 48);
    assert.equal(row.bytes, written.length);
  });

  it('keeps PNG and WebP formats', async () => {
    const base = sharp({
      create: { width: 10, height: 10, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 1 } },
    });
    const png = await prepareEvidence(await base.clone().png().toBuffer(), 'screenshots');
    const webp = await prepareEvidence(await base.clone().webp().toBuffer(), 'screenshots');
    assert.equal(png.mediaType, 'image/png');
    assert.equal(webp.mediaType, 'image/webp');
  });

  it('rejects a renamed text file', async () => {
    const text = Buffer.from('<script>alert(1)</script> not really a picture.png');
    assert.deepEqual(await rejection(prepareEvidence(text, 'screenshots')), {
      problem: 'image_type',
      field: 'screenshots',
    });
  });

  it('rejects a GIF by content', async () => {
    const gif = await sharp({
      create: { width: 4, height: 4, channels: 3, background: { r: 1, g: 2, b: 3 } },
    })
      .gif()
      .toBuffer();
    assert.equal((await rejection(prepareEvidence(gif, 'screenshots'))).problem, 'image_type');
  });

  it('rejects an oversized file', async () => {
    const big = Buffer.alloc(MAX_EVIDENCE_BYTES + 1);
    (await jpegWithGps()).copy(big);
    assert.equal((await rejection(prepareEvidence(big, 'screenshots'))).problem, 'image_too_large');
  });

  it('rejects an empty file', async () => {
    assert.equal((await rejection(prepareEvidence(Buffer.alloc(0), 'x'))).problem, 'image_empty');
  });

  it('rejects a decompression bomb', async () => {
    const bomb = pngDeclaring(100_000, 100_000);
    assert.ok(bomb.length < 2000, `the bomb is ${bomb.length} bytes`);
    assert.equal(
      (await rejection(prepareEvidence(bomb, 'screenshots'))).problem,
      'image_dimensions',
    );
  });

  it('rejects a truncated image', async () => {
    const jpeg = await jpegWithGps();
    const cut = jpeg.subarray(0, Math.floor(jpeg.length / 2));
    assert.equal((await rejection(prepareEvidence(cut, 'screenshots'))).problem, 'image_corrupt');
  });

  it('writes nothing for a rejected file', async () => {
    const before = await database.db.selectFrom('evidence').select('id').execute();
    await rejection(
      storeEvidence(
        database,
        { dataDir },
        {
          ownerType: 'appeal',
          ownerId: 1,
          bytes: Buffer.from('plain text'),
        },
      ),
    );
    const after = await database.db.selectFrom('evidence').select('id').execute();
    assert.equal(after.length, before.length);
  });
});
