import { displayValue } from '../indicators/parse-indicator.ts';
import type { IndicatorKind } from '../indicators/indicator.ts';
import type { NoticeAction, OrganisationKind } from './notice-action.ts';
import { noticeText } from './notice-text.ts';
import { xarfReport, type XarfReport } from './xarf.ts';

/** The facts a notice carries, from the decision, the organisation and the operator. */
export interface NoticeContext {
  readonly notice: {
    readonly id: number;
    readonly uuid: string;
    readonly actionRequested: NoticeAction;
    readonly tlp: string;
    readonly dueAt: string;
    readonly createdAt: string;
    /** The public id of the earlier notice this one follows up, or null. */
    readonly followUpOf: string | null;
  };
  readonly organisation: {
    readonly name: string;
    readonly kind: OrganisationKind;
    readonly language: 'vi' | 'en';
  };
  readonly decision: {
    readonly id: number;
    readonly verdict: string;
    readonly action: string;
    readonly category: string;
    readonly legalBasis: string;
    readonly reasons: string;
    readonly tlp: string;
    readonly effectiveAt: string;
    readonly expiresAt: string | null;
    readonly automated: boolean;
  };
  readonly indicators: readonly { readonly kind: string; readonly value: string }[];
  readonly operator: {
    readonly name: string;
    readonly email: string;
    readonly publicUrl: string;
  };
  /** True for the one reminder of an overdue notice. */
  readonly reminder?: boolean;
}

/** The JSON body a webhook receives and an e-mail attaches. */
export interface NoticeDocument {
  readonly notice: {
    readonly id: string;
    readonly number: number;
    readonly organisation: string;
    readonly action_requested: NoticeAction;
    readonly tlp: string;
    readonly due_at: string;
    readonly created_at: string;
    readonly follow_up_of: string | null;
    readonly reminder: boolean;
    readonly respond_url: string;
  };
  readonly decision: {
    readonly id: number;
    readonly verdict: string;
    readonly action: string;
    readonly category: string;
    readonly legal_basis: string;
    readonly statement_of_reasons: string;
    readonly tlp: string;
    readonly effective_at: string;
    readonly expires_at: string | null;
  };
  readonly indicators: readonly { kind: string; value: string; display: string }[];
  /** One X-ARF v4 report per indicator. */
  readonly xarf: readonly XarfReport[];
  readonly text: {
    readonly language: 'vi' | 'en';
    readonly subject: string;
    readonly body: string;
  };
}

/** Builds the notice document: the facts as JSON, X-ARF reports and the readable text. */
export function buildNoticeDocument(context: NoticeContext): NoticeDocument {
  const base = context.operator.publicUrl.replace(/\/$/, '');
  const respondUrl = `${base}/api/v1/org/notices/${context.notice.id}/response`;
  const text = noticeText(context, respondUrl);
  return {
    notice: {
      id: context.notice.uuid,
      number: context.notice.id,
      organisation: context.organisation.name,
      action_requested: context.notice.actionRequested,
      tlp: context.notice.tlp,
      due_at: context.notice.dueAt,
      created_at: context.notice.createdAt,
      follow_up_of: context.notice.followUpOf,
      reminder: context.reminder ?? false,
      respond_url: respondUrl,
    },
    decision: {
      id: context.decision.id,
      verdict: context.decision.verdict,
      action: context.decision.action,
      category: context.decision.category,
      legal_basis: context.decision.legalBasis,
      statement_of_reasons: context.decision.reasons,
      tlp: context.decision.tlp,
      effective_at: context.decision.effectiveAt,
      expires_at: context.decision.expiresAt,
    },
    indicators: context.indicators.map((indicator) => ({
      kind: indicator.kind,
      value: indicator.value,
      display: displayValue({ kind: indicator.kind as IndicatorKind, value: indicator.value }),
    })),
    xarf: context.indicators.map((indicator, index) => xarfReport(context, indicator, index)),
    text: { language: context.organisation.language, ...text },
  };
}
