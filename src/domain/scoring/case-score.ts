/** Inputs to the score of a case, as counted by `updateCaseScore`. */
export interface CaseFeatures {
  /** Reports from distinct reporters, where each report with no reporter hash counts as one. */
  readonly independentReporters: number;
  /** Share, 0 to 1, of the reporters' earlier reports that were confirmed, or 0.5 when unknown. */
  readonly reporterReliability: number;
  /** Combined reliability, 0 to 1, of the feeds that named the case's indicators. */
  readonly feedReliability: number;
  /** Distinct protected brands that the case's domains imitate. */
  readonly lookalikeBrands: number;
  /** Age of the youngest registered domain in the case, or null when no RDAP date is known. */
  readonly domainAgeDays: number | null;
  /** Indicators outside the case that share a source key with it. */
  readonly sourceReuse: number;
  /** Indicators sharing a source with the case that were listed earlier. */
  readonly earlierListings: number;
  /** Reports that state money was lost. */
  readonly moneyLostReports: number;
  /** Total amount lost, in the reports' currency (VND by default). */
  readonly amountLost: number;
}

export type CaseFeature = keyof CaseFeatures;

export interface ScoreContribution {
  readonly feature: CaseFeature;
  readonly value: number | null;
  /** Points this feature added, from 0 to its weight. */
  readonly points: number;
  /**
   * This feature's fraction of the score, 0 to 1. The shares of a non-zero score sum to 1, give or
   * take their rounding to three decimals.
   */
  readonly share: number;
}

export interface CaseScore {
  /** Score from 0 to 100, rounded to one decimal. */
  readonly score: number;
  readonly contributions: readonly ScoreContribution[];
}

/**
 * Maximum points each feature can add, summing to 100. Counts saturate, so the tenth
 * independent reporter adds less than the second.
 */
export const FEATURE_WEIGHTS: Readonly<Record<CaseFeature, number>> = {
  independentReporters: 22,
  reporterReliability: 8,
  feedReliability: 18,
  lookalikeBrands: 14,
  domainAgeDays: 10,
  sourceReuse: 8,
  earlierListings: 10,
  moneyLostReports: 6,
  amountLost: 4,
};

/** Labels of the features, as staff read them on the case page. */
export const FEATURE_LABELS: Readonly<Record<CaseFeature, string>> = {
  independentReporters: 'Independent reporters',
  reporterReliability: "Reporters' earlier reports confirmed (share)",
  feedReliability: 'Reliability of the feeds that named it',
  lookalikeBrands: 'Protected brands imitated',
  domainAgeDays: 'Age of the youngest domain (days)',
  sourceReuse: 'Indicators elsewhere sharing a source',
  earlierListings: 'Earlier listings sharing a source',
  moneyLostReports: 'Reports of money lost',
  amountLost: 'Amount lost (VND)',
};

/**
 * Returns the label of a stored feature name, or the name itself when this version has no label
 * for it.
 */
export function featureLabel(feature: string): string {
  return Object.hasOwn(FEATURE_LABELS, feature) ? FEATURE_LABELS[feature as CaseFeature] : feature;
}

/** Scale of the amount lost, in VND. Ten million VND gives about 92 % of the feature's weight. */
const AMOUNT_SCALE = 4_000_000;

/**
 * Computes the score of a case from its features and names each feature's share of it. The
 * function is pure, so the same features always give the same score.
 */
export function scoreCase(features: CaseFeatures): CaseScore {
  const points: Record<CaseFeature, number> = {
    independentReporters: saturate(features.independentReporters, 3),
    reporterReliability:
      features.independentReporters > 0 ? clamp01(features.reporterReliability) : 0,
    feedReliability: clamp01(features.feedReliability),
    lookalikeBrands: saturate(features.lookalikeBrands, 1),
    domainAgeDays: youngDomainFactor(features.domainAgeDays),
    sourceReuse: saturate(features.sourceReuse, 5),
    earlierListings: saturate(features.earlierListings, 2),
    moneyLostReports: saturate(features.moneyLostReports, 2),
    amountLost: saturate(features.amountLost, AMOUNT_SCALE),
  };

  const names = Object.keys(FEATURE_WEIGHTS) as CaseFeature[];
  const weighted = names.map((feature) => ({
    feature,
    value: features[feature],
    points: round(points[feature] * FEATURE_WEIGHTS[feature]),
  }));
  const total = weighted.reduce((sum, item) => sum + item.points, 0);
  return {
    score: round(Math.min(100, total)),
    contributions: weighted.map((item) => ({
      ...item,
      share: total === 0 ? 0 : Math.round((item.points / total) * 1000) / 1000,
    })),
  };
}

/** Maps a count to 0..1, reaching about 63 % at `scale` and approaching 1 beyond it. */
function saturate(count: number, scale: number): number {
  if (!Number.isFinite(count) || count <= 0) {
    return 0;
  }
  return 1 - Math.exp(-count / scale);
}

/** Returns 1 for a domain up to 30 days old, 0 from 365 days on, and a linear fall between. */
function youngDomainFactor(days: number | null): number {
  if (days === null || !Number.isFinite(days) || days < 0) {
    return 0;
  }
  if (days <= 30) {
    return 1;
  }
  return days >= 365 ? 0 : (365 - days) / 335;
}

function clamp01(value: number): number {
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
