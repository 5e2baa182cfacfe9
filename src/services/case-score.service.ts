import { type CaseFeatures, type CaseScore, scoreCase } from '../domain/scoring/case-score.ts';
import {
  type CaseScoreInputs,
  selectCaseScoreInputs,
  updateCaseScoreColumns,
} from '../store/case-score.repository.ts';
import type { Database } from '../store/database.ts';

/** Reliability of a feed that named an indicator, for feeds without a configured figure. */
const DEFAULT_FEED_RELIABILITY = 0.6;

const DAY_MS = 86_400_000;

/**
 * Computes the score of a case from its reports, indicators, provenance, lookalike hits and
 * registration data, and writes `cases.score` and `cases.score_features` (JSON of the features
 * and each one's share). Returns undefined, writing nothing, when the case does not exist.
 */
export async function updateCaseScore(
  database: Database,
  caseId: number,
): Promise<(CaseScore & { readonly features: CaseFeatures }) | undefined> {
  const inputs = await selectCaseScoreInputs(database.db, caseId);
  if (inputs === undefined) {
    return undefined;
  }
  const features = caseFeatures(inputs);
  const result = scoreCase(features);
  const stored = JSON.stringify({ features, contributions: result.contributions });
  await updateCaseScoreColumns(database.db, caseId, result.score, stored);
  return { ...result, features };
}

/** Turns the rows of a case into score features. */
export function caseFeatures(inputs: CaseScoreInputs): CaseFeatures {
  // A report without a reporter hash (expired, or from staff) counts as its own reporter.
  const anonymous = inputs.reports.filter((report) => report.reporterHash === null).length;
  const hashes = new Set(inputs.reports.flatMap((report) => report.reporterHash ?? []));
  const feeds = inputs.feedNames;
  const { confirmed, decided } = inputs.reporterHistory;

  return {
    independentReporters: anonymous + hashes.size,
    reporterReliability: decided === 0 ? 0.5 : confirmed / decided,
    feedReliability: 1 - (1 - DEFAULT_FEED_RELIABILITY) ** feeds.length,
    lookalikeBrands: inputs.lookalikeBrands,
    domainAgeDays: youngestDomainAge(inputs.rdapResults, inputs.caseCreatedAt),
    sourceReuse: inputs.sharedIndicators,
    earlierListings: inputs.sharedListedAt.filter((at) => at < inputs.caseCreatedAt).length,
    moneyLostReports: inputs.reports.filter((report) => report.moneyLost === 1).length,
    amountLost: inputs.reports.reduce((sum, report) => sum + (report.amountLost ?? 0), 0),
  };
}

/** The age in days, at the case's creation, of the youngest domain with an RDAP creation date. */
function youngestDomainAge(rdapResults: readonly string[], at: string): number | null {
  const ages = rdapResults.flatMap((json) => {
    const created = readCreationDate(json);
    const age = created === undefined ? NaN : (Date.parse(at) - Date.parse(created)) / DAY_MS;
    return Number.isFinite(age) ? [Math.max(0, Math.floor(age))] : [];
  });
  return ages.length === 0 ? null : Math.min(...ages);
}

function readCreationDate(json: string): string | undefined {
  try {
    const value = (JSON.parse(json) as { creationDate?: unknown }).creationDate;
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}
