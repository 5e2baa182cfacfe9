import type { VNode } from 'preact';

import { CHANNELS, REPORTED_KINDS } from '../../domain/reports/report-input.ts';
import { CATEGORIES, CATEGORY_LABELS } from '../../domain/taxonomy.ts';
import { type Lang, t } from './i18n.ts';
import type { FieldProblem } from './problems.ts';
import './messages/report.messages.ts';

/** Number of value rows on the form. The API accepts up to ten. */
export const FORM_ROWS = 3;
const DEFAULT_ROW_KINDS = ['link', 'phone', 'bank_account'] as const;

/** The values the reader typed, shown again when the form comes back with errors. */
export interface ReportFormValues {
  readonly rows: readonly { readonly kind: string; readonly value: string }[];
  readonly category: string;
  readonly channel: string;
  readonly seenAt: string;
  readonly description: string;
  readonly moneyLost: boolean;
  readonly amountLost: string;
  readonly contact: string;
}

export const EMPTY_REPORT_FORM: ReportFormValues = {
  rows: DEFAULT_ROW_KINDS.map((kind) => ({ kind, value: '' })),
  category: '',
  channel: '',
  seenAt: '',
  description: '',
  moneyLost: false,
  amountLost: '',
  contact: '',
};

export interface ReportFormProps {
  readonly lang: Lang;
  readonly values: ReportFormValues;
  /** Problems keyed by the id of the form control they belong to. */
  readonly problems: ReadonlyMap<string, FieldProblem>;
  /** Problems with no control of their own, such as an expired page. */
  readonly formProblems: readonly FieldProblem[];
  readonly csrfToken: string;
  /** The proof-of-work challenge as JSON, for the page script. */
  readonly challenge: string;
}

/**
 * Renders the report form. It posts as multipart without any script, and the script
 * only adds the proof-of-work. Each error is tied to its control by
 * aria-describedby and listed, with links, in a summary at the top.
 */
export function ReportForm(props: ReportFormProps): VNode {
  const { lang, values, problems } = props;
  const allProblems = [...props.formProblems, ...problems.values()];
  return (
    <form
      method="post"
      action={`/report?lang=${lang}`}
      enctype="multipart/form-data"
      data-altcha-challenge={props.challenge}
      noValidate
    >
      {allProblems.length > 0 && <ErrorSummary lang={lang} form={props} />}
      <input type="hidden" name="_csrf" value={props.csrfToken} />
      <input type="hidden" name="lang" value={lang} />
      <input type="hidden" name="altcha" value="" />

      <fieldset>
        <legend>{t(lang, 'report.what')}</legend>
        <span class="hint" id="what-hint">
          {t(lang, 'report.what.hint')}
        </span>
        {values.rows.map((row, index) => (
          <IndicatorRow key={index} lang={lang} index={index} row={row} problems={problems} />
        ))}
      </fieldset>

      <Select
        lang={lang}
        id="category"
        label={t(lang, 'report.category')}
        value={values.category}
        problems={problems}
        options={CATEGORIES.filter((category) => category !== 'unspecified').map((category) => ({
          value: category,
          label: CATEGORY_LABELS[category][lang],
        }))}
      />
      <Select
        lang={lang}
        id="channel"
        label={t(lang, 'report.channel')}
        value={values.channel}
        problems={problems}
        options={CHANNELS.map((channel) => ({
          value: channel,
          label: t(lang, `channel.${channel}`),
        }))}
      />

      <Field
        id="seenAt"
        label={t(lang, 'report.seenAt')}
        hint={t(lang, 'report.seenAt.hint')}
        problems={problems}
      >
        {(describedBy, invalid) => (
          <input
            type="date"
            id="seenAt"
            name="seenAt"
            value={values.seenAt}
            aria-describedby={describedBy}
            aria-invalid={invalid}
          />
        )}
      </Field>

      <Field
        id="description"
        label={t(lang, 'report.description')}
        hint={t(lang, 'report.description.hint')}
        problems={problems}
      >
        {(describedBy, invalid) => (
          <textarea
            id="description"
            name="description"
            rows={5}
            required
            maxLength={5000}
            aria-describedby={describedBy}
            aria-invalid={invalid}
          >
            {values.description}
          </textarea>
        )}
      </Field>

      <div class="field">
        <label class="choice" for="moneyLost">
          <input
            type="checkbox"
            id="moneyLost"
            name="moneyLost"
            value="yes"
            checked={values.moneyLost}
          />
          {t(lang, 'report.moneyLost')}
        </label>
      </div>
      <Field id="amountLost" label={t(lang, 'report.amountLost')} problems={problems}>
        {(describedBy, invalid) => (
          <input
            type="text"
            inputMode="numeric"
            id="amountLost"
            name="amountLost"
            value={values.amountLost}
            autoComplete="off"
            aria-describedby={describedBy}
            aria-invalid={invalid}
          />
        )}
      </Field>

      <Field
        id="screenshots"
        label={t(lang, 'report.screenshots')}
        hint={t(lang, 'report.screenshots.hint')}
        problems={problems}
      >
        {(describedBy, invalid) => (
          <input
            type="file"
            id="screenshots"
            name="screenshots"
            accept="image/png,image/jpeg,image/webp"
            multiple
            aria-describedby={describedBy}
            aria-invalid={invalid}
          />
        )}
      </Field>

      <Field
        id="contact"
        label={t(lang, 'report.contact')}
        hint={t(lang, 'report.contact.hint')}
        problems={problems}
      >
        {(describedBy, invalid) => (
          <input
            type="text"
            id="contact"
            name="contact"
            value={values.contact}
            maxLength={500}
            autoComplete="off"
            aria-describedby={describedBy}
            aria-invalid={invalid}
          />
        )}
      </Field>

      <p class="muted">{t(lang, 'report.privacy')}</p>
      <p id="proof-status" role="status" data-pending={t(lang, 'report.proof.pending')} />
      <button type="submit" class="button">
        {t(lang, 'report.submit')}
      </button>
    </form>
  );
}

