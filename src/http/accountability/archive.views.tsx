import type { VNode } from 'preact';

import type { Statement } from '../../domain/archive/statement.ts';
import { STATEMENT_ACTIONS } from '../../domain/archive/statement.ts';
import { CATEGORIES, CATEGORY_LABELS, isCategory } from '../../domain/taxonomy.ts';
import { hasMessage, type Lang, t, withLang } from '../portal/i18n.ts';
import { PortalPage } from '../portal/layout.tsx';
import './messages.ts';

export interface ArchivePageProps {
  readonly lang: Lang;
  readonly path: string;
  readonly search: Readonly<Record<string, string | undefined>>;
  readonly statements: readonly Statement[];
  /** Link to the next page, or undefined on the last. */
  readonly nextHref?: string | undefined;
  readonly csvHref: string;
  readonly jsonHref: string;
  readonly error?: string | undefined;
}

export function categoryLabel(lang: Lang, category: string): string {
  return isCategory(category) ? CATEGORY_LABELS[category][lang] : category;
}

/** Formats an ISO time as its UTC day, the precision the archive publishes. */
export function day(iso: string | null): string {
  return iso === null ? '' : iso.slice(0, 10);
}

function IndicatorList({ lang, statement }: { lang: Lang; statement: Statement }) {
  return (
    <ul class="indicator-list">
      {statement.indicators.map((indicator, index) => (
        <li key={index}>
          <span class="muted">{indicator.kind}</span>{' '}
          <code class="value">{indicator.value ?? t(lang, 'archive.restricted')}</code>
        </li>
      ))}
    </ul>
  );
}

function StatementLink({ lang, id }: { lang: Lang; id: string }) {
  return <a href={withLang(`/decisions/${id}`, lang)}>{id}</a>;
}

