import type { FastifyReply, FastifyRequest } from 'fastify';

/** Sets the x-request-id response header to the request's id, for callers to quote. */
export function echoRequestId(request: FastifyRequest, reply: FastifyReply): void {
  reply.header('x-request-id', request.id);
}
