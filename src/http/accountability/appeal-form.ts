import type {} from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';

import { MAX_APPEAL_FILES } from '../../services/appeal.service.ts';
import { MAX_EVIDENCE_BYTES } from '../../services/evidence.service.ts';

/** The file input of the appeal form. */
export const EVIDENCE_FIELD = 'evidence';

/** Limits for @fastify/multipart on the appeal form. */
export const APPEAL_MULTIPART_LIMITS = {
  fileSize: MAX_EVIDENCE_BYTES,
  // One more than accepted, so that a sixth file is reported rather than dropped.
  files: MAX_APPEAL_FILES + 1,
  fields: 20,
  fieldSize: 32_768,
  parts: 30,
} as const;

export interface AppealForm {
  readonly fields: Readonly<Record<string, string>>;
  readonly files: readonly Uint8Array[];
  /** `evidence` when a file was too large or too many were sent. */
  readonly problem?: 'evidence';
}

/** Reads the fields and evidence files of the appeal form, multipart or urlencoded. */
export async function readAppealForm(request: FastifyRequest): Promise<AppealForm> {
  if (!request.isMultipart()) {
    return { fields: stringFields(request.body), files: [] };
  }
  const fields: Record<string, string> = {};
  const files: Uint8Array[] = [];
  try {
    for await (const part of request.parts()) {
      if (part.type === 'field') {
        if (typeof part.value === 'string' && !(part.fieldname in fields)) {
          fields[part.fieldname] = part.value;
        }
        continue;
      }
      const bytes = await part.toBuffer();
      // A browser sends an empty part for a file input left empty.
      if (part.fieldname === EVIDENCE_FIELD && (part.filename !== '' || bytes.length > 0)) {
        files.push(bytes);
      }
    }
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'FST_FILES_LIMIT' || code === 'FST_REQ_FILE_TOO_LARGE') {
      return { fields, files, problem: 'evidence' };
    }
    throw error;
  }
  return files.length > MAX_APPEAL_FILES
    ? { fields, files, problem: 'evidence' }
    : { fields, files };
}

function stringFields(body: unknown): Record<string, string> {
  const fields: Record<string, string> = {};
  if (typeof body !== 'object' || body === null) {
    return fields;
  }
  for (const [name, value] of Object.entries(body)) {
    if (typeof value === 'string') {
      fields[name] = value;
    }
  }
  return fields;
}
