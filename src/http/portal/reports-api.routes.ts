import type { FastifyPluginCallback, FastifyRequest } from 'fastify';
import { Type } from 'typebox';

import { parseReceiptCode } from '../../domain/receipts/receipt-code.ts';
import { InputProblem, InputProblemList } from '../../domain/reports/input-problem.ts';
import {
  CHANNELS,
  REPORTED_KINDS,
  type RawReportSubmission,
} from '../../domain/reports/report-input.ts';
import { CATEGORIES } from '../../domain/taxonomy.ts';
import { VigilError } from '../../errors.ts';
import { loadSecretKey } from '../../services/contact-crypto.ts';
import { createProofChallenge } from '../../services/proof-of-work.service.ts';
import { getReportStatus, MAX_SCREENSHOTS, submitReport } from '../../services/report.service.ts';
import type { RouteDependencies } from '../app.ts';
import { readForm, type FormSubmission } from './form-input.ts';
import { t } from './i18n.ts';
import { apiLang } from './portal-errors.tsx';
import { reportRateLimit } from './rate-limits.ts';
import { RECEIPT_RATE_LIMIT } from './receipt.routes.tsx';

const ReportBody = Type.Object(
  {
    indicators: Type.Array(
      Type.Object({
        kind: Type.String({ enum: [...REPORTED_KINDS] }),
        value: Type.String({ description: 'The value as seen, such as a URL or 0912345678' }),
      }),
      { description: `One to ${10} values; kind "message" is the text of a scam message` },
    ),
    category: Type.String({ enum: [...CATEGORIES] }),
    channel: Type.String({ enum: [...CHANNELS] }),
    seenAt: Type.Optional(Type.String({ description: 'ISO 8601 date or time it was seen' })),
    description: Type.String({ description: 'What happened, up to 5,000 characters' }),
    moneyLost: Type.Optional(Type.Boolean()),
    amountLost: Type.Optional(Type.Number({ description: 'Amount lost in đồng' })),
    contact: Type.Optional(Type.String({ description: 'Encrypted at rest, never published' })),
    language: Type.Optional(Type.String({ enum: ['vi', 'en'] })),
    altcha: Type.Optional(
      Type.String({ description: 'Solved challenge from GET /api/v1/reports/challenge, base64' }),
    ),
  },
  { additionalProperties: true },
);

const CreatedReport = Type.Object({
  id: Type.Integer(),
  receipt: Type.String({
    description: 'The code to follow the report by, such as VGL-7K3Q-M9XD-2TC',
  }),
  status_url: Type.String(),
  joined_earlier: Type.Boolean({
    description: 'True when the report joined one sent from the same address within a day',
  }),
});

const ReportStatus = Type.Object({
  receipt: Type.String(),
  status: Type.String(),
  category: Type.String(),
  channel: Type.String(),
  created_at: Type.String(),
  updated_at: Type.String(),
  events: Type.Array(
    Type.Object({
      status: Type.String(),
      note: Type.Union([Type.String(), Type.Null()]),
      at: Type.String(),
    }),
  ),
});

const Challenge = Type.Object({
  algorithm: Type.String(),
  challenge: Type.String(),
  maxnumber: Type.Optional(Type.Integer()),
  salt: Type.String(),
  signature: Type.String(),
});

const ErrorRef = { $ref: 'ErrorBody#' };

/** Request bodies read in preValidation when they are multipart. */
const uploads = new WeakMap<FastifyRequest, FormSubmission>();

/**
 * `POST /api/v1/reports` (JSON, or multipart with a `report` JSON field and
 * `screenshots` files), `GET /api/v1/reports/:receipt` and the proof-of-work
 * challenge. Errors name the field, with messages in `?lang=` or the report's
 * `language`.
 */
