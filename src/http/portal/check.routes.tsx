import type { FastifyPluginCallback } from 'fastify';
import type { VNode } from 'preact';

import { findLookalikes, type LookalikeResult } from '../../domain/brands/lookalike.ts';
import { displayValue } from '../../domain/indicators/parse-indicator.ts';
import { isIndicatorKind } from '../../domain/indicators/indicator.ts';
import { CATEGORY_LABELS, isCategory } from '../../domain/taxonomy.ts';
import { isVigilError } from '../../errors.ts';
import type { LookupResult } from '../../services/lookup.service.ts';
import { listWarningsNaming, type WarningRow } from '../../services/warning.service.ts';
import type { RouteDependencies } from '../app.ts';
import { type Lang, resolveLang, t, tParts } from './i18n.ts';
import { PortalPage, renderPage } from './layout.tsx';
import { formatDate } from './dates.ts';
import './messages/pages.messages.ts';
import './messages/problem.messages.ts';

const MAX_CHECK_LENGTH = 2048;
const BRAND_KINDS = new Set(['url', 'domain']);

/** The outcome of checking one value. */
type CheckOutcome =
  | { readonly state: 'empty' }
  | { readonly state: 'invalid'; readonly value: string }
  | {
      readonly state: 'checked';
      readonly value: string;
      readonly result: LookupResult;
      readonly brands: LookalikeResult | undefined;
      readonly warnings: readonly WarningRow[];
    };

/**
 * `/check?value=…`: the public lookup in plain words, through the same
 * LookupService as `/api/v1/lookup`, with the protected-brand check for links.
 */
export const checkRoutes: FastifyPluginCallback<RouteDependencies> = (
  app,
  { database, lookup },
  done,
) => {
  app.get('/check', { schema: { hide: true } }, async (request, reply) => {
    const lang = resolveLang(request);
    const { value } = request.query as { value?: unknown };
    const typed = typeof value === 'string' ? value.trim().slice(0, MAX_CHECK_LENGTH) : '';
    const outcome = await check(typed);
    const statusCode = outcome.state === 'invalid' ? 400 : 200;
    return renderPage(
      reply,
      <PortalPage lang={lang} title={t(lang, 'check.title')} path={request.url}>
        <h1>{t(lang, 'check.heading')}</h1>
        <CheckForm lang={lang} value={typed} invalid={outcome.state === 'invalid'} />
        {outcome.state === 'checked' && <Answer lang={lang} outcome={outcome} />}
      </PortalPage>,
      statusCode,
    );
  });
  done();

  async function check(typed: string): Promise<CheckOutcome> {
    if (typed === '') {
      return { state: 'empty' };
    }
    try {
      const result = await lookup.lookup(typed, {});
      const named = [
        { kind: result.kind, value: result.canonical },
        ...result.matches.map((match) => ({ kind: match.kind, value: match.value })),
      ];
      const warnings = await listWarningsNaming(database, named);
      return { state: 'checked', value: typed, result, brands: checkBrands(result), warnings };
    } catch (error) {
      if (isVigilError(error) && error.statusCode === 400) {
        return { state: 'invalid', value: typed };
      }
      throw error;
    }
  }
};

function checkBrands(result: LookupResult): LookalikeResult | undefined {
  if (!BRAND_KINDS.has(result.kind)) {
    return undefined;
  }
  return findLookalikes(result.canonical);
}

function CheckForm(props: { lang: Lang; value: string; invalid: boolean }): VNode {
  const { lang } = props;
  return (
    <form method="get" action="/check" role="search">
      <input type="hidden" name="lang" value={lang} />
      <div class="field">
        <label for="value">{t(lang, 'check.label')}</label>
        <span class="hint" id="value-hint">
          {t(lang, 'check.hint')}
        </span>
        {props.invalid && (
          <span class="field-error" id="value-error">
            {t(lang, 'problem.check_invalid')}
          </span>
        )}
        <div class="search-row">
          <input
            type="search"
            id="value"
            name="value"
            value={props.value}
            autoComplete="off"
            spellcheck={false}
            aria-describedby={props.invalid ? 'value-error value-hint' : 'value-hint'}
            aria-invalid={props.invalid ? 'true' : undefined}
          />
          <button type="submit" class="button">
            {t(lang, 'check.submit')}
          </button>
        </div>
      </div>
    </form>
  );
}

