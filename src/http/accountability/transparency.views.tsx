import type { VNode } from 'preact';

import type { DurationFigures, TransparencyFigures } from '../../domain/transparency/figures.ts';
import { hasMessage, type Lang, t } from '../portal/i18n.ts';
import { PortalPage } from '../portal/layout.tsx';
import { categoryLabel } from './archive.views.tsx';
import { BarChart } from './bar-chart.tsx';
import './messages.ts';

export interface TransparencyPageProps {
  readonly lang: Lang;
  readonly path: string;
  /** The period as typed in the form, days in UTC. */
  readonly from: string;
  readonly to: string;
  readonly figures?: TransparencyFigures | undefined;
  readonly error?: string | undefined;
}

function CountTable({
  lang,
  caption,
  entries,
  label,
}: {
  lang: Lang;
  caption: string;
  entries: Readonly<Record<string, number>>;
  label?: (key: string) => string;
}) {
  return (
    <div class="table-scroll">
      <table class="figures">
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t(lang, 'transparency.key')}</th>
            <th scope="col">{t(lang, 'transparency.value')}</th>
          </tr>
        </thead>
        <tbody>
          {Object.entries(entries).map(([key, value]) => (
            <tr key={key}>
              <th scope="row">{label ? label(key) : key}</th>
              <td>{value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Renders one figure group: a chart read at a glance, then the same numbers as a table. */
function Figure(props: {
  lang: Lang;
  id: string;
  title: string;
  entries: Readonly<Record<string, number>>;
  label?: (key: string) => string;
  /** A sentence on how to read the figure, shown under its heading. */
  note?: string;
}) {
  const empty = Object.keys(props.entries).length === 0;
  return (
    <section class="figure" aria-labelledby={`${props.id}-heading`}>
      <h2 id={`${props.id}-heading`}>{props.title}</h2>
      {props.note !== undefined && <p class="muted">{props.note}</p>}
      {empty ? (
        <p class="muted">{t(props.lang, 'transparency.none')}</p>
      ) : (
        <>
          <BarChart
            id={props.id}
            title={props.title}
            entries={props.entries}
            {...(props.label !== undefined && { label: props.label })}
          />
          <CountTable
            lang={props.lang}
            caption={props.title}
            entries={props.entries}
            {...(props.label !== undefined && { label: props.label })}
          />
        </>
      )}
    </section>
  );
}

function hours(lang: Lang, value: number | null): string {
  return value === null
    ? t(lang, 'transparency.noValue')
    : t(lang, 'transparency.hours', { value });
}

function DurationRows({
  lang,
  name,
  figures,
}: {
  lang: Lang;
  name: string;
  figures: DurationFigures;
}) {
  return (
    <tr>
      <th scope="row">{t(lang, `transparency.label.${name}`)}</th>
      <td>{hours(lang, figures.median_hours)}</td>
      <td>{hours(lang, figures.p90_hours)}</td>
      <td>{figures.count}</td>
    </tr>
  );
}

function labelFor(lang: Lang) {
  return (key: string) => t(lang, `transparency.label.${key}`);
}

/**
 * Returns a labeller for the codes of one vocabulary, such as verdicts. A code
 * without a label, such as a legal basis an operator added, is shown as is.
 */
export function codeLabel(lang: Lang, vocabulary: string): (code: string) => string {
  return (code) => {
    const key = `${vocabulary}.${code}`;
    return hasMessage(key) ? t(lang, key) : code;
  };
}

function Figures({ lang, figures }: { lang: Lang; figures: TransparencyFigures }) {
  const label = labelFor(lang);
  const category = (key: string) => categoryLabel(lang, key);
  const noticeKinds = Object.fromEntries(
    Object.entries(figures.notices.by_organisation_kind).map(([kind, value]) => [kind, value.sent]),
  );
  return (
    <>
      <Figure
        lang={lang}
        id="reports-category"
        title={t(lang, 'transparency.reports.category')}
        entries={figures.reports.by_category}
        label={category}
      />
      <Figure
        lang={lang}
        id="reports-channel"
        title={t(lang, 'transparency.reports.channel')}
        entries={figures.reports.by_channel}
        label={codeLabel(lang, 'transparency.channel')}
      />
      <Figure
        lang={lang}
        id="decisions-verdict"
        title={t(lang, 'transparency.decisions.verdict')}
        entries={figures.decisions.by_verdict}
        label={codeLabel(lang, 'transparency.verdict')}
        note={t(lang, 'transparency.note.verdict')}
      />
      <Figure
        lang={lang}
        id="decisions-basis"
        title={t(lang, 'transparency.decisions.basis')}
        entries={figures.decisions.by_legal_basis}
        label={codeLabel(lang, 'transparency.basis')}
      />
      <Figure
        lang={lang}
        id="decisions-mode"
        title={t(lang, 'transparency.decisions.mode')}
        entries={{ automated: figures.decisions.automated, by_person: figures.decisions.by_person }}
        label={label}
      />
      <Figure
        lang={lang}
        id="listings"
        title={t(lang, 'transparency.listings')}
        entries={{ ...figures.listings, takedowns: figures.takedowns }}
        label={label}
      />
      <Figure
        lang={lang}
        id="notices"
        title={t(lang, 'transparency.notices')}
        entries={noticeKinds}
        label={codeLabel(lang, 'transparency.organisation')}
      />
      <section class="figure" aria-labelledby="notice-times-heading">
        <h2 id="notice-times-heading">{t(lang, 'transparency.noticeTimes')}</h2>
        <div class="table-scroll">
          <table class="figures">
            <thead>
              <tr>
                <th scope="col">{t(lang, 'transparency.key')}</th>
                <th scope="col">{t(lang, 'transparency.label.median')}</th>
                <th scope="col">{t(lang, 'transparency.label.p90')}</th>
                <th scope="col">{t(lang, 'transparency.value')}</th>
              </tr>
            </thead>
            <tbody>
              <DurationRows lang={lang} name="ack" figures={figures.notices.time_to_acknowledge} />
              <DurationRows lang={lang} name="act" figures={figures.notices.time_to_act} />
              <DurationRows lang={lang} name="decide" figures={figures.appeals.time_to_decide} />
            </tbody>
          </table>
        </div>
      </section>
      <Figure
        lang={lang}
        id="appeals"
        title={t(lang, 'transparency.appeals')}
        entries={{
          received: figures.appeals.received,
          decided: figures.appeals.decided,
          ...figures.appeals.by_outcome,
        }}
        label={(key) =>
          key === 'received' || key === 'decided'
            ? label(key)
            : codeLabel(lang, 'appeal.status')(key)
        }
      />
    </>
  );
}

const NOTES = ['period', 'reports', 'decisions', 'listings', 'notices', 'takedowns', 'appeals'];

/** Renders the transparency report of one period: charts, tables, downloads and how each is counted. */
export function TransparencyPage(props: TransparencyPageProps): VNode {
  const { lang } = props;
  const query = `from=${encodeURIComponent(props.from)}&to=${encodeURIComponent(props.to)}`;
  return (
    <PortalPage lang={lang} title={t(lang, 'transparency.title')} path={props.path}>
      <h1>{t(lang, 'transparency.title')}</h1>
      <p class="lead">{t(lang, 'transparency.lead')}</p>
      <form method="get" action="/transparency" class="search-form">
        <input type="hidden" name="lang" value={lang} />
        <fieldset>
          <legend>{t(lang, 'transparency.period')}</legend>
          <label for="from">{t(lang, 'archive.from')}</label>
          <input id="from" name="from" type="date" required value={props.from} />
          <label for="to">{t(lang, 'archive.to')}</label>
          <input id="to" name="to" type="date" required value={props.to} />
          <button type="submit" class="button">
            {t(lang, 'transparency.show')}
          </button>
        </fieldset>
      </form>
      {props.error !== undefined && (
        <div class="error-summary" role="alert">
          <p>{props.error}</p>
        </div>
      )}
      {props.figures !== undefined && (
        <>
          <p>
            {t(lang, 'transparency.download')}{' '}
            <a href={`/api/v1/transparency?${query}&format=csv`}>CSV</a> ·{' '}
            <a href={`/api/v1/transparency?${query}`}>JSON</a>
          </p>
          <Figures lang={lang} figures={props.figures} />
        </>
      )}
      <section aria-labelledby="how-counted">
        <h2 id="how-counted">{t(lang, 'transparency.howCounted')}</h2>
        <ul>
          {NOTES.map((note) => (
            <li key={note}>{t(lang, `transparency.note.${note}`)}</li>
          ))}
        </ul>
      </section>
    </PortalPage>
  );
}
