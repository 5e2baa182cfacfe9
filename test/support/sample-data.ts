import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The folder of real sample feeds: VIGIL_SAMPLE_DATA, or `shared/data` beside the repository. */
export const SAMPLE_DATA_DIR =
  process.env.VIGIL_SAMPLE_DATA ?? fileURLToPath(new URL('../../../shared/data/', import.meta.url));

/** Returns the path of a sample file, or undefined when the sample data is not available. */
export function samplePath(relative: string): string | undefined {
  const path = `${SAMPLE_DATA_DIR.replace(/\/$/, '')}/${relative}`;
  return existsSync(path) ? path : undefined;
}

/** The reason to skip a test when the sample data folder is absent, else false. */
export const SKIP_WITHOUT_SAMPLES = existsSync(SAMPLE_DATA_DIR)
  ? false
  : `sample data not found at ${SAMPLE_DATA_DIR}`;
