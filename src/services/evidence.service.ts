import { createHash, randomBytes } from 'node:crypto';
import { access, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { fileTypeFromBuffer } from 'file-type';
import type { Kysely } from 'kysely';
import sharp, { type Metadata, type OutputInfo, type Sharp } from 'sharp';

import type { Config } from '../config.ts';
import { InputProblem } from '../domain/reports/input-problem.ts';
import type { Database } from '../store/database.ts';
import type { Schema } from '../store/schema.ts';

/** The largest upload accepted, in bytes (5 MiB). */
export const MAX_EVIDENCE_BYTES = 5 * 1024 * 1024;

/**
 * The largest image accepted, in pixels. A screenshot of a tall phone screen
 * has about 3 million. The limit stops a small file that declares huge
 * dimensions from taking the server's memory when it is decoded.
 */
export const MAX_EVIDENCE_PIXELS = 40_000_000;

const FORMATS = {
  'image/png': { ext: 'png', format: 'png' },
  'image/jpeg': { ext: 'jpg', format: 'jpeg' },
  'image/webp': { ext: 'webp', format: 'webp' },
} as const;

type EvidenceMediaType = keyof typeof FORMATS;

/** An image checked and re-encoded without metadata, not yet stored. */
export interface PreparedEvidence {
  readonly bytes: Buffer;
  readonly mediaType: EvidenceMediaType;
  readonly width: number;
  readonly height: number;
  readonly sha256: string;
}

export interface StoreEvidenceOptions {
  readonly ownerType: 'report' | 'appeal';
  readonly ownerId: number;
  readonly bytes: Uint8Array;
  /** The form field the file came from, named in error messages. */
  readonly field?: string;
}

export interface StoredEvidence {
  readonly id: number;
  readonly storageKey: string;
  readonly mediaType: string;
  readonly bytes: number;
  readonly width: number;
  readonly height: number;
}

/**
 * Checks an uploaded image and stores it for `ownerType` `ownerId`: the type
 * read from the content (PNG, JPEG or WebP), at most 5 MiB and 40 million
 * pixels, re-encoded so that no EXIF, GPS, XMP or ICC data survives. Throws an
 * InputProblem (400) naming `field` for anything else, before writing.
 */
export async function storeEvidence(
  database: Database,
  config: Pick<Config, 'dataDir'>,
  options: StoreEvidenceOptions,
): Promise<StoredEvidence> {
  const prepared = await prepareEvidence(options.bytes, options.field ?? 'evidence');
  const storageKey = await saveEvidenceFile(config, prepared);
  const id = await insertEvidenceRow(database.db, {
    ownerType: options.ownerType,
    ownerId: options.ownerId,
    storageKey,
    prepared,
    now: new Date().toISOString(),
  });
  return {
    id,
    storageKey,
    mediaType: prepared.mediaType,
    bytes: prepared.bytes.length,
    width: prepared.width,
    height: prepared.height,
  };
}

/**
 * Checks and re-encodes an upload without storing it, so a service can check
 * every file of a submission before it writes anything.
 */
export async function prepareEvidence(bytes: Uint8Array, field: string): Promise<PreparedEvidence> {
  if (bytes.length === 0) {
    throw new InputProblem(field, 'image_empty', `${field}: the file is empty`);
  }
  if (bytes.length > MAX_EVIDENCE_BYTES) {
    throw new InputProblem(
      field,
      'image_too_large',
      `${field}: the file has ${bytes.length} bytes; the limit is 5 MB`,
      { megabytes: 5 },
    );
  }

  const detected = await fileTypeFromBuffer(bytes);
  if (detected === undefined || !(detected.mime in FORMATS)) {
    const found = detected === undefined ? 'not an image' : detected.mime;
    throw new InputProblem(
      field,
      'image_type',
      `${field}: the file is ${found}; send a PNG, JPEG or WebP screenshot`,
    );
  }
  const mediaType = detected.mime as EvidenceMediaType;

  const input = sharp(bytes, { limitInputPixels: MAX_EVIDENCE_PIXELS, failOn: 'error' });
  const metadata = await readMetadata(input, field);
  const declared = (metadata.width ?? 0) * (metadata.height ?? 0);
  if (declared > MAX_EVIDENCE_PIXELS) {
    throw new InputProblem(
      field,
      'image_dimensions',
      `${field}: the image is ${metadata.width}×${metadata.height} pixels; the limit is 40 million pixels`,
    );
  }

  const encoded = await reencode(input, mediaType, field);
  return {
    bytes: encoded.data,
    mediaType,
    width: encoded.info.width,
    height: encoded.info.height,
    sha256: createHash('sha256').update(encoded.data).digest('hex'),
  };
}

/**
 * Writes a prepared image under `<dataDir>/evidence`, named by its SHA-256, and
 * returns its storage key. Writing the same image twice keeps one file.
 */
export async function saveEvidenceFile(
  config: Pick<Config, 'dataDir'>,
  prepared: PreparedEvidence,
): Promise<string> {
  const storageKey = evidenceStorageKey(prepared);
  const file = path.join(evidenceFolder(config), storageKey);
  await mkdir(path.dirname(file), { recursive: true });
  // Written to a temporary name first, so a reader never sees half a file.
  const temporary = `${file}.${randomBytes(8).toString('hex')}.tmp`;
  await writeFile(temporary, prepared.bytes, { mode: 0o600 });
  await rename(temporary, file);
  return storageKey;
}

export interface EvidenceRowInput {
  readonly ownerType: 'report' | 'appeal';
  readonly ownerId: number;
  readonly storageKey: string;
  readonly prepared: PreparedEvidence;
  readonly now: string;
}

/** Inserts one evidence row through `db`, which may be a transaction. */
export async function insertEvidenceRow(
  db: Kysely<Schema>,
  input: EvidenceRowInput,
): Promise<number> {
  const row = await db
    .insertInto('evidence')
    .values({
      owner_type: input.ownerType,
      owner_id: input.ownerId,
      storage_key: input.storageKey,
      media_type: input.prepared.mediaType,
      bytes: input.prepared.bytes.length,
      sha256: input.prepared.sha256,
      width: input.prepared.width,
      height: input.prepared.height,
      created_at: input.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/** Returns the storage key a prepared image gets, without writing it. */
export function evidenceStorageKey(prepared: PreparedEvidence): string {
  return path.posix.join(
    prepared.sha256.slice(0, 2),
    `${prepared.sha256}.${FORMATS[prepared.mediaType].ext}`,
  );
}

/** Returns true when the file for `storageKey` exists in the evidence folder. */
export async function evidenceFileExists(
  config: Pick<Config, 'dataDir'>,
  storageKey: string,
): Promise<boolean> {
  try {
    await access(path.join(evidenceFolder(config), storageKey));
    return true;
  } catch {
    return false;
  }
}

/**
 * Deletes the files of `storageKeys` that no evidence row names, after the
 * transaction that was to name them rolled back. Pass only keys whose files
 * the failed submission created, because another submission may be about to
 * name a file that existed before.
 */
export async function discardUnreferencedEvidence(
  database: Database,
  config: Pick<Config, 'dataDir'>,
  storageKeys: readonly string[],
): Promise<void> {
  if (storageKeys.length === 0) {
    return;
  }
  const referenced = await database.db
    .selectFrom('evidence')
    .select('storage_key')
    .where('storage_key', 'in', [...storageKeys])
    .execute();
  const keep = new Set(referenced.map((row) => row.storage_key));
  for (const key of new Set(storageKeys)) {
    if (!keep.has(key)) {
      await rm(path.join(evidenceFolder(config), key), { force: true });
    }
  }
}

export function evidenceFolder(config: Pick<Config, 'dataDir'>): string {
  return path.join(config.dataDir, 'evidence');
}

async function readMetadata(input: Sharp, field: string): Promise<Metadata> {
  try {
    return await input.metadata();
  } catch (error) {
    throw unreadableImage(error, field);
  }
}

function unreadableImage(error: unknown, field: string): InputProblem {
  if (error instanceof Error && /pixel limit/i.test(error.message)) {
    return new InputProblem(
      field,
      'image_dimensions',
      `${field}: the image has more than 40 million pixels`,
    );
  }
  return new InputProblem(
    field,
    'image_corrupt',
    `${field}: the image could not be read; it may be damaged, so take the screenshot again`,
  );
}

async function reencode(
  input: Sharp,
  mediaType: EvidenceMediaType,
  field: string,
): Promise<{ data: Buffer; info: OutputInfo }> {
  // rotate() applies the EXIF orientation before the metadata goes. sharp 0.35
  // strips all metadata unless withMetadata or keepMetadata is called (its
  // withMetadata documentation), and the tests check EXIF, ICC and XMP.
  const pipeline = input.rotate();
  const encoder =
    FORMATS[mediaType].format === 'png'
      ? pipeline.png()
      : FORMATS[mediaType].format === 'jpeg'
        ? pipeline.jpeg({ quality: 85, mozjpeg: true })
        : pipeline.webp({ quality: 85 });
  try {
    return await encoder.toBuffer({ resolveWithObject: true });
  } catch (error) {
    throw unreadableImage(error, field);
  }
}
