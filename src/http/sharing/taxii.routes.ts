import type { FastifyError, FastifyPluginCallback, FastifyReply, FastifyRequest } from 'fastify';

import type { RouteDependencies } from '../app.ts';
import { nameUuid } from '../../domain/exports/name-uuid.ts';
import { stixIndicator } from '../../domain/exports/stix-bundle.ts';
import type { TlpLabel } from '../../domain/tlp.ts';
import { isVigilError, VigilError } from '../../errors.ts';
import type { ChangeCursor } from '../../store/export.repository.ts';
import { pageListingChanges } from '../../services/export.service.ts';
import { echoRequestId } from '../request-id.ts';
import { requireApiKey } from './api-key-auth.ts';

/** The media type of every TAXII 2.1 resource. */
export const TAXII_MEDIA_TYPE = 'application/taxii+json;version=2.1';
const STIX_MEDIA_TYPE = 'application/stix+json;version=2.1';
const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;

/** The one collection: every listing the reader may see, as STIX indicators. */
export const LISTINGS_COLLECTION_ID = nameUuid('taxii-collection:listings');

/**
 * A TAXII 2.1 server at `/taxii2/`: discovery, one API root, its collections,
 * and a collection's objects and manifest with `added_after`, `limit` and
 * `next`. Every endpoint needs an API key with the `taxii` scope, as Bearer
 * or as the Basic password. Errors use the TAXII error body.
 */
export const taxiiRoutes: FastifyPluginCallback<RouteDependencies> = (
  app,
  { database, config },
  done,
) => {
  // Without VIGIL_PUBLIC_URL, links name the address the request came to.
  const apiRootFor = (request: FastifyRequest): string => {
    const base = config.sharing.publicUrlConfigured
      ? config.sharing.publicUrl
      : `${request.protocol}://${request.host}`;
    return `${base.replace(/\/$/, '')}/taxii2/api/`;
  };
  const authenticate = requireApiKey(database, 'taxii');
  const collection = {
    id: LISTINGS_COLLECTION_ID,
    title: `${config.sharing.operatorName} listings`,
    description: 'Active listings as STIX 2.1 indicators, filtered by the reader’s TLP clearance',
    can_read: true,
    can_write: false,
    media_types: [STIX_MEDIA_TYPE],
  };

  app.setErrorHandler((error: FastifyError, request, reply) =>
    sendTaxiiError(error, request, reply),
  );
  app.addHook('onRequest', async (request, reply) => {
    echoRequestId(request, reply);
    if (!acceptsTaxii(request.headers.accept)) {
      throw new VigilError('NOT_ACCEPTABLE', `accept: send ${TAXII_MEDIA_TYPE}`, 'accept');
    }
  });
  app.addHook('preHandler', authenticate);
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('content-type', TAXII_MEDIA_TYPE);
    return payload;
  });

  app.get('/taxii2/', (request, reply) => {
    const apiRoot = apiRootFor(request);
    return reply.send({
      title: `${config.sharing.operatorName} TAXII server`,
      description: 'Listings shared with providers and partners',
      contact: config.sharing.operatorEmail,
      default: apiRoot,
      api_roots: [apiRoot],
    });
  });

  app.get('/taxii2/api/', (_request, reply) =>
    reply.send({
      title: `${config.sharing.operatorName} listings`,
      versions: [TAXII_MEDIA_TYPE],
      max_content_length: 0,
    }),
  );

  app.get('/taxii2/api/collections/', (_request, reply) =>
    reply.send({ collections: [collection] }),
  );

  app.get<{ Params: { id: string } }>('/taxii2/api/collections/:id/', (request, reply) => {
    checkCollection(request.params.id);
    return reply.send(collection);
  });

  app.get<{ Params: { id: string }; Querystring: Record<string, string | undefined> }>(
    '/taxii2/api/collections/:id/objects/',
    async (request, reply) => {
      checkCollection(request.params.id);
      const page = await readPage(request);
      const objects = page.listings.flatMap((listing) => {
        const object = stixIndicator(listing, config.sharing);
        return object === undefined ? [] : [object];
      });
      setDateHeaders(reply, page.listings);
      return {
        more: page.next !== undefined,
        ...(page.next && { next: encodeCursor(page.next) }),
        objects,
      };
    },
  );

  app.get<{ Params: { id: string }; Querystring: Record<string, string | undefined> }>(
    '/taxii2/api/collections/:id/manifest/',
    async (request, reply) => {
      checkCollection(request.params.id);
      const page = await readPage(request);
      const objects = page.listings.flatMap((listing) => {
        const object = stixIndicator(listing, config.sharing);
        return object === undefined
          ? []
          : [
              {
                id: object.id,
                date_added: taxiiTime(listing.updatedAt),
                version: object['modified'],
                media_type: STIX_MEDIA_TYPE,
              },
            ];
      });
      setDateHeaders(reply, page.listings);
      return {
        more: page.next !== undefined,
        ...(page.next && { next: encodeCursor(page.next) }),
        objects,
      };
    },
  );

  async function readPage(
    request: FastifyRequest<{ Querystring: Record<string, string | undefined> }>,
  ) {
    const query = request.query;
    const limit = readLimit(query['limit']);
    const addedAfter = readAddedAfter(query['added_after']);
    const after = query['next'] === undefined ? undefined : decodeCursor(query['next']);
    const types = query['match[type]'];
    if (types !== undefined && !types.split(',').includes('indicator')) {
      return { listings: [], next: undefined };
    }
    const clearance = request.apiPrincipal!.organisation.tlp_clearance as TlpLabel;
    return pageListingChanges(database, {
      reader: { clearance },
      limit,
      ...(addedAfter !== undefined && { addedAfter }),
      ...(after !== undefined && { after }),
    });
  }
  done();
};

