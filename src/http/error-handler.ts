import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

import { ERROR_CATALOGUE, isVigilError } from '../errors.ts';
import { echoRequestId } from './request-id.ts';

interface ErrorPayload {
  readonly statusCode: number;
  /** A catalogue code, or the code of a Fastify client error. */
  readonly code: string;
  readonly message: string;
  readonly field?: string;
}

/** Renders every failure as the one JSON error body; 5xx hide their cause. */
export function handleError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const payload = toPayload(error);
  if (payload.statusCode >= 500) {
    request.log.error({ err: error }, 'request failed');
  } else {
    request.log.info({ code: payload.code, field: payload.field }, 'request rejected');
  }
  return sendError(reply, request, payload);
}

/** Sends the usual error body for a route that does not exist. */
export function handleNotFound(request: FastifyRequest, reply: FastifyReply) {
  return sendError(reply, request, {
    statusCode: 404,
    code: 'NOT_FOUND',
    message: `${request.method} ${request.url.split('?')[0]}: no such route`,
  });
}

function sendError(reply: FastifyReply, request: FastifyRequest, payload: ErrorPayload) {
  echoRequestId(request, reply);
  return reply.status(payload.statusCode).send({
    error: {
      code: payload.code,
      message: payload.message,
      ...(payload.field !== undefined && { field: payload.field }),
      requestId: request.id,
    },
  });
}

function toPayload(error: FastifyError): ErrorPayload {
  if (isVigilError(error)) {
    return error;
  }
  if (error.validation) {
    return fromValidation(error);
  }
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
    return {
      statusCode: error.statusCode,
      code: error.code ?? 'INVALID_INPUT',
      message: error.message,
    };
  }
  return { statusCode: 500, code: 'INTERNAL', message: ERROR_CATALOGUE.INTERNAL.message };
}

/** Words a schema failure the way a person would, falling back to Ajv's message. */
function describeProblem(
  keyword: string,
  params: { missingProperty?: string; limit?: number; allowedValues?: unknown[] },
  message: string | undefined,
): string {
  switch (keyword) {
    case 'enum':
      return params.allowedValues === undefined
        ? (message ?? 'is invalid')
        : `must be one of ${params.allowedValues.map(String).join(', ')}`;
    case 'required':
      return 'is required';
    case 'minLength':
      return params.limit === 1
        ? 'must not be empty'
        : `must be at least ${params.limit} characters`;
    case 'maxLength':
      return `must be at most ${params.limit} characters`;
    default:
      return message ?? 'is invalid';
  }
}

function fromValidation(error: FastifyError): ErrorPayload {
  const first = error.validation![0]!;
  const params = first.params as {
    missingProperty?: string;
    limit?: number;
    allowedValues?: unknown[];
  };
  const path = first.instancePath.replace(/^\//, '').replaceAll('/', '.');
  const field = params.missingProperty ?? (path || undefined);
  const problem = describeProblem(first.keyword, params, first.message);
  return {
    statusCode: 400,
    code: 'INVALID_INPUT',
    message: `${field ?? error.validationContext ?? 'input'}: ${problem}`,
    ...(field !== undefined && { field }),
  };
}
