import type { FastifyPluginCallback } from 'fastify';

import { resolveLang, t } from './i18n.ts';
import { PortalPage, renderPage } from './layout.tsx';
import './messages/pages.messages.ts';
import './messages/report.messages.ts';

const SECTIONS = [
  { href: '/report', title: 'home.report', body: 'home.report.body' },
  { href: '/check', title: 'home.check', body: 'home.check.body' },
  { href: '/warnings', title: 'home.warnings', body: 'home.warnings.body' },
  { href: '/guide', title: 'home.guide', body: 'home.guide.body' },
] as const;

/** `/`: what the portal offers, with a box to check a value at once. */
export const homeRoutes: FastifyPluginCallback = (app, _options, done) => {
  app.get('/', { schema: { hide: true } }, (request, reply) => {
    const lang = resolveLang(request);
    return renderPage(
      reply,
      <PortalPage lang={lang} title={t(lang, 'home.title')} path={request.url}>
        <h1>{t(lang, 'home.heading')}</h1>
        <p class="lead">{t(lang, 'home.lead')}</p>
        <form method="get" action="/check" role="search">
          <input type="hidden" name="lang" value={lang} />
          <label for="home-check">{t(lang, 'check.label')}</label>
          <div class="search-row">
            <input type="search" id="home-check" name="value" autoComplete="off" />
            <button type="submit" class="button">
              {t(lang, 'check.submit')}
            </button>
          </div>
        </form>
        <ul class="cards">
          {SECTIONS.map((section) => (
            <li key={section.href}>
              <h2>
                <a href={`${section.href}?lang=${lang}`}>{t(lang, section.title)}</a>
              </h2>
              <p>{t(lang, section.body)}</p>
            </li>
          ))}
        </ul>
        <form method="get" action="/r">
          <h2>
            <label for="home-receipt">{t(lang, 'home.follow')}</label>
          </h2>
          <input type="hidden" name="lang" value={lang} />
          <div class="search-row">
            <input
              type="text"
              id="home-receipt"
              name="code"
              autoComplete="off"
              placeholder="VGL-XXXX-XXXX-XXX"
              autoCapitalize="characters"
            />
            <button type="submit" class="button secondary">
              {t(lang, 'receipt.lookup.submit')}
            </button>
          </div>
        </form>
      </PortalPage>,
    );
  });
  done();
};
