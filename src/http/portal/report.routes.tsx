import type { FastifyPluginCallback, FastifyReply, FastifyRequest } from 'fastify';

import {
  type InputProblem,
  InputProblemList,
  isInputProblem,
} from '../../domain/reports/input-problem.ts';
import {
  isReportedKind,
  parseReportSubmission,
  type RawReportSubmission,
  REPORTED_KINDS,
} from '../../domain/reports/report-input.ts';
import { isVigilError } from '../../errors.ts';
import { loadSecretKey } from '../../services/contact-crypto.ts';
import { createProofChallenge } from '../../services/proof-of-work.service.ts';
import { submitReport } from '../../services/report.service.ts';
import type { RouteDependencies } from '../app.ts';
import { formValues, readForm, submissionFromForm, type FormSubmission } from './form-input.ts';
import { type Lang, resolveLang, t } from './i18n.ts';
import { PortalPage, renderPage } from './layout.tsx';
import { reportRateLimit } from './rate-limits.ts';
import { describeProblems, type FieldProblem } from './problems.ts';
import { EMPTY_REPORT_FORM, ReportForm, type ReportFormValues } from './report-form.tsx';
import './messages/report.messages.ts';

/** Forms read in preValidation, kept for the handler. */
const forms = new WeakMap<FastifyRequest, FormSubmission>();

/**
 * `/report`: the report form, and its POST, which redirects to the receipt
 * page on success and shows the form again with every error otherwise.
 */
export const reportRoutes: FastifyPluginCallback<RouteDependencies> = (app, dependencies, done) => {
  const { config } = dependencies;

  async function renderForm(
    request: FastifyRequest,
    reply: FastifyReply,
    values: ReportFormValues,
    problems: { byControl: Map<string, FieldProblem>; form: FieldProblem[] },
    statusCode = 200,
  ) {
    const lang = resolveLang(request);
    // The key is read on first use, so building the app creates no key file.
    const challenge = await createProofChallenge(loadSecretKey(config));
    const csrfToken = reply.generateCsrf({ secure: request.protocol === 'https' });
    return renderPage(
      reply,
      <PortalPage
        lang={lang}
        title={t(lang, 'report.title')}
        path={request.url}
        scripts={['/assets/report-form.js']}
      >
        <h1>{t(lang, 'report.title')}</h1>
        <p class="lead">{t(lang, 'report.lead')}</p>
        <ReportForm
          lang={lang}
          values={values}
          problems={problems.byControl}
          formProblems={problems.form}
          csrfToken={csrfToken}
          challenge={JSON.stringify(challenge)}
        />
      </PortalPage>,
      statusCode,
    );
  }

  app.get('/report', { schema: { hide: true } }, (request, reply) => {
    return renderForm(request, reply, prefill(request.query), { byControl: new Map(), form: [] });
  });

  app.post(
    '/report',
    {
      schema: { hide: true },
      preValidation: async (request) => {
        const form = await readForm(request);
        forms.set(request, form);
        request.body = form.fields;
      },
      preHandler: (request, reply, next) => app.csrfProtection(request, reply, next),
      config: { rateLimit: reportRateLimit(config) },
    },
    async (request, reply) => {
      const lang = resolveLang(request);
      const form = forms.get(request)!;
      const values = formValues(form.fields);
      const { raw, controlIds } = submissionFromForm(values);
      const proof = form.fields.altcha;
      try {
        if (form.problems.length > 0) {
          throw new InputProblemList([...form.problems, ...otherProblems(raw)]);
        }
        const submitted = await submitReport(
          dependencies,
          { ...raw, language: lang },
          {
            clientAddress: request.ip,
            screenshots: form.files,
            ...(proof !== undefined && proof !== '' && { proofOfWork: proof }),
          },
        );
        const joined = submitted.joinedEarlier ? '&joined=1' : '';
        return reply.redirect(`/r/${submitted.receipt}?lang=${lang}&sent=1${joined}`, 303);
      } catch (error) {
        const problems = sortProblems(lang, error, controlIds);
        if (problems === undefined) {
          throw error;
        }
        request.log.info({ fields: [...problems.byControl.keys()] }, 'report rejected');
        const statusCode = isVigilError(error) ? error.statusCode : 400;
        return renderForm(request, reply, values, problems, statusCode);
      }
    },
  );
  done();
};

/** Sorts the problems by form control. Problems without a control go to the summary only. */
function sortProblems(
  lang: Lang,
  error: unknown,
  controlIds: (field: string) => string | undefined,
): { byControl: Map<string, FieldProblem>; form: FieldProblem[] } | undefined {
  let described: FieldProblem[];
  if (isInputProblem(error)) {
    described = describeProblems(lang, error);
  } else if (isVigilError(error) && error.code === 'RATE_LIMITED') {
    const key =
      error.field === 'indicators' ? 'problem.value_rate_limited' : 'problem.rate_limited';
    const field = error.field ?? 'form';
    described = [
      { field, problem: t(lang, key), message: `${t(lang, `field.${field}`)}: ${t(lang, key)}` },
    ];
  } else {
    return undefined;
  }
  const byControl = new Map<string, FieldProblem>();
  const rest: FieldProblem[] = [];
  for (const problem of described) {
    const id = controlIds(problem.field);
    if (id === undefined) {
      rest.push(problem);
    } else if (!byControl.has(id)) {
      byControl.set(id, problem);
    }
  }
  return { byControl, form: rest };
}

/** Returns the problems of the fields other than files, for a form whose file already failed. */
function otherProblems(raw: RawReportSubmission): InputProblem[] {
  try {
    parseReportSubmission(raw, new Date());
    return [];
  } catch (error) {
    if (error instanceof InputProblemList) {
      return [...error.problems];
    }
    return isInputProblem(error) ? [error] : [];
  }
}

/** `/report?kind=link&value=…` fills the first row, as the check page links it. */
function prefill(query: unknown): ReportFormValues {
  const { kind, value } = (query ?? {}) as { kind?: unknown; value?: unknown };
  if (typeof value !== 'string' || value === '' || value.length > 2048) {
    return EMPTY_REPORT_FORM;
  }
  const rowKind = typeof kind === 'string' && isReportedKind(kind) ? kind : REPORTED_KINDS[0];
  return {
    ...EMPTY_REPORT_FORM,
    rows: EMPTY_REPORT_FORM.rows.map((row, index) =>
      index === 0 ? { kind: rowKind, value } : row,
    ),
  };
}
