/** How long each kind of data is kept, in days, from configuration. */
export interface RetentionRules {
  /** Reporter and appellant contact details, counted from the last change of the report or appeal. */
  readonly contactDays: number;
  /** Evidence files, counted from the closing of their report or the decision on their appeal. */
  readonly evidenceDays: number;
  /** Rejected reports, counted from their rejection. */
  readonly rejectedReportDays: number;
  /** Expired listings, counted from their expiry. */
  readonly expiredListingDays: number;
}

/** The instants before which each rule lets data go. */
export interface RetentionCutoffs {
  readonly contact: string;
  readonly evidence: string;
  readonly rejectedReport: string;
  readonly expiredListing: string;
}

/** Report statuses after which nothing more happens to a report, so its evidence may age out. */
export const FINISHED_REPORT_STATUSES = ['confirmed', 'rejected', 'closed'] as const;

/** Appeal statuses that carry an outcome. */
export const DECIDED_APPEAL_STATUSES = ['upheld', 'delisted', 'changed'] as const;

const DAY_MS = 86_400_000;

export function retentionCutoffs(rules: RetentionRules, now: Date): RetentionCutoffs {
  const before = (days: number) => new Date(now.getTime() - days * DAY_MS).toISOString();
  return {
    contact: before(rules.contactDays),
    evidence: before(rules.evidenceDays),
    rejectedReport: before(rules.rejectedReportDays),
    expiredListing: before(rules.expiredListingDays),
  };
}

/**
 * Counts of what one purge run removed, or would remove in a dry run. Feed listings
 * past their retention are counted in `expiredListingsKept`: the public
 * archive shows their statement of reasons from the listing row itself, so
 * the purge keeps them.
 */
export interface PurgeCounts {
  readonly reportContacts: number;
  readonly appealContacts: number;
  readonly reporterHashes: number;
  readonly evidenceFiles: number;
  readonly rejectedReports: number;
  readonly expiredListings: number;
  readonly expiredListingsKept: number;
}

export const PURGE_COUNT_NAMES = [
  'reportContacts',
  'appealContacts',
  'reporterHashes',
  'evidenceFiles',
  'rejectedReports',
  'expiredListings',
  'expiredListingsKept',
] as const satisfies readonly (keyof PurgeCounts)[];
