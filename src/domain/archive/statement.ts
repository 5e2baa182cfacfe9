import { publicIndicatorValue } from './public-value.ts';

/** Actions a statement of reasons records, as the archive filters them. */
export const STATEMENT_ACTIONS = [
  'listed',
  'delisted',
  'changed',
  'warning_label',
  'notice',
  'appeal',
] as const;
export type StatementAction = (typeof STATEMENT_ACTIONS)[number];

/**
 * Sources of statements. The first letter of each is the prefix of its
 * public id, so `D12` is decision 12 and `L40` the feed listing of indicator 40.
 */
export const STATEMENT_SOURCES = ['decision', 'listing', 'notice', 'appeal'] as const;
export type StatementSource = (typeof STATEMENT_SOURCES)[number];

const PREFIXES: Readonly<Record<StatementSource, string>> = {
  decision: 'D',
  listing: 'L',
  notice: 'N',
  appeal: 'A',
};

export interface PublicIndicator {
  readonly kind: string;
  /**
   * Value masked as `publicIndicatorValue` masks it, or null when the listing's TLP
   * marking is not TLP:CLEAR and so the value may not be published.
   */
  readonly value: string | null;
}

/** The only marking under which a statement may show the indicator itself. */
const PUBLIC_TLP = 'TLP:CLEAR';

/**
 * One public statement of reasons. It names no reporter and no member of
 * staff. `automated` states whether a trusted feed or a person decided,
 * and no field identifies the person.
 */
export interface Statement {
  readonly id: string;
  readonly source: StatementSource;
  readonly action: StatementAction;
  /** Time the action took effect. */
  readonly at: string;
  readonly automated: boolean;
  readonly indicators: readonly PublicIndicator[];
  readonly category: string;
  readonly legal_basis: string;
  /** The facts relied on, as the decision or feed stated them. */
  readonly reasons: string;
  /** `person`, the feed's name, or for a notice the kind of organisation it went to. */
  readonly origin: string;
  readonly expires_at: string | null;
  /** The statement this one replaces or responds to, such as the decision an appeal contested. */
  readonly refers_to: string | null;
  /** State of a notice, or outcome of an appeal. */
  readonly outcome: string | null;
  /** For a decision no longer in force, the decision that replaced it, such as `D4`. */
  readonly superseded_by: string | null;
  /** The appeal whose outcome replaced this decision, such as `A1`, or null. */
  readonly superseded_by_appeal: string | null;
  /** For a decision made as an appeal's outcome, that appeal. */
  readonly from_appeal: string | null;
}

export interface IndicatorFacts {
  readonly kind: string;
  readonly value: string;
}

/** A decision that took effect, with what the archive shows of it. */
export interface DecisionFacts {
  readonly id: number;
  readonly action: string;
  readonly effectiveAt: string;
  readonly automated: boolean;
  readonly category: string;
  readonly legalBasis: string;
  readonly reasons: string;
  readonly expiresAt: string | null;
  readonly supersedes: number | null;
  /** The effective decision that replaced this one, if any. */
  readonly supersededBy: number | null;
  /** The appeal whose outcome `supersededBy` is, if any. */
  readonly supersededByAppeal: number | null;
  /** The appeal whose outcome this decision is, if any. */
  readonly fromAppeal: number | null;
  readonly tlp: string;
  readonly indicators: readonly IndicatorFacts[];
}

/** A listing a trusted feed made, which has no decision row of its own. */
export interface FeedListingFacts {
  readonly indicatorId: number;
  readonly indicator: IndicatorFacts;
  readonly category: string;
  readonly origin: string;
  readonly legalBasis: string;
  readonly reasons: string;
  readonly listedAt: string;
  readonly expiresAt: string;
  readonly tlp: string;
}

export interface NoticeFacts {
  readonly id: number;
  readonly sentAt: string;
  readonly status: string;
  readonly organisationKind: string;
  readonly decision: DecisionFacts;
}