function SearchForm({ lang, search }: Pick<ArchivePageProps, 'lang' | 'search'>) {
  return (
    <form method="get" action="/decisions" class="search-form" role="search">
      <input type="hidden" name="lang" value={lang} />
      <div class="field">
        <label for="indicator">{t(lang, 'archive.indicator')}</label>
        <input id="indicator" name="indicator" maxLength={2048} value={search.indicator ?? ''} />
      </div>
      <div class="field">
        <label for="category">{t(lang, 'archive.category')}</label>
        <select id="category" name="category">
          <option value="">{t(lang, 'archive.any')}</option>
          {CATEGORIES.map((category) => (
            <option value={category} selected={search.category === category} key={category}>
              {CATEGORY_LABELS[category][lang]}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="action">{t(lang, 'archive.action')}</label>
        <select id="action" name="action">
          <option value="">{t(lang, 'archive.any')}</option>
          {STATEMENT_ACTIONS.map((action) => (
            <option value={action} selected={search.action === action} key={action}>
              {t(lang, `archive.action.${action}`)}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="from">{t(lang, 'archive.from')}</label>
        <input id="from" name="from" type="date" value={search.from ?? ''} />
      </div>
      <div class="field">
        <label for="to">{t(lang, 'archive.to')}</label>
        <input id="to" name="to" type="date" value={search.to ?? ''} />
      </div>
      <button type="submit" class="button">
        {t(lang, 'archive.submit')}
      </button>
    </form>
  );
}

function StatementCard({ lang, statement }: { lang: Lang; statement: Statement }) {
  return (
    <article class="statement" id={statement.id}>
      <h2>
        <a href={withLang(`/decisions/${statement.id}`, lang)}>
          {`${statement.id} · ${t(lang, `archive.action.${statement.action}`)}`}
        </a>
      </h2>
      <p class="muted">
        {`${day(statement.at)} · ${categoryLabel(lang, statement.category)} · ${t(
          lang,
          statement.automated ? 'archive.automated' : 'archive.person',
        )}`}
      </p>
      {statement.superseded_by !== null && (
        <p class="superseded">
          <strong>{t(lang, 'archive.supersededBy')}</strong>{' '}
          <StatementLink lang={lang} id={statement.superseded_by} />
        </p>
      )}
      <IndicatorList lang={lang} statement={statement} />
      <p>{statement.reasons}</p>
    </article>
  );
}

/** Renders the archive's search page with one page of statements. */
export function ArchivePage(props: ArchivePageProps): VNode {
  const { lang } = props;
  return (
    <PortalPage lang={lang} title={t(lang, 'archive.title')} path={props.path}>
      <h1>{t(lang, 'archive.title')}</h1>
      <p class="lead">{t(lang, 'archive.lead')}</p>
      <SearchForm lang={lang} search={props.search} />
      {props.error !== undefined && (
        <div class="error-summary" role="alert">
          <p>{props.error}</p>
        </div>
      )}
      {props.error === undefined && props.statements.length === 0 && (
        <p>{t(lang, 'archive.empty')}</p>
      )}
      <div class="statements">
        {props.statements.map((statement) => (
          <StatementCard lang={lang} statement={statement} key={statement.id} />
        ))}
      </div>
      {props.nextHref !== undefined && (
        <p>
          <a rel="next" class="button" href={props.nextHref}>
            {t(lang, 'archive.next')}
          </a>
        </p>
      )}
      <p class="muted">
        {t(lang, 'archive.formats')} <a href={props.csvHref}>CSV</a> ·{' '}
        <a href={props.jsonHref}>JSON</a>
      </p>
    </PortalPage>
  );
}

function Row({ label, children }: { label: string; children: VNode | string | null }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

/** Renders what replaced a superseded decision: the new decision and the appeal that led to it. */
function SupersededNotice({
  lang,
  statement,
  successor,
}: {
  lang: Lang;
  statement: Statement;
  successor: Statement | undefined;
}) {
  if (statement.superseded_by === null) {
    return null;
  }
  return (
    <div class="answer warn superseded" role="note">
      <p>
        <strong>{t(lang, 'archive.superseded')}</strong> {t(lang, 'archive.supersededLead')}
      </p>
      <p>
        {`${t(lang, 'archive.supersededBy')} `}
        <StatementLink lang={lang} id={statement.superseded_by} />
        {successor !== undefined && ` (${t(lang, `archive.action.${successor.action}`)})`}
        {statement.superseded_by_appeal !== null && (
          <>
            {` ${t(lang, 'archive.afterAppeal')} `}
            <StatementLink lang={lang} id={statement.superseded_by_appeal} />
          </>
        )}
      </p>
    </div>
  );
}

function refersToLabel(statement: Statement): string {
  switch (statement.source) {
    case 'decision':
      return 'archive.field.replaces';
    case 'appeal':
      return 'archive.field.appealed';
    default:
      return 'archive.field.refers_to';
  }
}

/**
 * Renders one statement of reasons in full: what replaced it when it is no
 * longer in force, otherwise how to appeal it.
 */
export function StatementPage(props: {
  readonly lang: Lang;
  readonly path: string;
  readonly statement: Statement;
  /** The decision named by `statement.superseded_by`, when it was found. */
  readonly successor?: Statement | undefined;
}): VNode {
  const { lang, statement } = props;
  const title = `${statement.id} · ${t(lang, `archive.action.${statement.action}`)}`;
  const appealable =
    statement.action !== 'delisted' &&
    statement.action !== 'appeal' &&
    statement.superseded_by === null;
  return (
    <PortalPage lang={lang} title={title} path={props.path}>
      <h1>{title}</h1>
      <SupersededNotice lang={lang} statement={statement} successor={props.successor} />
      <dl class="statement-detail">
        <Row label={t(lang, 'archive.field.at')}>{statement.at}</Row>
        <Row label={t(lang, 'archive.field.indicators')}>
          <IndicatorList lang={lang} statement={statement} />
        </Row>
        <Row label={t(lang, 'archive.category')}>{categoryLabel(lang, statement.category)}</Row>
        <Row label={t(lang, 'archive.field.legal_basis')}>{statement.legal_basis}</Row>
        <Row label={t(lang, 'archive.field.reasons')}>{statement.reasons}</Row>
        <Row label={t(lang, 'archive.field.decided')}>
          {t(lang, statement.automated ? 'archive.automated' : 'archive.person')}
        </Row>
        <Row label={t(lang, 'archive.field.origin')}>{statement.origin}</Row>
        <Row label={t(lang, 'archive.field.expires_at')}>{statement.expires_at ?? ''}</Row>
        <Row label={t(lang, refersToLabel(statement))}>
          {statement.refers_to === null ? null : (
            <StatementLink lang={lang} id={statement.refers_to} />
          )}
        </Row>
        {statement.from_appeal !== null && (
          <Row label={t(lang, 'archive.field.from_appeal')}>
            <StatementLink lang={lang} id={statement.from_appeal} />
          </Row>
        )}
        <Row label={t(lang, 'archive.field.outcome')}>
          <OutcomeText lang={lang} statement={statement} />
        </Row>
      </dl>
      {appealable && (
        <section class="how-to-appeal">
          <p>{t(lang, 'archive.howToAppeal')}</p>
          <p>
            <a class="button" href={withLang('/appeal', lang)}>
              {t(lang, 'archive.appealLink')}
            </a>
          </p>
        </section>
      )}
      <p class="muted">
        <a href={`/api/v1/decisions/${statement.id}`}>JSON</a>
      </p>
    </PortalPage>
  );
}

function OutcomeText({ lang, statement }: { lang: Lang; statement: Statement }) {
  if (statement.superseded_by !== null) {
    return (
      <>
        {`${t(lang, 'archive.supersededBy')} `}
        <StatementLink lang={lang} id={statement.superseded_by} />
      </>
    );
  }
  if (statement.outcome === null) {
    return null;
  }
  const key =
    statement.source === 'appeal'
      ? `appeal.status.${statement.outcome}`
      : `archive.notice.${statement.outcome}`;
  return <>{hasMessage(key) ? t(lang, key) : statement.outcome}</>;
}

/** Renders a short public page for an error, such as a statement that does not exist. */
export function MessagePage(props: {
  readonly lang: Lang;
  readonly path: string;
  readonly title: string;
  readonly message: string;
}): VNode {
  return (
    <PortalPage lang={props.lang} title={props.title} path={props.path}>
      <h1>{props.title}</h1>
      <p>{props.message}</p>
    </PortalPage>
  );
}
