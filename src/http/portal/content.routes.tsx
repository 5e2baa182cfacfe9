import { readFileSync } from 'node:fs';

import type { FastifyPluginCallback } from 'fastify';

import { type Lang, LANGS, resolveLang, t } from './i18n.ts';
import { PortalPage, renderPage } from './layout.tsx';
import { renderMarkdown } from './markdown.ts';
import './messages/pages.messages.ts';

const CONTENT_DIR = new URL('../../../content/', import.meta.url);

const PAGES = [
  { path: '/guide', name: 'guide', title: 'guide.title' },
  { path: '/code-of-conduct', name: 'code-of-conduct', title: 'conduct.title' },
] as const;

/**
 * `/guide` and `/code-of-conduct`, from `content/<name>.<lang>.md`. The files
 * are rendered once at start-up, with raw HTML disabled.
 */
export const contentRoutes: FastifyPluginCallback = (app, _options, done) => {
  for (const page of PAGES) {
    const html = Object.fromEntries(
      LANGS.map((lang) => [lang, renderMarkdown(readContent(page.name, lang))]),
    ) as Record<Lang, string>;
    app.get(page.path, { schema: { hide: true } }, (request, reply) => {
      const lang = resolveLang(request);
      return renderPage(
        reply,
        <PortalPage lang={lang} title={t(lang, page.title)} path={request.url}>
          {/* Reviewed raw output: markdown-it with html disabled escapes every text. */}
          <div class="prose" dangerouslySetInnerHTML={{ __html: html[lang] }} />
        </PortalPage>,
      );
    });
  }
  done();
};

function readContent(name: string, lang: Lang): string {
  return readFileSync(new URL(`${name}.${lang}.md`, CONTENT_DIR), 'utf8');
}
