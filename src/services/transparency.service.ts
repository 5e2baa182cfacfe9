import {
  computeFigures,
  type NoticeFigures,
  noticeFiguresByKind,
  noticeFiguresByOrganisation,
  type OrganisationNoticeFigures,
  type TransparencyFigures,
} from '../domain/transparency/figures.ts';
import { type Period, parsePeriod } from '../domain/transparency/period.ts';
import { VigilError } from '../errors.ts';
import type { Database } from '../store/database.ts';
import { selectNoticeTimes, selectTransparencyInput } from '../store/transparency.repository.ts';

/**
 * Computes the transparency figures of a period given as typed (dates or
 * ISO-8601 times). Throws INVALID_INPUT naming `from` or `to`.
 */
export async function getTransparencyReport(
  database: Database,
  from: string,
  to: string,
): Promise<TransparencyFigures> {
  const period = parsePeriod(from, to);
  if ('field' in period) {
    throw new VigilError('INVALID_INPUT', period.message, period.field);
  }
  return getFigures(database, period);
}

/** Computes the transparency figures of a checked period. */
export async function getFigures(database: Database, period: Period): Promise<TransparencyFigures> {
  return computeFigures(await selectTransparencyInput(database.db, period));
}

/** Response times of organisations to the notices sent in one period. */
export interface NoticeResponseTimes {
  readonly period: Period;
  readonly by_organisation: readonly OrganisationNoticeFigures[];
  readonly by_organisation_kind: Readonly<Record<string, NoticeFigures>>;
}

/**
 * Computes, for the notices sent in a checked period, the count sent and the
 * median and 90th-percentile hours from sending to acknowledgement and to
 * action, per organisation and per organisation kind. The per-kind figures are
 * the same computation as the transparency report's.
 */
export async function getNoticeResponseTimes(
  database: Database,
  period: Period,
): Promise<NoticeResponseTimes> {
  const notices = await selectNoticeTimes(database.db, period);
  return {
    period,
    by_organisation: noticeFiguresByOrganisation(notices),
    by_organisation_kind: noticeFiguresByKind(notices),
  };
}
