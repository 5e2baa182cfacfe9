import { access, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

import type { FeedFormat } from '../domain/formats/feed-entry.ts';
import { isMispManifest, mispManifestEventFiles } from '../domain/formats/misp.ts';
import { VigilError } from '../errors.ts';

/**
 * Returns the files to parse for one import argument: the file itself, or for
 * a MISP feed manifest the event files it names, which sit beside it. A
 * manifest that names a missing event file is an error before anything is
 * written, so an import never stops half-way for that reason.
 */
export async function expandFeedFiles(
  path: string,
  format: FeedFormat,
  head: string,
): Promise<string[]> {
  if (format !== 'misp' || !isMispManifest(head)) {
    return [path];
  }
  const manifest = await readFile(path, 'utf8');
  const files = readManifest(path, manifest).map((name) => join(dirname(path), name));
  for (const file of files) {
    try {
      await access(file);
    } catch {
      throw new VigilError(
        'FILE_NOT_FOUND',
        `${path}: the manifest names ${file}, which does not exist; fetch the event files beside the manifest`,
        'file',
      );
    }
  }
  return files;
}

/** Lists the event files of a manifest, or throws a VigilError that names the manifest file. */
function readManifest(path: string, manifest: string): string[] {
  try {
    return mispManifestEventFiles(manifest);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const problem = error instanceof SyntaxError ? 'is not valid JSON' : 'is invalid';
    throw new VigilError(
      'INVALID_INPUT',
      `${path}: the MISP manifest ${problem} (${reason}); fetch the manifest again or import the event files directly`,
      'file',
    );
  }
}
