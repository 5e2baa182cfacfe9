import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';

import { figuresToCsv } from '../../domain/transparency/figures-csv.ts';
import { recentDays } from '../../domain/transparency/period.ts';
import { isVigilError } from '../../errors.ts';
import { getTransparencyReport } from '../../services/transparency.service.ts';
import type { RouteDependencies } from '../app.ts';
import { resolveLang } from '../portal/i18n.ts';
import { renderPage } from '../portal/layout.tsx';
import { searchProblem } from './archive.routes.tsx';
import { TransparencyPage } from './transparency.views.tsx';

const PeriodQuery = Type.Object({
  from: Type.Optional(Type.String({ maxLength: 40, description: 'First day, such as 2026-01-01' })),
  to: Type.Optional(Type.String({ maxLength: 40, description: 'Last day, included' })),
  format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])),
  lang: Type.Optional(Type.String({ maxLength: 8 })),
});

/** Days the report covers when no period is chosen. */
const DEFAULT_DAYS = 30;

function defaultPeriod(): { from: string; to: string } {
  const period = recentDays(new Date(), DEFAULT_DAYS);
  const lastDay = new Date(Date.parse(period.to) - 86_400_000);
  return { from: period.from.slice(0, 10), to: lastDay.toISOString().slice(0, 10) };
}

/** Registers `/transparency` and `/api/v1/transparency` (JSON, or CSV with format=csv). */
export function transparencyRoutes(
  scope: FastifyInstance,
  { database }: RouteDependencies,
): Promise<void> {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/v1/transparency',
    {
      schema: {
        summary: 'Transparency figures of a period',
        description:
          'Counts of reports, decisions, listings, notices and appeals between from and to ' +
          '(days in UTC, both included; the last 30 days by default). format=csv gives the ' +
          'same numbers as rows of figure, key and value.',
        tags: ['transparency'],
        querystring: PeriodQuery,
      },
    },
    async (request, reply) => {
      const fallback = defaultPeriod();
      const figures = await getTransparencyReport(
        database,
        request.query.from ?? fallback.from,
        request.query.to ?? fallback.to,
      );
      reply.header('cache-control', 'public, max-age=300');
      if (request.query.format === 'csv') {
        return reply.type('text/csv; charset=utf-8').send(figuresToCsv(figures));
      }
      return figures;
    },
  );

  app.get(
    '/transparency',
    { schema: { querystring: PeriodQuery, hide: true } },
    async (request, reply) => {
      const lang = resolveLang(request);
      const fallback = defaultPeriod();
      const from = request.query.from ?? fallback.from;
      const to = request.query.to ?? fallback.to;
      const common = { lang, path: request.url, from, to };
      try {
        const figures = await getTransparencyReport(database, from, to);
        return renderPage(reply, <TransparencyPage {...common} figures={figures} />);
      } catch (error) {
        if (isVigilError(error) && error.statusCode === 400) {
          return renderPage(
            reply,
            <TransparencyPage {...common} error={searchProblem(lang, error)} />,
            400,
          );
        }
        throw error;
      }
    },
  );
  return Promise.resolve();
}