function Answer(props: {
  lang: Lang;
  outcome: Extract<CheckOutcome, { state: 'checked' }>;
}): VNode {
  const { lang, outcome } = props;
  const { result, brands } = outcome;
  const displayed = isIndicatorKind(result.kind)
    ? displayValue({ kind: result.kind, value: result.canonical })
    : result.canonical;
  const reportKind = BRAND_KINDS.has(result.kind) ? 'link' : result.kind;
  const reportHref = `/report?lang=${lang}&kind=${encodeURIComponent(reportKind)}&value=${encodeURIComponent(outcome.value)}`;
  return (
    <section aria-live="polite">
      <p class="muted">
        {tParts(lang, 'check.canonical', { value: <span class="value">{displayed}</span> })}
        {/* An internationalized name is shown in ASCII too, so look-alike letters stand out. */}
        {displayed !== result.canonical && (
          <>
            {' '}
            (<span class="value">{result.canonical}</span>)
          </>
        )}
      </p>
      {result.listed ? <Listed lang={lang} result={result} /> : <NotListed lang={lang} />}
      {brands !== undefined && <BrandAnswer lang={lang} brands={brands} />}
      {outcome.warnings.length > 0 && (
        <div class="answer warn">
          <h2>{t(lang, 'check.warnings')}</h2>
          <ul>
            {outcome.warnings.map((warning) => (
              <li key={warning.id}>
                <a href={`/warnings/${warning.slug}?lang=${lang}`}>
                  {lang === 'vi' ? warning.titleVi : warning.titleEn}
                </a>
              </li>
            ))}
          </ul>
        </div>
      )}
      <p>
        <a class="button secondary" href={reportHref}>
          {t(lang, 'check.reportThis')}
        </a>
      </p>
    </section>
  );
}

function Listed({ lang, result }: { lang: Lang; result: LookupResult }): VNode {
  const category =
    result.category !== null && isCategory(result.category)
      ? CATEGORY_LABELS[result.category][lang]
      : (result.category ?? '');
  const since = result.matches.map((match) => match.listed_at).sort()[0];
  const listedValue = result.matches[0]?.value ?? result.canonical;
  return (
    <div class="answer danger">
      <h2>{t(lang, 'check.listed.title')}</h2>
      <p>{t(lang, 'check.listed.kind', { category })}</p>
      {since !== undefined && (
        <p>{t(lang, 'check.listed.since', { date: formatDate(since, lang) })}</p>
      )}
      <h3>{t(lang, 'check.listed.what')}</h3>
      <ul>
        <li>{t(lang, 'check.listed.step1')}</li>
        <li>{t(lang, 'check.listed.step2')}</li>
        <li>{t(lang, 'check.listed.step3')}</li>
      </ul>
      <h3>{t(lang, 'check.listed.help')}</h3>
      <p>
        {t(lang, 'check.listed.helpBody')}{' '}
        <a href={`/guide?lang=${lang}`}>{t(lang, 'guide.title')}</a>
      </p>
      <p>
        <a href={`/appeal?lang=${lang}&indicator=${encodeURIComponent(listedValue)}`}>
          {t(lang, 'check.listed.appeal')}
        </a>
      </p>
    </div>
  );
}

function NotListed({ lang }: { lang: Lang }): VNode {
  return (
    <div class="answer">
      <h2>{t(lang, 'check.clear.title')}</h2>
      <p>{t(lang, 'check.clear.body')}</p>
      <h3>{t(lang, 'check.clear.tips')}</h3>
      <ol>
        <li>{t(lang, 'check.clear.tip1')}</li>
        <li>{t(lang, 'check.clear.tip2')}</li>
        <li>{t(lang, 'check.clear.tip3')}</li>
      </ol>
    </div>
  );
}

function BrandAnswer({ lang, brands }: { lang: Lang; brands: LookalikeResult }): VNode | null {
  if (brands.official !== undefined) {
    const { brand, officialDomain } = brands.official;
    return (
      <div class="answer ok">
        <h2>{t(lang, 'check.official.title', { brand })}</h2>
        <p>{t(lang, 'check.official.body', { brand, domain: officialDomain })}</p>
      </div>
    );
  }
  const hit = brands.hits[0];
  if (hit === undefined) {
    return null;
  }
  const official = hit.officialDomains[0];
  return (
    <div class="answer warn">
      <h2>{t(lang, 'check.imitates.title', { brand: hit.brand })}</h2>
      {official !== undefined && (
        <p>
          {tParts(lang, 'check.imitates.body', {
            brand: hit.brand,
            official: (
              <a href={`https://${official}/`} rel="noopener noreferrer">
                {official}
              </a>
            ),
          })}
        </p>
      )}
    </div>
  );
}
