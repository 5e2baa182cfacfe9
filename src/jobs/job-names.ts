/**
 * Job names that more than one part of the product enqueues or handles. A
 * name has exactly one handler, registered by the part that owns it.
 */
export const JOB_NAMES = {
  /** `{ indicatorIds: number[] }`: fetch, DNS, RDAP and lookalike checks; enrichment handles it. */
  enrichIndicators: 'enrich.indicators',
  /** `{ indicatorIds: number[] }`: join new or re-keyed indicators to cases; the console handles it. */
  clusterIndicators: 'cluster.indicators',
  /** `{ decisionId: number }`: a decision took effect; sharing sends its notices. */
  decisionEffective: 'decision.effective',
} as const;
