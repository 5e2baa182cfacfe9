import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';

import { isInputProblem } from '../../domain/reports/input-problem.ts';
import { isVigilError } from '../../errors.ts';
import { getAppealStatus, submitAppeal } from '../../services/appeal.service.ts';
import { loadSecretKey } from '../../services/contact-crypto.ts';
import type { RouteDependencies } from '../app.ts';
import { hasMessage, type Lang, resolveLang, t, withLang } from '../portal/i18n.ts';
import { renderPage } from '../portal/layout.tsx';
import { describeProblems } from '../portal/problems.ts';
import { type AppealForm, readAppealForm } from './appeal-form.ts';
import { AppealFormPage, type AppealFormValues, AppealStatusPage } from './appeal.views.tsx';
import { MessagePage } from './archive.views.tsx';

const AppealQuery = Type.Object({
  indicator: Type.Optional(Type.String({ maxLength: 2048 })),
  lang: Type.Optional(Type.String({ maxLength: 8 })),
});

const ReceiptParams = Type.Object({ receipt: Type.String({ maxLength: 64 }) });
const ReceiptQuery = Type.Object({
  filed: Type.Optional(Type.String({ maxLength: 4 })),
  lang: Type.Optional(Type.String({ maxLength: 8 })),
});

/** Appeals one client address may file per hour. */
const APPEALS_PER_HOUR = 10;

/** Words an error of the appeal form for the field it names, in the reader's language. */
function problemFor(lang: Lang, error: unknown): Record<string, string> | undefined {
  if (isInputProblem(error)) {
    return {
      evidence: describeProblems(lang, error)[0]?.problem ?? t(lang, 'appeal.error.evidence'),
    };
  }
  if (!isVigilError(error) || error.statusCode !== 400) {
    return undefined;
  }
  const field = (error.field ?? 'form').startsWith('evidence')
    ? 'evidence'
    : (error.field ?? 'form');
  const key = `appeal.error.${field}`;
  return { [field]: hasMessage(key) ? t(lang, key) : error.message };
}

/** Registers `/appeal` (form and filing), `/a/:receipt` (status) and its JSON twin. */
export function appealRoutes(
  scope: FastifyInstance,
  { database, config }: RouteDependencies,
): Promise<void> {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const deadlineDays = config.accountability.appealDeadlineDays;
  // The form is read before the CSRF check, which needs its `_csrf` field.
  const forms = new WeakMap<FastifyRequest, AppealForm>();

  const showForm = (
    request: FastifyRequest,
    reply: FastifyReply,
    values: AppealFormValues,
    problems?: Record<string, string>,
  ) => {
    const lang = resolveLang(request);
    const csrfToken = reply.generateCsrf({ secure: request.protocol === 'https' });
    return renderPage(
      reply,
      <AppealFormPage
        lang={lang}
        path={request.url}
        values={values}
        csrfToken={csrfToken}
        deadlineDays={deadlineDays}
        {...(problems !== undefined && { problems })}
      />,
      problems === undefined ? 200 : 400,
    );
  };

  app.get('/appeal', { schema: { querystring: AppealQuery, hide: true } }, async (request, reply) =>
    showForm(request, reply, {
      indicator: request.query.indicator ?? '',
      reasons: '',
      contact: '',
    }),
  );

  app.post(
    '/appeal',
    {
      preValidation: async (request) => {
        const form = await readAppealForm(request);
        forms.set(request, form);
        request.body = form.fields;
      },
      preHandler: (request, reply, done) => app.csrfProtection(request, reply, done),
      config: { rateLimit: { max: APPEALS_PER_HOUR, timeWindow: '1 hour' } },
      schema: { hide: true },
    },
    async (request, reply) => {
      const lang = resolveLang(request);
      const form = forms.get(request)!;
      const values = {
        indicator: form.fields.indicator ?? '',
        reasons: form.fields.reasons ?? '',
        contact: form.fields.contact ?? '',
      };
      if (form.problem !== undefined) {
        return showForm(request, reply, values, { evidence: t(lang, 'appeal.error.evidence') });
      }
      try {
        const appeal = await submitAppeal(
          database,
          { ...values, language: lang, files: form.files },
          { config, secretKey: loadSecretKey(config) },
        );
        return reply.redirect(withLang(`/a/${appeal.receipt}?filed=1`, lang), 303);
      } catch (error) {
        const problems = problemFor(lang, error);
        if (problems === undefined) {
          throw error;
        }
        return showForm(request, reply, values, problems);
      }
    },
  );

  app.get(
    '/a/:receipt',
    { schema: { params: ReceiptParams, querystring: ReceiptQuery, hide: true } },
    async (request, reply) => {
      const lang = resolveLang(request);
      try {
        const appeal = await getAppealStatus(database, request.params.receipt);
        return renderPage(
          reply,
          <AppealStatusPage
            lang={lang}
            path={request.url}
            appeal={appeal}
            justFiled={request.query.filed === '1'}
          />,
        );
      } catch (error) {
        if (isVigilError(error) && error.code === 'NOT_FOUND') {
          const title = t(lang, 'appeal.statusTitle');
          return renderPage(
            reply,
            <MessagePage
              lang={lang}
              path={request.url}
              title={title}
              message={t(lang, 'appeal.notFound')}
            />,
            404,
          );
        }
        throw error;
      }
    },
  );

  app.get(
    '/api/v1/appeals/:receipt',
    {
      schema: {
        summary: 'The public status of an appeal by its receipt code',
        tags: ['appeals'],
        params: ReceiptParams,
      },
    },
    async (request) => getAppealStatus(database, request.params.receipt),
  );
  return Promise.resolve();
}
