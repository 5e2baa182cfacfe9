import type { FastifyPluginCallback } from 'fastify';

import { parseReceiptCode } from '../../domain/receipts/receipt-code.ts';
import { CATEGORY_LABELS, isCategory } from '../../domain/taxonomy.ts';
import { getReportStatus } from '../../services/report.service.ts';
import type { RouteDependencies } from '../app.ts';
import { formatDateTime } from './dates.ts';
import { type Lang, resolveLang, t } from './i18n.ts';
import { PortalPage, renderPage } from './layout.tsx';
import './messages/report.messages.ts';

/**
 * Receipt lookups per client address and minute. Codes cannot be guessed at
 * any rate, so the limit only keeps one address from crawling the pages.
 */
export const RECEIPT_RATE_LIMIT = { max: 60, timeWindow: 60_000 };

/**
 * `/r/CODE`: the status history of one report, which is all the receipt code
 * reveals. `/r?code=…` takes a typed code and redirects to its page.
 */
export const receiptRoutes: FastifyPluginCallback<RouteDependencies> = (
  app,
  { database, config },
  done,
) => {
  app.get('/r', { schema: { hide: true } }, (request, reply) => {
    const lang = resolveLang(request);
    const { code } = request.query as { code?: unknown };
    const typed = typeof code === 'string' ? code.slice(0, 100) : '';
    const parsed = parseReceiptCode(typed);
    if (parsed.ok) {
      return reply.redirect(`/r/${parsed.code}?lang=${lang}`, 303);
    }
    return renderPage(
      reply,
      <NotFound
        lang={lang}
        path={request.url}
        code={typed}
        wrongCheck={parsed.problem === 'check'}
      />,
      typed === '' ? 200 : 404,
    );
  });

  app.get(
    '/r/:code',
    { schema: { hide: true }, config: { rateLimit: RECEIPT_RATE_LIMIT } },
    async (request, reply) => {
      const lang = resolveLang(request);
      const { code } = request.params as { code: string };
      const query = request.query as { sent?: unknown; joined?: unknown };
      const parsed = parseReceiptCode(code.slice(0, 100));
      const report = parsed.ok ? await getReportStatus(database, parsed.code) : undefined;
      if (report === undefined) {
        const wrongCheck = !parsed.ok && parsed.problem === 'check';
        return renderPage(
          reply,
          <NotFound
            lang={lang}
            path={request.url}
            code={code.slice(0, 100)}
            wrongCheck={wrongCheck}
          />,
          404,
        );
      }
      const statusUrl = `/r/${report.receipt}`;
      // The link is shown in full so it can be copied into a message. Without
      // VIGIL_PUBLIC_URL the host comes from the request, and rendering escapes it.
      const origin = config.sharing.publicUrlConfigured
        ? config.sharing.publicUrl
        : `${request.protocol}://${request.host}`;
      const absoluteStatusUrl = `${origin}${statusUrl}`;
      return renderPage(
        reply,
        <PortalPage
          lang={lang}
          title={t(lang, 'receipt.title', { code: report.receipt })}
          path={request.url}
        >
          <h1>{t(lang, 'receipt.title', { code: report.receipt })}</h1>
          {query.sent === '1' && (
            <div class="answer ok" role="status">
              <h2>{t(lang, 'receipt.thanks')}</h2>
              {query.joined === '1' && <p>{t(lang, 'receipt.joined')}</p>}
              <p>{t(lang, 'receipt.next')}</p>
            </div>
          )}
          <p>
            {t(lang, 'receipt.code')}: <span class="receipt-code">{report.receipt}</span>
          </p>
          <p>{t(lang, 'receipt.keep')}</p>
          <p>
            {t(lang, 'receipt.link')}: <a href={statusUrl}>{absoluteStatusUrl}</a>
          </p>
          <p>
            {t(lang, 'receipt.category')}:{' '}
            {isCategory(report.category) ? CATEGORY_LABELS[report.category][lang] : report.category}
          </p>
          <h2>{t(lang, 'receipt.status')}</h2>
          <p>
            <strong>{t(lang, `status.${report.status}`)}</strong>:{' '}
            {t(lang, `status.${report.status}.explain`)}
          </p>
          <h2>{t(lang, 'receipt.history')}</h2>
          <ol class="timeline">
            {report.events.map((event, index) => (
              <li key={index}>
                <time dateTime={event.at}>{formatDateTime(event.at, lang)}</time>
                {' · '}
                <strong>{t(lang, `status.${event.status}`)}</strong>
                {event.publicNote !== null && <p>{event.publicNote}</p>}
              </li>
            ))}
          </ol>
        </PortalPage>,
      );
    },
  );
  done();
};

function NotFound(props: { lang: Lang; path: string; code: string; wrongCheck: boolean }) {
  const { lang } = props;
  const notFound = props.code !== '';
  const message = props.wrongCheck ? 'receipt.invalid.check' : 'receipt.notFound.body';
  return (
    <PortalPage
      lang={lang}
      title={t(lang, notFound ? 'receipt.notFound' : 'receipt.lookup')}
      path={props.path}
    >
      <h1>{t(lang, notFound ? 'receipt.notFound' : 'receipt.lookup')}</h1>
      {notFound && <p class="lead">{t(lang, message, { code: props.code })}</p>}
      <form method="get" action="/r">
        <input type="hidden" name="lang" value={lang} />
        <label for="receipt-code">{t(lang, 'receipt.lookup.label')}</label>
        <div class="search-row">
          <input
            type="text"
            id="receipt-code"
            name="code"
            value={props.code}
            autoComplete="off"
            autoCapitalize="characters"
          />
          <button type="submit" class="button">
            {t(lang, 'receipt.lookup.submit')}
          </button>
        </div>
      </form>
    </PortalPage>
  );
}
