import type { FastifyReply, FastifyRequest } from 'fastify';

import { isLocalPlainHttp } from './auth.ts';

/** Returns the CSRF token for this response's forms, setting the secret cookie when needed. */
export function csrfTokenFor(request: FastifyRequest, reply: FastifyReply): string {
  return reply.generateCsrf({ secure: !isLocalPlainHttp(request) });
}