export interface AppealOutcomeFacts {
  readonly id: number;
  readonly decidedAt: string;
  readonly outcome: string;
  readonly outcomeReasons: string;
  /** The decision appealed, or null for a feed listing. */
  readonly decisionId: number | null;
  readonly indicatorId: number;
  readonly indicator: IndicatorFacts;
  readonly category: string;
  readonly legalBasis: string;
  readonly tlp: string;
}

export function statementId(source: StatementSource, id: number): string {
  return `${PREFIXES[source]}${id}`;
}

function optionalId(source: StatementSource, id: number | null): string | null {
  return id === null ? null : statementId(source, id);
}

/** Parses a public id such as `D12`, and returns undefined for anything else. */
export function parseStatementId(
  text: string,
): { readonly source: StatementSource; readonly id: number } | undefined {
  const match = /^([DLNA])([1-9]\d{0,14})$/.exec(text);
  if (match === null) {
    return undefined;
  }
  const source = STATEMENT_SOURCES.find((name) => PREFIXES[name] === match[1])!;
  return { source, id: Number(match[2]) };
}

function publicIndicators(indicators: readonly IndicatorFacts[], tlp: string): PublicIndicator[] {
  return indicators.map((indicator) => ({
    kind: indicator.kind,
    value: tlp === PUBLIC_TLP ? publicIndicatorValue(indicator.kind, indicator.value) : null,
  }));
}

export function statementFromDecision(decision: DecisionFacts): Statement {
  return {
    id: statementId('decision', decision.id),
    source: 'decision',
    action: decision.action as StatementAction,
    at: decision.effectiveAt,
    automated: decision.automated,
    indicators: publicIndicators(decision.indicators, decision.tlp),
    category: decision.category,
    legal_basis: decision.legalBasis,
    reasons: decision.reasons,
    origin: decision.automated ? 'automated' : 'person',
    expires_at: decision.expiresAt,
    refers_to: decision.supersedes === null ? null : statementId('decision', decision.supersedes),
    outcome: null,
    superseded_by: optionalId('decision', decision.supersededBy),
    superseded_by_appeal: optionalId('appeal', decision.supersededByAppeal),
    from_appeal: optionalId('appeal', decision.fromAppeal),
  };
}

export function statementFromFeedListing(listing: FeedListingFacts): Statement {
  return {
    id: statementId('listing', listing.indicatorId),
    source: 'listing',
    action: 'listed',
    at: listing.listedAt,
    automated: true,
    indicators: publicIndicators([listing.indicator], listing.tlp),
    category: listing.category,
    legal_basis: listing.legalBasis,
    reasons: listing.reasons,
    origin: listing.origin,
    expires_at: listing.expiresAt,
    refers_to: null,
    outcome: null,
    superseded_by: null,
    superseded_by_appeal: null,
    from_appeal: null,
  };
}

export function statementFromNotice(notice: NoticeFacts): Statement {
  return {
    ...statementFromDecision(notice.decision),
    id: statementId('notice', notice.id),
    source: 'notice',
    action: 'notice',
    at: notice.sentAt,
    origin: notice.organisationKind,
    refers_to: statementId('decision', notice.decision.id),
    outcome: notice.status,
    superseded_by: null,
    superseded_by_appeal: null,
    from_appeal: null,
  };
}

export function statementFromAppealOutcome(appeal: AppealOutcomeFacts): Statement {
  return {
    id: statementId('appeal', appeal.id),
    source: 'appeal',
    action: 'appeal',
    at: appeal.decidedAt,
    automated: false,
    indicators: publicIndicators([appeal.indicator], appeal.tlp),
    category: appeal.category,
    legal_basis: appeal.legalBasis,
    reasons: appeal.outcomeReasons,
    origin: 'person',
    expires_at: null,
    refers_to:
      appeal.decisionId === null
        ? statementId('listing', appeal.indicatorId)
        : statementId('decision', appeal.decisionId),
    outcome: appeal.outcome,
    superseded_by: null,
    superseded_by_appeal: null,
    from_appeal: null,
  };
}
