import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

/**
 * Loads every JSON schema under `folder` into one Ajv (draft 2020-12) by its
 * `$id`, so `$ref`s between the files resolve, and returns it. Patterns are
 * compiled without the `u` flag because the STIX schemas escape `-` in them,
 * which Unicode regular expressions reject.
 */
export function loadSchemaFolder(folder: string): Ajv2020 {
  const ajv = new Ajv2020({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats(ajv);
  // ajv-formats has no check for internationalized host names, so such values pass unchecked.
  ajv.addFormat('idn-hostname', true);
  for (const path of listJson(folder)) {
    const schema = JSON.parse(readFileSync(path, 'utf8')) as { $id?: string };
    if (schema.$id !== undefined) {
      ajv.addSchema(schema);
    }
  }
  return ajv;
}

function listJson(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) {
      return listJson(path);
    }
    return name.endsWith('.json') ? [path] : [];
  });
}
