import type { VNode } from 'preact';

import type { AppealStatusView } from '../../services/appeal.service.ts';
import { formatDateTime } from '../portal/dates.ts';
import { type Lang, t, withLang } from '../portal/i18n.ts';
import { PortalPage } from '../portal/layout.tsx';
import { EVIDENCE_FIELD } from './appeal-form.ts';
import './messages.ts';

export interface AppealFormValues {
  readonly indicator: string;
  readonly reasons: string;
  readonly contact: string;
}

export interface AppealFormPageProps {
  readonly lang: Lang;
  readonly path: string;
  readonly values: AppealFormValues;
  readonly csrfToken: string;
  readonly deadlineDays: number;
  /** Problems by field, in the reader's language. */
  readonly problems?: Readonly<Record<string, string>>;
}

function FieldError({ id, text }: { id: string; text: string | undefined }) {
  return text === undefined ? null : (
    <p class="field-error" id={`${id}-error`}>
      {text}
    </p>
  );
}

/** Renders the appeal form, which works without any script. */
export function AppealFormPage(props: AppealFormPageProps): VNode {
  const { lang, values } = props;
  const problems = props.problems ?? {};
  const listed = Object.entries(problems);
  const described = (id: string) => (problems[id] === undefined ? undefined : `${id}-error`);
  return (
    <PortalPage lang={lang} title={t(lang, 'appeal.title')} path={props.path}>
      <h1>{t(lang, 'appeal.title')}</h1>
      <p class="lead">{t(lang, 'appeal.lead', { days: props.deadlineDays })}</p>
      {listed.length > 0 && (
        <div class="error-summary" role="alert" tabIndex={-1}>
          <p>{t(lang, 'appeal.errors')}</p>
          <ul>
            {listed.map(([field, text]) => (
              <li key={field}>
                <a href={`#${field}`}>{text}</a>
              </li>
            ))}
          </ul>
        </div>
      )}
      <form method="post" action="/appeal" enctype="multipart/form-data" class="appeal-form">
        <input type="hidden" name="_csrf" value={props.csrfToken} />
        <input type="hidden" name="lang" value={lang} />
        <div class="field">
          <label for="indicator">{t(lang, 'appeal.indicator')}</label>
          <input
            id="indicator"
            name="indicator"
            required
            maxLength={2048}
            value={values.indicator}
            aria-describedby={described('indicator')}
            aria-invalid={problems.indicator !== undefined ? 'true' : undefined}
          />
          <FieldError id="indicator" text={problems.indicator} />
        </div>
        <div class="field">
          <label for="reasons">{t(lang, 'appeal.reasons')}</label>
          <p class="hint" id="reasons-hint">
            {t(lang, 'appeal.reasonsHint')}
          </p>
          <textarea
            id="reasons"
            name="reasons"
            required
            rows={6}
            maxLength={4000}
            aria-describedby={described('reasons') ?? 'reasons-hint'}
            aria-invalid={problems.reasons !== undefined ? 'true' : undefined}
          >
            {values.reasons}
          </textarea>
          <FieldError id="reasons" text={problems.reasons} />
        </div>
        <div class="field">
          <label for="contact">{t(lang, 'appeal.contact')}</label>
          <p class="hint" id="contact-hint">
            {t(lang, 'appeal.contactHint')}
          </p>
          <input
            id="contact"
            name="contact"
            maxLength={200}
            autoComplete="email"
            value={values.contact}
            aria-describedby={described('contact') ?? 'contact-hint'}
          />
          <FieldError id="contact" text={problems.contact} />
        </div>
        <div class="field">
          <label for="evidence">{t(lang, 'appeal.evidence')}</label>
          <input
            id="evidence"
            name={EVIDENCE_FIELD}
            type="file"
            multiple
            accept="image/png,image/jpeg,image/webp"
            aria-describedby={described('evidence')}
          />
          <FieldError id="evidence" text={problems.evidence} />
        </div>
        <button type="submit" class="button">
          {t(lang, 'appeal.submit')}
        </button>
      </form>
    </PortalPage>
  );
}

/** Renders the public status of one appeal: outcome and reasons once decided, never a contact. */
export function AppealStatusPage(props: {
  readonly lang: Lang;
  readonly path: string;
  readonly appeal: AppealStatusView;
  /** True right after filing, to show the receipt prominently. */
  readonly justFiled: boolean;
}): VNode {
  const { lang, appeal } = props;
  const link = (id: string | null) =>
    id === null ? null : <a href={withLang(`/decisions/${id}`, lang)}>{id}</a>;
  return (
    <PortalPage lang={lang} title={t(lang, 'appeal.statusTitle')} path={props.path}>
      {props.justFiled && (
        <section class="answer" role="status">
          <h1>{t(lang, 'appeal.received')}</h1>
          <p>{t(lang, 'appeal.receiptIntro')}</p>
          <p class="receipt-code">{appeal.receipt}</p>
        </section>
      )}
      {!props.justFiled && <h1>{t(lang, 'appeal.statusTitle')}</h1>}
      <dl class="appeal-status">
        <dt>{t(lang, 'appeal.field.status')}</dt>
        <dd data-status={appeal.status}>
          <strong>{t(lang, `appeal.status.${appeal.status}`)}</strong>
        </dd>
        <dt>{t(lang, 'appeal.field.indicator')}</dt>
        <dd>
          <code class="value">{appeal.indicator.value}</code>
        </dd>
        <dt>{t(lang, 'appeal.field.created')}</dt>
        <dd>
          <time dateTime={appeal.created_at}>{formatDateTime(appeal.created_at, lang)}</time>
        </dd>
        <dt>{t(lang, 'appeal.field.due')}</dt>
        <dd>
          <time dateTime={appeal.due_at}>{formatDateTime(appeal.due_at, lang)}</time>
        </dd>
        <dt>{t(lang, 'appeal.field.appealed')}</dt>
        <dd>{link(appeal.appealed)}</dd>
        {appeal.decided_at !== null && (
          <>
            <dt>{t(lang, 'appeal.field.decided')}</dt>
            <dd>
              <time dateTime={appeal.decided_at}>{formatDateTime(appeal.decided_at, lang)}</time>
            </dd>
            <dt>{t(lang, 'appeal.field.reasons')}</dt>
            <dd class="outcome-reasons">{appeal.outcome_reasons}</dd>
          </>
        )}
        {appeal.outcome_decision !== null && (
          <>
            <dt>{t(lang, 'appeal.field.outcome')}</dt>
            <dd>{link(appeal.outcome_decision)}</dd>
          </>
        )}
      </dl>
    </PortalPage>
  );
}
