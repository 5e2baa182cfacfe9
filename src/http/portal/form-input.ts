import type {} from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';

import { InputProblem } from '../../domain/reports/input-problem.ts';
import type { RawReportSubmission } from '../../domain/reports/report-input.ts';
import { MAX_EVIDENCE_BYTES } from '../../services/evidence.service.ts';
import { MAX_SCREENSHOTS, type Screenshot } from '../../services/report.service.ts';
import { EMPTY_REPORT_FORM, FORM_ROWS, type ReportFormValues } from './report-form.tsx';

/** Limits for @fastify/multipart on the portal's forms and the reports API. */
export const MULTIPART_LIMITS = {
  fileSize: MAX_EVIDENCE_BYTES,
  // One more than accepted, so a sixth file is noticed and named instead of dropped.
  files: MAX_SCREENSHOTS + 1,
  fields: 50,
  // A 5,000-character text in any script fits in 20,000 bytes of UTF-8.
  fieldSize: 32_768,
  parts: 60,
} as const;

/** The name of the file input of the report form and of the reports API. */
export const SCREENSHOT_FIELD = 'screenshots';

/** A form as read from a multipart or urlencoded body. */
export interface FormSubmission {
  readonly fields: Readonly<Record<string, string>>;
  readonly files: readonly Screenshot[];
  /** Files rejected while reading, such as one over the size limit. */
  readonly problems: readonly InputProblem[];
}

/**
 * Reads every field and file of a multipart body, or the fields of a
 * urlencoded one. A file over the size limit, or a file past the fifth,
 * becomes a problem on `screenshots` rather than an error, so the form can
 * show it beside the field.
 */
export async function readForm(request: FastifyRequest): Promise<FormSubmission> {
  if (!request.isMultipart()) {
    return { fields: stringFields(request.body), files: [], problems: [] };
  }
  const fields: Record<string, string> = {};
  const files: Screenshot[] = [];
  const problems: InputProblem[] = [];
  try {
    for await (const part of request.parts()) {
      if (part.type === 'field') {
        if (typeof part.value === 'string' && !(part.fieldname in fields)) {
          fields[part.fieldname] = part.value;
        }
        continue;
      }
      const bytes = await readFile(part, problems);
      // A browser sends an empty part for a file input left empty. Other field names are ignored.
      const chosen = part.filename !== '' || (bytes !== undefined && bytes.length > 0);
      if (bytes !== undefined && chosen && part.fieldname === SCREENSHOT_FIELD) {
        files.push({ field: part.fieldname, bytes });
      }
    }
  } catch (error) {
    if (errorCode(error) !== 'FST_FILES_LIMIT') {
      throw error;
    }
    problems.push(
      new InputProblem(
        'screenshots',
        'too_many_images',
        `screenshots: at most ${MAX_SCREENSHOTS} per report`,
        { max: MAX_SCREENSHOTS },
      ),
    );
  }
  return { fields, files, problems };
}

async function readFile(
  part: { toBuffer(): Promise<Buffer>; fieldname: string },
  problems: InputProblem[],
): Promise<Buffer | undefined> {
  try {
    return await part.toBuffer();
  } catch (error) {
    if (errorCode(error) !== 'FST_REQ_FILE_TOO_LARGE') {
      throw error;
    }
    problems.push(
      new InputProblem(
        part.fieldname,
        'image_too_large',
        `${part.fieldname}: a file is larger than 5 MB`,
        { megabytes: 5 },
      ),
    );
    return undefined;
  }
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error
    ? String(error.code)
    : undefined;
}

function stringFields(body: unknown): Record<string, string> {
  const fields: Record<string, string> = {};
  if (typeof body !== 'object' || body === null) {
    return fields;
  }
  for (const [name, value] of Object.entries(body)) {
    if (typeof value === 'string') {
      fields[name] = value;
    } else if (Array.isArray(value) && typeof value[0] === 'string') {
      fields[name] = value[0];
    }
  }
  return fields;
}

/** Returns the report form's fields as typed, for showing the form again. */
export function formValues(fields: Readonly<Record<string, string>>): ReportFormValues {
  return {
    rows: Array.from({ length: FORM_ROWS }, (_unused, index) => ({
      kind: fields[`kind_${index}`] ?? EMPTY_REPORT_FORM.rows[index]?.kind ?? 'link',
      value: fields[`value_${index}`] ?? '',
    })),
    category: fields.category ?? '',
    channel: fields.channel ?? '',
    seenAt: fields.seenAt ?? '',
    description: fields.description ?? '',
    moneyLost: fields.moneyLost === 'yes',
    amountLost: fields.amountLost ?? '',
    contact: fields.contact ?? '',
  };
}

/**
 * Turns the form into a submission. Empty rows are left out, and `controlIds`
 * maps each field path of the submission back to the form control it came
 * from (`indicators.0.value` to `value_2` when the first two rows were empty).
 */
export function submissionFromForm(values: ReportFormValues): {
  raw: RawReportSubmission;
  controlIds: (field: string) => string | undefined;
} {
  const used = values.rows
    .map((row, index) => ({ ...row, index }))
    .filter((row) => row.value.trim() !== '');
  const raw: RawReportSubmission = {
    indicators: used.map((row) => ({ kind: row.kind, value: row.value })),
    category: values.category,
    channel: values.channel,
    seenAt: values.seenAt,
    description: values.description,
    moneyLost: values.moneyLost,
    amountLost: values.amountLost,
    contact: values.contact,
  };
  const controlIds = (field: string): string | undefined => {
    const item = /^indicators\.(\d+)\.(kind|value)$/.exec(field);
    if (item !== null) {
      const row = used[Number(item[1])];
      return row === undefined ? undefined : `${item[2]}_${row.index}`;
    }
    if (field === 'indicators') {
      return 'value_0';
    }
    const base = field.split('.')[0] ?? field;
    const controls = ['category', 'channel', 'seenAt', 'description', 'amountLost', 'contact'];
    if (controls.includes(base)) {
      return base;
    }
    return base === 'screenshots' ? 'screenshots' : undefined;
  };
  return { raw, controlIds };
}