export const reportsApiRoutes: FastifyPluginCallback<RouteDependencies> = (
  app,
  dependencies,
  done,
) => {
  app.get(
    '/api/v1/reports/challenge',
    {
      schema: {
        summary: 'Get a proof-of-work challenge',
        description:
          'An ALTCHA (v1, SHA-256) challenge. Find the number n up to maxnumber whose SHA-256 of ' +
          'salt + n equals challenge, and send base64 of {algorithm, challenge, number, salt, ' +
          'signature} as altcha with a report, for the larger rate limit.',
        tags: ['reports'],
        response: { 200: Challenge },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'no-store');
      return createProofChallenge(loadSecretKey(dependencies.config));
    },
  );

  app.post(
    '/api/v1/reports',
    {
      schema: {
        summary: 'Report a scam',
        description:
          'Stores a report and returns its receipt. Send JSON, or multipart/form-data with the ' +
          `same JSON in a "report" field and up to ${MAX_SCREENSHOTS} PNG, JPEG or WebP files ` +
          'of at most 5 MB in "screenshots". Nothing is stored when any field is invalid.',
        tags: ['reports'],
        body: ReportBody,
        response: { 201: CreatedReport, 400: ErrorRef, 429: ErrorRef },
      },
      attachValidation: true,
      preValidation: async (request) => {
        if (!request.isMultipart()) {
          return;
        }
        const form = await readForm(request);
        uploads.set(request, form);
        request.body = { ...parseReportField(form.fields.report), altcha: form.fields.altcha };
      },
      config: { rateLimit: reportRateLimit(dependencies.config) },
    },
    async (request, reply) => {
      // The schema documents the body, and the domain parser checks it and names every bad field.
      const upload = uploads.get(request);
      if (upload !== undefined && upload.problems.length > 0) {
        throw new InputProblemList(upload.problems);
      }
      if (
        typeof request.body !== 'object' ||
        request.body === null ||
        Array.isArray(request.body)
      ) {
        throw new InputProblem('body', 'invalid', 'body: expected a JSON object with the report');
      }
      const body = request.body as RawReportSubmission & { altcha?: unknown };
      const submitted = await submitReport(dependencies, body, {
        clientAddress: request.ip,
        screenshots: upload?.files ?? [],
        ...(typeof body.altcha === 'string' && body.altcha !== '' && { proofOfWork: body.altcha }),
      });
      return reply.status(201).send({
        id: submitted.id,
        receipt: submitted.receipt,
        status_url: `/r/${submitted.receipt}`,
        joined_earlier: submitted.joinedEarlier,
      });
    },
  );

  app.get(
    '/api/v1/reports/:receipt',
    {
      schema: {
        summary: 'Get the public status of a report',
        description:
          'The status history of the report with this receipt code. Case, spaces and dashes in ' +
          'the code do not matter. Nothing about the reporter is returned.',
        tags: ['reports'],
        params: Type.Object({ receipt: Type.String({ maxLength: 100 }) }),
        response: { 200: ReportStatus, 400: ErrorRef, 404: ErrorRef, 429: ErrorRef },
      },
      config: { rateLimit: RECEIPT_RATE_LIMIT },
    },
    async (request) => {
      const { receipt } = request.params as { receipt: string };
      const lang = apiLang(request);
      const parsed = parseReceiptCode(receipt);
      if (!parsed.ok) {
        throw new VigilError(
          'INVALID_INPUT',
          `${t(lang, 'receipt.lookup.label')}: ${t(lang, parsed.problem === 'check' ? 'receipt.invalid.check' : 'receipt.notFound.body', { code: receipt })}`,
          'receipt',
        );
      }
      const report = await getReportStatus(dependencies.database, parsed.code);
      if (report === undefined) {
        throw new VigilError(
          'NOT_FOUND',
          t(lang, 'receipt.notFound.body', { code: parsed.code }),
          'receipt',
        );
      }
      return {
        receipt: report.receipt,
        status: report.status,
        category: report.category,
        channel: report.channel,
        created_at: report.createdAt,
        updated_at: report.updatedAt,
        events: report.events.map((event) => ({
          status: event.status,
          note: event.publicNote,
          at: event.at,
        })),
      };
    },
  );
  done();
};

/** Parses the `report` field of a multipart request, which contains the same JSON as a JSON request. */
function parseReportField(text: string | undefined): Record<string, unknown> {
  if (text === undefined || text.trim() === '') {
    throw new InputProblem(
      'report',
      'required',
      'report: the multipart field "report" with the JSON report is missing',
    );
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
      return parsed as Record<string, unknown>;
    }
  } catch {
    // Reported below with the same message as a JSON value that is not an object.
  }
  throw new InputProblem('report', 'invalid', 'report: expected a JSON object');
}
