import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';

import { encodeCursor } from '../../domain/archive/archive-page.ts';
import { statementsToCsv } from '../../domain/archive/archive-csv.ts';
import { STATEMENT_ACTIONS } from '../../domain/archive/statement.ts';
import { isVigilError } from '../../errors.ts';
import {
  type ArchiveSearch,
  getStatement,
  MAX_ARCHIVE_PAGE,
  searchArchive,
} from '../../services/archive.service.ts';
import type { RouteDependencies } from '../app.ts';
import { hasMessage, type Lang, resolveLang, t } from '../portal/i18n.ts';
import { renderPage } from '../portal/layout.tsx';
import { ArchivePage, MessagePage, StatementPage } from './archive.views.tsx';

const ArchiveQuery = Type.Object({
  indicator: Type.Optional(
    Type.String({ maxLength: 2048, description: 'A link, domain, number or account' }),
  ),
  category: Type.Optional(Type.String({ maxLength: 64 })),
  action: Type.Optional(Type.String({ maxLength: 32, description: STATEMENT_ACTIONS.join(', ') })),
  from: Type.Optional(Type.String({ maxLength: 40, description: 'First day, such as 2026-01-01' })),
  to: Type.Optional(Type.String({ maxLength: 40, description: 'Last day, included' })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_ARCHIVE_PAGE })),
  format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])),
  lang: Type.Optional(Type.String({ maxLength: 8 })),
});

const StatementParams = Type.Object({ id: Type.String({ maxLength: 20 }) });

type SearchQuery = ArchiveSearch & { readonly format?: 'json' | 'csv'; readonly lang?: string };

function toSearch(query: SearchQuery): ArchiveSearch {
  return {
    ...(query.indicator !== undefined && { indicator: query.indicator }),
    ...(query.category !== undefined && { category: query.category }),
    ...(query.action !== undefined && { action: query.action }),
    ...(query.from !== undefined && { from: query.from }),
    ...(query.to !== undefined && { to: query.to }),
    ...(query.cursor !== undefined && { cursor: query.cursor }),
    ...(query.limit !== undefined && { limit: query.limit }),
  };
}

/** Builds the URL of the same search with other parameters, for next-page and download links. */
function searchUrl(
  path: string,
  query: SearchQuery,
  changes: Record<string, string | undefined>,
): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...query, ...changes })) {
    if (value !== undefined && value !== '') {
      params.set(key, String(value));
    }
  }
  const text = params.toString();
  return text === '' ? path : `${path}?${text}`;
}

function wantsCsv(request: FastifyRequest, format: string | undefined): boolean {
  return (
    format === 'csv' || (format === undefined && /\btext\/csv\b/.test(request.headers.accept ?? ''))
  );
}

/**
 * Returns the message for a rejected search or period in the reader's language,
 * after the label of its field. The JSON API keeps the English message.
 */
export function searchProblem(
  lang: Lang,
  error: { readonly field?: string | undefined; readonly message: string },
): string {
  const key = `archive.error.${error.field ?? ''}`;
  if (!hasMessage(key)) {
    return error.message;
  }
  const label = hasMessage(`archive.${error.field}`) ? `archive.${error.field}` : 'archive.search';
  return `${t(lang, label)}: ${t(lang, key)}`;
}

/** Registers `/decisions` pages and the `/api/v1/decisions` JSON and CSV API. */
export function archiveRoutes(
  scope: FastifyInstance,
  { database }: RouteDependencies,
): Promise<void> {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/v1/decisions',
    {
      schema: {
        summary: 'Search the public statements of reasons',
        description:
          'Newest first, in pages of `limit`. Follow `next` for the next page; ids are stable. ' +
          'Add format=csv (or Accept: text/csv) for CSV.',
        tags: ['archive'],
        querystring: ArchiveQuery,
      },
    },
    async (request, reply) => {
      const page = await searchArchive(database, toSearch(request.query));
      const cursor = page.next === null ? null : encodeCursor(page.next);
      reply.header('cache-control', 'public, max-age=60');
      if (wantsCsv(request, request.query.format)) {
        if (cursor !== null) {
          const next = searchUrl('/api/v1/decisions', request.query, { cursor, format: 'csv' });
          reply.header('link', `<${next}>; rel="next"`);
        }
        return reply.type('text/csv; charset=utf-8').send(statementsToCsv(page.statements));
      }
      return {
        statements: page.statements,
        next_cursor: cursor,
        next: cursor === null ? null : searchUrl('/api/v1/decisions', request.query, { cursor }),
      };
    },
  );

  app.get(
    '/api/v1/decisions/:id',
    {
      schema: {
        summary: 'One statement of reasons by its id',
        tags: ['archive'],
        params: StatementParams,
      },
    },
    async (request) => getStatement(database, request.params.id),
  );

  app.get(
    '/decisions',
    { schema: { querystring: ArchiveQuery, hide: true } },
    async (request, reply) => {
      const lang = resolveLang(request);
      const query = request.query;
      const common = {
        lang,
        path: request.url,
        search: query as Readonly<Record<string, string | undefined>>,
        csvHref: searchUrl('/api/v1/decisions', query, { format: 'csv', lang: undefined }),
        jsonHref: searchUrl('/api/v1/decisions', query, { lang: undefined }),
      };
      try {
        const page = await searchArchive(database, toSearch(query));
        const nextHref =
          page.next === null
            ? undefined
            : searchUrl('/decisions', query, { cursor: encodeCursor(page.next) });
        return renderPage(
          reply,
          <ArchivePage {...common} statements={page.statements} nextHref={nextHref} />,
        );
      } catch (error) {
        if (isVigilError(error) && error.statusCode === 400) {
          return renderPage(
            reply,
            <ArchivePage {...common} statements={[]} error={searchProblem(lang, error)} />,
            400,
          );
        }
        throw error;
      }
    },
  );

  app.get(
    '/decisions/:id',
    { schema: { params: StatementParams, hide: true } },
    async (request, reply) => {
      const lang = resolveLang(request);
      try {
        const statement = await getStatement(database, request.params.id);
        const successor =
          statement.superseded_by === null
            ? undefined
            : await getStatement(database, statement.superseded_by);
        return renderPage(
          reply,
          <StatementPage
            lang={lang}
            path={request.url}
            statement={statement}
            successor={successor}
          />,
        );
      } catch (error) {
        if (isVigilError(error) && error.code === 'NOT_FOUND') {
          const title = t(lang, 'archive.title');
          return renderPage(
            reply,
            <MessagePage
              lang={lang}
              path={request.url}
              title={title}
              message={t(lang, 'archive.notFound')}
            />,
            404,
          );
        }
        throw error;
      }
    },
  );
  return Promise.resolve();
}
