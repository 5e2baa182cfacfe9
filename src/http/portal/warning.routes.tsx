import type { FastifyPluginCallback, FastifyRequest } from 'fastify';

import { displayValue } from '../../domain/indicators/parse-indicator.ts';
import { isIndicatorKind } from '../../domain/indicators/indicator.ts';
import { CATEGORY_LABELS, isCategory } from '../../domain/taxonomy.ts';
import { getWarning, listWarnings, type WarningRow } from '../../services/warning.service.ts';
import type { RouteDependencies } from '../app.ts';
import { type Lang, resolveLang, t } from './i18n.ts';
import { PortalPage, renderPage } from './layout.tsx';
import { renderMarkdown } from './markdown.ts';
import { ErrorPage } from './portal-errors.tsx';
import { formatDate } from './dates.ts';
import './messages/pages.messages.ts';

const FEED_PATH = '/warnings/feed.atom';
const FEED_SIZE = 50;

/** `/warnings`: the list, a page for each warning, and an Atom feed in each language. */
export const warningRoutes: FastifyPluginCallback<RouteDependencies> = (
  app,
  { database },
  done,
) => {
  app.get('/warnings', { schema: { hide: true } }, async (request, reply) => {
    const lang = resolveLang(request);
    const warnings = await listWarnings(database);
    const feed = `${FEED_PATH}?lang=${lang}`;
    return renderPage(
      reply,
      <PortalPage
        lang={lang}
        title={t(lang, 'warnings.title')}
        path={request.url}
        head={<link rel="alternate" type="application/atom+xml" href={feed} />}
      >
        <h1>{t(lang, 'warnings.heading')}</h1>
        <p class="lead">{t(lang, 'warnings.lead')}</p>
        {warnings.length === 0 ? (
          <p>{t(lang, 'warnings.empty')}</p>
        ) : (
          <ul class="cards">
            {warnings.map((warning) => (
              <li key={warning.id}>
                <h2>
                  <a href={`/warnings/${warning.slug}?lang=${lang}`}>{titleOf(warning, lang)}</a>
                </h2>
                <p class="muted">
                  {t(lang, 'warnings.published', { date: formatDate(warning.publishedAt, lang) })}
                  {' · '}
                  {categoryLabel(warning.category, lang)}
                </p>
              </li>
            ))}
          </ul>
        )}
        <p>
          <a href={feed}>{t(lang, 'warnings.feed')}</a>
        </p>
      </PortalPage>,
    );
  });

  app.get(FEED_PATH, { schema: { hide: true } }, async (request, reply) => {
    const lang = resolveLang(request);
    const warnings = await listWarnings(database, FEED_SIZE);
    return reply
      .type('application/atom+xml; charset=utf-8')
      .send(renderAtomFeed(warnings, lang, baseUrl(request)));
  });

  app.get('/warnings/:slug', { schema: { hide: true } }, async (request, reply) => {
    const lang = resolveLang(request);
    const { slug } = request.params as { slug: string };
    const warning = await getWarning(database, slug);
    if (warning === undefined) {
      return renderPage(
        reply,
        <ErrorPage
          lang={lang}
          path={request.url}
          statusCode={404}
          title={t(lang, 'warnings.notFound')}
        />,
        404,
      );
    }
    const body = renderMarkdown(lang === 'vi' ? warning.bodyVi : warning.bodyEn);
    return renderPage(
      reply,
      <PortalPage lang={lang} title={titleOf(warning, lang)} path={request.url}>
        <p>
          <a href={`/warnings?lang=${lang}`}>{t(lang, 'warnings.back')}</a>
        </p>
        <h1>{titleOf(warning, lang)}</h1>
        <p class="muted">
          <time dateTime={warning.publishedAt}>
            {t(lang, 'warnings.published', { date: formatDate(warning.publishedAt, lang) })}
          </time>
          {' · '}
          {categoryLabel(warning.category, lang)}
        </p>
        {/* Reviewed raw output: markdown-it with html disabled escapes every text. */}
        <div class="prose" dangerouslySetInnerHTML={{ __html: body }} />
        {warning.indicators.length > 0 && (
          <>
            <h2>{t(lang, 'warnings.indicators')}</h2>
            <ul>
              {warning.indicators.map((indicator) => (
                <li key={`${indicator.kind}:${indicator.value}`}>
                  <a
                    class="value"
                    href={`/check?lang=${lang}&value=${encodeURIComponent(indicator.value)}`}
                  >
                    {isIndicatorKind(indicator.kind)
                      ? displayValue({ kind: indicator.kind, value: indicator.value })
                      : indicator.value}
                  </a>
                </li>
              ))}
            </ul>
          </>
        )}
      </PortalPage>,
    );
  });
  done();
};

function titleOf(warning: WarningRow, lang: Lang): string {
  return lang === 'vi' ? warning.titleVi : warning.titleEn;
}

function categoryLabel(category: string, lang: Lang): string {
  return isCategory(category) ? CATEGORY_LABELS[category][lang] : category;
}

function baseUrl(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

/** Escapes text for XML content and attribute values. */
export function escapeXml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** Writes the warnings as an Atom 1.0 feed (RFC 4287), the body as escaped HTML. */
export function renderAtomFeed(warnings: readonly WarningRow[], lang: Lang, base: string): string {
  const updated = warnings.reduce(
    (latest, warning) => (warning.updatedAt > latest ? warning.updatedAt : latest),
    '1970-01-01T00:00:00.000Z',
  );
  const entries = warnings.map((warning) => {
    const url = `${base}/warnings/${warning.slug}`;
    const html = renderMarkdown(lang === 'vi' ? warning.bodyVi : warning.bodyEn);
    return [
      '  <entry>',
      `    <id>${escapeXml(url)}</id>`,
      `    <title>${escapeXml(titleOf(warning, lang))}</title>`,
      `    <link rel="alternate" type="text/html" href="${escapeXml(`${url}?lang=${lang}`)}"/>`,
      `    <published>${escapeXml(warning.publishedAt)}</published>`,
      `    <updated>${escapeXml(warning.updatedAt)}</updated>`,
      `    <category term="${escapeXml(warning.category)}" label="${escapeXml(categoryLabel(warning.category, lang))}"/>`,
      `    <content type="html">${escapeXml(html)}</content>`,
      '  </entry>',
    ].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${lang}">`,
    `  <id>${escapeXml(`${base}${FEED_PATH}?lang=${lang}`)}</id>`,
    `  <title>${escapeXml(t(lang, 'warnings.heading'))}</title>`,
    `  <link rel="self" type="application/atom+xml" href="${escapeXml(`${base}${FEED_PATH}?lang=${lang}`)}"/>`,
    `  <link rel="alternate" type="text/html" href="${escapeXml(`${base}/warnings?lang=${lang}`)}"/>`,
    `  <updated>${escapeXml(updated)}</updated>`,
    `  <author><name>${escapeXml(t(lang, 'layout.siteName'))}</name></author>`,
    ...entries,
    '</feed>',
    '',
  ].join('\n');
}
