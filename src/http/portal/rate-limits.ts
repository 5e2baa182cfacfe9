import type { RateLimitOptions } from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';

import type { Config } from '../../config.ts';
import { VigilError } from '../../errors.ts';

const HOUR_MS = 60 * 60 * 1000;

/**
 * Returns the per-address limit on new reports, shared by the form and the API.
 * A request with a proof-of-work solution counts against the larger limit, and
 * one without (no JavaScript, or a script that did not run) against the
 * smaller. An invalid solution is rejected later, so it buys nothing. The key
 * is the address with its bucket, kept in memory only.
 */
export function reportRateLimit(config: Pick<Config, 'portal'>): RateLimitOptions {
  return {
    hook: 'preHandler',
    timeWindow: HOUR_MS,
    keyGenerator: (request) => `${request.ip}|${hasProof(request) ? 'proof' : 'none'}`,
    max: (_request, key) =>
      key.endsWith('|proof')
        ? config.portal.reportsPerHour
        : config.portal.reportsPerHourWithoutProof,
    errorResponseBuilder: () =>
      new VigilError(
        'RATE_LIMITED',
        'too many reports from this address in the last hour; try again later',
        'form',
      ),
  };
}

function hasProof(request: FastifyRequest): boolean {
  const body = request.body as Record<string, unknown> | undefined;
  return typeof body?.altcha === 'string' && body.altcha !== '';
}
