import type { FastifyReply } from 'fastify';
import type { ComponentChildren, VNode } from 'preact';
import { render } from 'preact-render-to-string';

import { type Lang, otherLang, rememberLang, t, withLang } from './i18n.ts';
import './messages/layout.messages.ts';

/** Style sheet that every portal page links, served by the portal plugin. */
export const PORTAL_STYLESHEET = '/assets/portal.css';

export interface PortalPageProps {
  readonly lang: Lang;
  /** Title of the page, to which the site name is appended. */
  readonly title: string;
  /**
   * The URL of the page as requested (path and query, as `request.url`), so
   * the language switch leads to the same page and the navigation marks it.
   */
  readonly path: string;
  readonly children?: ComponentChildren;
  /** Scripts under /assets to load with `defer`. The page must work without them. */
  readonly scripts?: readonly string[];
  /** Extra `<head>` elements, such as a feed link. */
  readonly head?: ComponentChildren;
}

const NAV_ITEMS = [
  { href: '/', key: 'layout.nav.home' },
  { href: '/report', key: 'layout.nav.report' },
  { href: '/check', key: 'layout.nav.check' },
  { href: '/warnings', key: 'layout.nav.warnings' },
  { href: '/guide', key: 'layout.nav.guide' },
] as const;

const FOOTER_ITEMS = [
  { href: '/code-of-conduct', key: 'layout.footer.conduct' },
  { href: '/decisions', key: 'layout.footer.decisions' },
  { href: '/transparency', key: 'layout.footer.transparency' },
  { href: '/appeal', key: 'layout.footer.appeal' },
  { href: '/api/docs', key: 'layout.footer.api' },
] as const;

/**
 * Renders the whole HTML document of a public page: skip link, header with the
 * language switch, navigation, main content and footer. Preact escapes values,
 * and nothing here renders raw HTML.
 */
export function PortalPage(props: PortalPageProps): VNode {
  const { lang, path } = props;
  const pathname = path.split('?')[0] ?? '/';
  const switchLang = otherLang(lang);
  return (
    <html lang={lang}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · ${t(lang, 'layout.siteName')}`}</title>
        <link rel="stylesheet" href={PORTAL_STYLESHEET} />
        <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml" />
        <link rel="alternate" hrefLang={switchLang} href={withLang(path, switchLang)} />
        {props.head}
        {props.scripts?.map((src) => (
          <script src={src} defer key={src} />
        ))}
      </head>
      <body>
        <a class="skip-link" href="#main">
          {t(lang, 'layout.skip')}
        </a>
        <header class="site-header">
          <div class="container header-row">
            <a class="site-name" href={withLang('/', lang)}>
              {t(lang, 'layout.siteName')}
              <span class="tagline">{t(lang, 'layout.tagline')}</span>
            </a>
            <a
              class="lang-switch"
              href={withLang(path, switchLang)}
              hrefLang={switchLang}
              lang={switchLang}
              aria-label={t(lang, 'layout.switchLabel')}
            >
              {t(lang, 'layout.switchTo')}
            </a>
          </div>
          <nav class="site-nav" aria-label={t(lang, 'layout.nav')}>
            <ul class="container">
              {NAV_ITEMS.map((item) => (
                <li key={item.href}>
                  <a
                    href={withLang(item.href, lang)}
                    aria-current={isCurrent(pathname, item.href) ? 'page' : undefined}
                  >
                    {t(lang, item.key)}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        </header>
        <main id="main" class="container" tabIndex={-1}>
          {props.children}
        </main>
        <footer class="site-footer">
          <div class="container">
            <p>{t(lang, 'layout.footer.emergency')}</p>
            <nav aria-label={t(lang, 'layout.footer')}>
              <ul>
                {FOOTER_ITEMS.map((item) => (
                  <li key={item.href}>
                    <a href={withLang(item.href, lang)}>{t(lang, item.key)}</a>
                  </li>
                ))}
              </ul>
            </nav>
          </div>
        </footer>
      </body>
    </html>
  );
}

function isCurrent(pathname: string, href: string): boolean {
  return href === '/' ? pathname === '/' : pathname === href || pathname.startsWith(`${href}/`);
}

/** Renders `element` (usually a PortalPage) to a full HTML document. */
export function renderDocument(element: VNode): string {
  return `<!doctype html>${render(element)}`;
}

/**
 * Sends `element` as an HTML page with the given status (200 by default), and
 * keeps a language chosen with `?lang=` in the language cookie.
 */
export function renderPage(reply: FastifyReply, element: VNode, statusCode = 200): FastifyReply {
  rememberLang(reply.request, reply);
  return reply
    .status(statusCode)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(renderDocument(element));
}
