import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';

import { VigilError } from '../../errors.ts';
import { decideCase } from '../../services/case-decision.service.ts';
import {
  assignCase,
  getCaseView,
  getReportView,
  mergeCases,
  readEvidenceImage,
  splitCase,
  viewReportContact,
} from '../../services/case.service.ts';
import { listCommonKeys } from '../../services/clustering.service.ts';
import type { RouteDependencies } from '../app.ts';
import { csrfTokenFor } from './csrf.ts';
import { renderCasePage } from './views/case-page.tsx';
import { describeCaseEnrichment } from '../../services/indicator-enrichment.service.ts';
import { renderCommonKeysPage } from './views/common-keys-page.tsx';
import { renderReportPage } from './views/report-page.tsx';

const Id = Type.String({ pattern: '^[1-9][0-9]{0,15}$' });
const CaseParams = Type.Object({ caseId: Id });
const ReportParams = Type.Object({ reportId: Id });
const EvidenceParams = Type.Object({ evidenceId: Id });
const Csrf = Type.Optional(Type.String());
const IdList = Type.Optional(
  Type.Union([
    Type.String({ maxLength: 20 }),
    Type.Array(Type.String({ maxLength: 20 }), { maxItems: 5000 }),
  ]),
);

const DecisionBody = Type.Object({
  verdict: Type.String({ maxLength: 30 }),
  action: Type.String({ maxLength: 30 }),
  category: Type.String({ maxLength: 50 }),
  legalBasis: Type.String({ maxLength: 200 }),
  reasons: Type.String({ maxLength: 8000 }),
  tlp: Type.String({ maxLength: 30 }),
  expiresAt: Type.Optional(Type.String({ maxLength: 40 })),
  indicatorIds: IdList,
  _csrf: Csrf,
});

const NOTICES: Readonly<Record<string, string>> = {
  assigned: 'The case is assigned to you.',
  merged: 'The cases are merged into this one.',
  split: 'The indicators are split into this new case.',
  listed: 'The decision took effect: its indicators are listed, and the lookup already shows them.',
  delisted:
    'The decision took effect: its indicators are delisted, and the lookup no longer lists them.',
  changed:
    'The decision took effect: the listings have their new terms, and the lookup already shows them.',
  warning_label:
    'The decision took effect: its indicators carry a warning label, and the lookup already shows it.',
  nothing_listed: 'The decision is recorded; it lists nothing and changes no listing.',
  needs_info: 'The decision is recorded: the case needs more information, and nothing is listed.',
  rejected: 'The decision is recorded: the reports are rejected, and nothing is listed.',
  pending:
    "The decision is held for a supervisor's approval; the listings do not change until then.",
};

/** Chooses the notice for a decision just recorded, by its status, verdict and action. */
export function decisionNotice(status: string, verdict: string, action: string): string {
  if (status !== 'effective') {
    return 'pending';
  }
  if (action === 'none') {
    return verdict === 'needs_info' || verdict === 'rejected' ? verdict : 'nothing_listed';
  }
  return action in NOTICES ? action : 'nothing_listed';
}

function numberParam(value: string): number {
  return Number(value);
}

function readIds(value: string | string[] | undefined): number[] {
  const list = value === undefined ? [] : [value].flat();
  return list.map(Number).filter((id) => Number.isSafeInteger(id) && id > 0);
}