function checkCollection(id: string): void {
  if (id !== LISTINGS_COLLECTION_ID) {
    throw new VigilError('NOT_FOUND', `collection ${id.slice(0, 60)} does not exist`, 'id');
  }
}

/** Accepts TAXII 2.1 JSON, TAXII JSON of any version, or anything (`*\/*`, or no Accept header). */
function acceptsTaxii(accept: string | undefined): boolean {
  if (accept === undefined || accept.trim() === '') {
    return true;
  }
  return accept.split(',').some((part) => {
    const [type, ...parameters] = part.split(';').map((piece) => piece.trim().toLowerCase());
    if (type === '*/*' || type === 'application/*') {
      return true;
    }
    if (type !== 'application/taxii+json') {
      return false;
    }
    const version = parameters.find((parameter) => parameter.startsWith('version='));
    return version === undefined || version === 'version=2.1';
  });
}

function readLimit(raw: string | undefined): number {
  if (raw === undefined) {
    return DEFAULT_LIMIT;
  }
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 1) {
    throw new VigilError(
      'INVALID_INPUT',
      `limit: "${raw.slice(0, 20)}" is not a positive integer`,
      'limit',
    );
  }
  return Math.min(limit, MAX_LIMIT);
}

function readAddedAfter(raw: string | undefined): string | undefined {
  if (raw === undefined) {
    return undefined;
  }
  const time = Date.parse(raw);
  if (Number.isNaN(time) || !/^\d{4}-\d{2}-\d{2}T/.test(raw)) {
    throw new VigilError(
      'INVALID_INPUT',
      `added_after: "${raw.slice(0, 40)}" is not a timestamp such as 2026-01-31T00:00:00.000Z`,
      'added_after',
    );
  }
  return new Date(time).toISOString();
}

/** Encodes a page position as the opaque `next` value: base64url of the time and indicator id. */
function encodeCursor(cursor: ChangeCursor): string {
  return Buffer.from(`${cursor.updatedAt}|${cursor.indicatorId}`).toString('base64url');
}

function decodeCursor(raw: string): ChangeCursor {
  const [updatedAt, id] = Buffer.from(raw, 'base64url').toString('utf8').split('|');
  const indicatorId = Number(id);
  if (
    updatedAt === undefined ||
    Number.isNaN(Date.parse(updatedAt)) ||
    !Number.isSafeInteger(indicatorId)
  ) {
    throw new VigilError(
      'INVALID_INPUT',
      'next: not a value this server returned; start again without next',
      'next',
    );
  }
  return { updatedAt: new Date(updatedAt).toISOString(), indicatorId };
}

function setDateHeaders(reply: FastifyReply, listings: readonly { updatedAt: string }[]): void {
  const first = listings[0];
  const last = listings[listings.length - 1];
  if (first !== undefined && last !== undefined) {
    reply.header('x-taxii-date-added-first', taxiiTime(first.updatedAt));
    reply.header('x-taxii-date-added-last', taxiiTime(last.updatedAt));
  }
}

function taxiiTime(iso: string): string {
  return new Date(iso).toISOString();
}

/** Sends the TAXII 2.1 error message resource, with our error code as `error_code`. */
function sendTaxiiError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  let status = 500;
  let code = 'INTERNAL';
  if (isVigilError(error)) {
    status = error.statusCode;
    code = error.code;
  } else if (error.statusCode !== undefined && error.statusCode < 500) {
    status = error.statusCode;
    code = error.code ?? 'INVALID_INPUT';
  }
  if (status >= 500) {
    request.log.error({ err: error }, 'request failed');
  } else {
    request.log.info({ code }, 'request rejected');
  }
  if (status === 401) {
    reply.header('www-authenticate', 'Bearer, Basic realm="taxii"');
  }
  echoRequestId(request, reply);
  return reply.status(status).send({
    title: status >= 500 ? 'Internal error' : error.message,
    http_status: String(status),
    error_id: request.id,
    error_code: code,
  });
}