function ErrorSummary({ lang, form }: { lang: Lang; form: ReportFormProps }): VNode {
  const entries: { id: string | undefined; problem: FieldProblem }[] = [
    ...form.formProblems.map((problem) => ({ id: undefined, problem })),
    ...[...form.problems.entries()].map(([id, problem]) => ({ id, problem })),
  ];
  return (
    <div
      class="error-summary"
      id="error-summary"
      tabIndex={-1}
      autoFocus
      role="alert"
      aria-labelledby="error-summary-title"
    >
      <h2 id="error-summary-title">{t(lang, 'report.errors.title', { count: entries.length })}</h2>
      <p>{t(lang, 'report.errors.lead')}</p>
      <ul>
        {entries.map(({ id, problem }) => (
          <li key={`${id ?? ''}${problem.message}`}>
            {id === undefined ? problem.message : <a href={`#${id}`}>{problem.message}</a>}
          </li>
        ))}
      </ul>
    </div>
  );
}

function IndicatorRow(props: {
  lang: Lang;
  index: number;
  row: { kind: string; value: string };
  problems: ReadonlyMap<string, FieldProblem>;
}): VNode {
  const { lang, index, row, problems } = props;
  const kindId = `kind_${index}`;
  const valueId = `value_${index}`;
  const problem = problems.get(valueId) ?? problems.get(kindId);
  const errorId = `${valueId}-error`;
  const label =
    index === 0
      ? t(lang, 'report.item', { number: index + 1 })
      : t(lang, 'report.item.optional', { number: index + 1 });
  return (
    <div class="indicator-row" role="group" aria-labelledby={`row_${index}_label`}>
      <span id={`row_${index}_label`} class="hint">
        <strong>{label}</strong>
      </span>
      <div>
        <label for={kindId}>{t(lang, 'report.kind')}</label>
        <select id={kindId} name={kindId} aria-invalid={problems.has(kindId) ? 'true' : undefined}>
          {REPORTED_KINDS.map((kind) => (
            <option key={kind} value={kind} selected={row.kind === kind}>
              {t(lang, `kind.${kind}`)}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label for={valueId}>{t(lang, 'report.value')}</label>
        {problem !== undefined && (
          <span class="field-error" id={errorId}>
            {problem.problem}
          </span>
        )}
        <textarea
          class="value-input"
          id={valueId}
          name={valueId}
          rows={row.kind === 'message' ? 4 : 1}
          maxLength={5000}
          autoComplete="off"
          spellcheck={false}
          aria-describedby={problem === undefined ? 'what-hint' : `${errorId} what-hint`}
          aria-invalid={problem === undefined ? undefined : 'true'}
        >
          {row.value}
        </textarea>
      </div>
    </div>
  );
}

function Field(props: {
  id: string;
  label: string;
  hint?: string;
  problems: ReadonlyMap<string, FieldProblem>;
  children: (describedBy: string | undefined, invalid: 'true' | undefined) => VNode;
}): VNode {
  const problem = props.problems.get(props.id);
  const hintId = props.hint === undefined ? undefined : `${props.id}-hint`;
  const errorId = problem === undefined ? undefined : `${props.id}-error`;
  const describedBy = [errorId, hintId].filter((id) => id !== undefined).join(' ') || undefined;
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      {props.hint !== undefined && (
        <span class="hint" id={hintId}>
          {props.hint}
        </span>
      )}
      {problem !== undefined && (
        <span class="field-error" id={errorId}>
          {problem.problem}
        </span>
      )}
      {props.children(describedBy, problem === undefined ? undefined : 'true')}
    </div>
  );
}

function Select(props: {
  lang: Lang;
  id: string;
  label: string;
  value: string;
  options: readonly { value: string; label: string }[];
  problems: ReadonlyMap<string, FieldProblem>;
}): VNode {
  return (
    <Field id={props.id} label={props.label} problems={props.problems}>
      {(describedBy, invalid) => (
        <select
          id={props.id}
          name={props.id}
          required
          aria-describedby={describedBy}
          aria-invalid={invalid}
        >
          <option value="" selected={props.value === ''}>
            {t(props.lang, 'report.choose')}
          </option>
          {props.options.map((option) => (
            <option key={option.value} value={option.value} selected={props.value === option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