/** Reads a date as the end of that day in UTC, or a full ISO time as it is. */
function readExpiry(value: string | undefined): string | null {
  if (value === undefined || value.trim() === '') {
    return null;
  }
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T23:59:59.000Z` : value;
}

function sendHtml(reply: FastifyReply, html: string) {
  return reply.type('text/html; charset=utf-8').send(html);
}

/** Case pages, report pages, evidence, common infrastructure, and the changes made on them. */
export function caseRoutes(
  app: FastifyInstance,
  { database, lookup, config }: RouteDependencies,
): Promise<void> {
  // The feed's legal basis is for automated listings, so a person cites one of the others.
  const othersThanFeed = config.legalBases.filter(
    (basis) => basis !== config.feedListing.legalBasis,
  );
  const personLegalBases = othersThanFeed.length > 0 ? othersThanFeed : config.legalBases;

  async function casePage(
    request: FastifyRequest,
    reply: FastifyReply,
    caseId: number,
    extra = {},
  ) {
    const view = await getCaseView(database, caseId);
    const enrichments = await describeCaseEnrichment(
      database,
      view.indicators.map((indicator) => indicator.id),
    );
    const notice = (request.query as { notice?: string }).notice;
    return sendHtml(
      reply,
      renderCasePage({
        staff: request.staff!,
        csrfToken: csrfTokenFor(request, reply),
        view,
        legalBases: personLegalBases,
        enrichments,
        notice: notice === undefined ? undefined : NOTICES[notice],
        ...extra,
      }),
    );
  }

  app.get(
    '/console/cases/:caseId',
    {
      schema: {
        params: CaseParams,
        querystring: Type.Object({ notice: Type.Optional(Type.String({ maxLength: 20 })) }),
      },
    },
    (request, reply) =>
      casePage(request, reply, numberParam((request.params as { caseId: string }).caseId)),
  );

  app.post(
    '/console/cases/:caseId/assign',
    {
      schema: {
        params: CaseParams,
        body: Type.Object({ assignee: Type.String({ maxLength: 10 }), _csrf: Csrf }),
      },
    },
    async (request, reply) => {
      const caseId = numberParam((request.params as { caseId: string }).caseId);
      const { assignee } = request.body as { assignee: string };
      const staff = request.staff!;
      await assignCase(database, caseId, assignee === 'me' ? staff.id : null, staff.id);
      return reply.redirect(`/console/cases/${caseId}?notice=assigned`, 303);
    },
  );

  app.post(
    '/console/cases/:caseId/merge',
    {
      schema: {
        params: CaseParams,
        body: Type.Object({
          caseIds: Type.String({ maxLength: 500 }),
          reason: Type.String({ maxLength: 2000 }),
          _csrf: Csrf,
        }),
      },
    },
    async (request, reply) => {
      const caseId = numberParam((request.params as { caseId: string }).caseId);
      const body = request.body as { caseIds: string; reason: string };
      const fromIds = body.caseIds
        .split(/[\s,]+/)
        .filter((part) => part !== '')
        .map(Number);
      if (!fromIds.every((id) => Number.isSafeInteger(id) && id > 0)) {
        throw new VigilError(
          'INVALID_INPUT',
          `caseIds: "${body.caseIds}" is not a list of case ids`,
          'caseIds',
        );
      }
      await mergeCases(database, {
        intoId: caseId,
        fromIds,
        reason: body.reason,
        actorId: request.staff!.id,
      });
      return reply.redirect(`/console/cases/${caseId}?notice=merged`, 303);
    },
  );

  app.post(
    '/console/cases/:caseId/split',
    {
      schema: {
        params: CaseParams,
        body: Type.Object({
          indicatorIds: IdList,
          reason: Type.String({ maxLength: 2000 }),
          _csrf: Csrf,
        }),
      },
    },
    async (request, reply) => {
      const caseId = numberParam((request.params as { caseId: string }).caseId);
      const body = request.body as { indicatorIds?: string | string[]; reason: string };
      const created = await splitCase(database, {
        caseId,
        indicatorIds: readIds(body.indicatorIds),
        reason: body.reason,
        actorId: request.staff!.id,
      });
      return reply.redirect(`/console/cases/${created}?notice=split`, 303);
    },
  );

  app.post(
    '/console/cases/:caseId/decisions',
    { schema: { params: CaseParams, body: DecisionBody } },
    async (request, reply) => {
      const caseId = numberParam((request.params as { caseId: string }).caseId);
      const body = request.body as {
        verdict: string;
        action: string;
        category: string;
        legalBasis: string;
        reasons: string;
        tlp: string;
        expiresAt?: string;
        indicatorIds?: string | string[];
      };
      const result = await decideCase(database, config, lookup, {
        caseId,
        staff: request.staff!,
        verdict: body.verdict,
        action: body.action,
        category: body.category,
        legalBasis: body.legalBasis,
        reasons: body.reasons,
        tlp: body.tlp,
        expiresAt: readExpiry(body.expiresAt),
        indicatorIds: readIds(body.indicatorIds),
      });
      const notice = decisionNotice(result.status, body.verdict, body.action);
      return reply.redirect(`/console/cases/${caseId}?notice=${notice}`, 303);
    },
  );

  app.get(
    '/console/reports/:reportId',
    { schema: { params: ReportParams } },
    async (request, reply) => {
      const view = await getReportView(
        database,
        numberParam((request.params as { reportId: string }).reportId),
      );
      return sendHtml(
        reply,
        renderReportPage({ staff: request.staff!, csrfToken: csrfTokenFor(request, reply), view }),
      );
    },
  );

  app.post(
    '/console/reports/:reportId/contact',
    {
      schema: {
        params: ReportParams,
        body: Type.Object({ reason: Type.String({ maxLength: 2000 }), _csrf: Csrf }),
      },
    },
    async (request, reply) => {
      const reportId = numberParam((request.params as { reportId: string }).reportId);
      const contact = await viewReportContact(database, config, {
        reportId,
        staff: request.staff!,
        reason: (request.body as { reason: string }).reason,
      });
      const view = await getReportView(database, reportId);
      return sendHtml(
        reply,
        renderReportPage({
          staff: request.staff!,
          csrfToken: csrfTokenFor(request, reply),
          view,
          revealed: contact,
        }),
      );
    },
  );

  app.get(
    '/console/evidence/:evidenceId',
    { schema: { params: EvidenceParams } },
    async (request, reply) => {
      const evidenceId = numberParam((request.params as { evidenceId: string }).evidenceId);
      const evidence = await readEvidenceImage(database, config, evidenceId);
      const extension = evidence.mediaType.replace('image/', '').replace('jpeg', 'jpg');
      // An image only, named as one, so a browser never treats it as a page.
      return reply
        .type(evidence.mediaType)
        .header('content-disposition', `inline; filename="evidence-${evidenceId}.${extension}"`)
        .header('cache-control', 'private, no-store')
        .send(evidence.bytes);
    },
  );

  app.get(
    '/console/common-keys',
    {
      schema: {
        querystring: Type.Object({ after: Type.Optional(Type.String({ maxLength: 500 })) }),
      },
    },
    async (request, reply) => {
      const pageSize = 200;
      const after = (request.query as { after?: string }).after;
      const rows = await listCommonKeys(database, pageSize + 1, after);
      const keys = rows.slice(0, pageSize);
      return sendHtml(
        reply,
        renderCommonKeysPage({
          staff: request.staff!,
          csrfToken: csrfTokenFor(request, reply),
          keys,
          next: rows.length > pageSize ? keys[keys.length - 1]?.key : undefined,
          limit: config.console.clusterKeyLimit,
        }),
      );
    },
  );
  return Promise.resolve();
}
