import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';

import { isInputProblem } from '../../domain/reports/input-problem.ts';
import { isVigilError, VigilError } from '../../errors.ts';
import { handleError, handleNotFound } from '../error-handler.ts';
import { type Lang, resolveLang, t } from './i18n.ts';
import { PortalPage, renderPage } from './layout.tsx';
import { describeProblem } from './problems.ts';
import './messages/pages.messages.ts';

const PAGE_STATUSES = new Set([400, 403, 404, 413, 429, 500]);

/** Renders a short page for a failure, with the same status as the response. */
export function ErrorPage(props: {
  lang: Lang;
  path: string;
  statusCode: number;
  title?: string;
  message?: string;
}): VNode {
  const { lang } = props;
  let status = props.statusCode >= 500 ? 500 : 400;
  if (PAGE_STATUSES.has(props.statusCode)) {
    status = props.statusCode;
  }

  return (
    <PortalPage lang={lang} title={props.title ?? t(lang, 'error.title')} path={props.path}>
      <h1>{props.title ?? t(lang, 'error.title')}</h1>
      <p class="lead">{props.message ?? t(lang, `error.${status}`)}</p>
      <p>
        <a href={`/?lang=${lang}`}>{t(lang, 'error.home')}</a>
      </p>
    </PortalPage>
  );
}

/**
 * Handles errors of the portal. API routes send the shared JSON error body with
 * messages in the requested language. Pages get an HTML page with the same
 * status, so a browser never receives JSON.
 */
export function handlePortalError(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  const lang = apiLang(request);
  if (request.url.startsWith('/api/')) {
    return handleError(localize(error, lang), request, reply);
  }

  const statusCode = statusOf(error);
  if (statusCode >= 500) {
    request.log.error({ err: error }, 'request failed');
  } else {
    request.log.info({ code: error.code }, 'request rejected');
  }

  const message = isInputProblem(error) ? describeProblem(lang, error).message : undefined;
  return renderPage(
    reply,
    <ErrorPage
      lang={lang}
      path={request.url}
      statusCode={statusCode}
      {...(message !== undefined && { message })}
    />,
    statusCode,
  );
}

/** Resolves an API request's language: `?lang=`, then the report's `language` field. */
export function apiLang(request: FastifyRequest): Lang {
  const body = request.body as { language?: unknown } | undefined;
  const query = request.query as { lang?: unknown } | undefined;
  if (query?.lang === undefined && (body?.language === 'en' || body?.language === 'vi')) {
    return body.language;
  }
  return resolveLang(request);
}

function statusOf(error: FastifyError): number {
  const status = error.statusCode;
  return status !== undefined && status >= 400 && status < 600 ? status : 500;
}

/** Rewrites messages of problems and limits in `lang`, keeping code, status and field. */
function localize(error: FastifyError, lang: Lang): FastifyError {
  if (isInputProblem(error)) {
    const described = describeProblem(lang, error);
    return new VigilError('INVALID_INPUT', described.message, error.field);
  }
  if (isVigilError(error) && error.code === 'RATE_LIMITED') {
    const key =
      error.field === 'indicators' ? 'problem.value_rate_limited' : 'problem.rate_limited';
    const label = error.field === undefined ? '' : `${t(lang, `field.${error.field}`)}: `;
    return new VigilError('RATE_LIMITED', `${label}${t(lang, key)}`, error.field);
  }
  return error;
}

/**
 * Handles a path that no route serves. A browser requesting a page outside the
 * API, the console and TAXII gets the portal's page in its language. Every
 * other request gets the JSON error body.
 */
export function handlePortalNotFound(request: FastifyRequest, reply: FastifyReply) {
  const path = request.url.split('?')[0] ?? '/';
  const wantsPage =
    (request.method === 'GET' || request.method === 'HEAD') &&
    !path.startsWith('/api/') &&
    !path.startsWith('/console') &&
    !path.startsWith('/taxii2') &&
    (request.headers.accept ?? '').includes('text/html');
  if (!wantsPage) {
    return handleNotFound(request, reply);
  }
  return renderPage(
    reply,
    <ErrorPage lang={resolveLang(request)} path={request.url} statusCode={404} />,
    404,
  );
}
