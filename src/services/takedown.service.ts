import {
  type CaseTakedownTimes,
  type NotifiedOrganisation,
  type OrganisationTakedownTimes,
  type Takedown,
  hoursBetween,
  summarizeByCase,
  summarizeByOrganisation,
} from '../domain/takedown/takedown-times.ts';
import { VigilError } from '../errors.ts';
import type { Database } from '../store/database.ts';
import {
  type IndicatorNoticeRow,
  selectNoticesForListings,
  selectTakenDownListings,
} from '../store/takedown.repository.ts';

export type {
  CaseTakedownTimes,
  NotifiedOrganisation,
  OrganisationTakedownTimes,
  Takedown,
} from '../domain/takedown/takedown-times.ts';

/** A period of takedown times: `from` inclusive, `to` exclusive, both ISO-8601. */
export interface TakedownPeriod {
  readonly from: string;
  readonly to: string;
}

/** Takedowns in a period, one by one and grouped by case and by organisation notified. */
export interface TakedownReport {
  readonly period: TakedownPeriod;
  /** Oldest takedown first. */
  readonly takedowns: readonly Takedown[];
  readonly byCase: readonly CaseTakedownTimes[];
  readonly byOrganisation: readonly OrganisationTakedownTimes[];
}

/**
 * Lists the listings that liveness checks marked taken down in the period, with the time from
 * listing to takedown, the case of each indicator and the organisations sent a notice about it.
 * A notice counts through `notice_indicators` or through the decision that listed the indicator,
 * and only once it was sent.
 * A listing that came back up has no `taken_down_at` and is not counted. Throws a VigilError
 * (INVALID_INPUT) for a period whose bounds are not ISO-8601 times or that ends before it starts.
 */
export async function listTakedowns(
  database: Database,
  period: TakedownPeriod,
): Promise<TakedownReport> {
  const from = readTime(period.from, 'from');
  const to = readTime(period.to, 'to');
  if (to < from) {
    throw new VigilError('INVALID_INPUT', `to: ${period.to} is before from ${period.from}`, 'to');
  }

  const listings = await selectTakenDownListings(database.db, from, to);
  const notices = await selectNoticesForListings(database.db, listings);
  const takedowns = listings.map((listing): Takedown => ({
    ...listing,
    hoursToTakedown: Math.max(0, hoursBetween(listing.listedAt, listing.takenDownAt)),
    organisations: notifiedOrganisations(
      notices.filter((notice) => notice.indicatorId === listing.indicatorId),
      listing.takenDownAt,
    ),
  }));
  return {
    period: { from, to },
    takedowns,
    byCase: summarizeByCase(takedowns),
    byOrganisation: summarizeByOrganisation(takedowns),
  };
}

/** Keeps one entry per organisation, from its earliest notice about the listing. */
function notifiedOrganisations(
  notices: readonly IndicatorNoticeRow[],
  takenDownAt: string,
): NotifiedOrganisation[] {
  const earliest = new Map<number, IndicatorNoticeRow>();
  for (const notice of notices) {
    const known = earliest.get(notice.organisationId);
    if (known === undefined || notice.sentAt < known.sentAt) {
      earliest.set(notice.organisationId, notice);
    }
  }
  return [...earliest.values()]
    .sort((a, b) => a.organisationId - b.organisationId)
    .map((notice) => ({
      organisationId: notice.organisationId,
      name: notice.organisationName,
      kind: notice.organisationKind,
      noticeId: notice.noticeId,
      sentAt: notice.sentAt,
      hoursFromNotice: hoursBetween(notice.sentAt, takenDownAt),
    }));
}

function readTime(value: string, field: string): string {
  const time = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(time)) {
    throw new VigilError(
      'INVALID_INPUT',
      `${field}: ${JSON.stringify(value).slice(0, 60)} is not an ISO-8601 date or time`,
      field,
    );
  }
  return new Date(time).toISOString();
}
