import { median, percentile } from './percentile.ts';

/** Counts by a key, such as reports by category. */
export type Counts = Readonly<Record<string, number>>;

/** A notice sent in the period, with the times its recipient responded. */
export interface NoticeTimes {
  readonly organisationId: number;
  readonly organisationName: string;
  readonly organisationKind: string;
  readonly sentAt: string;
  readonly acknowledgedAt: string | null;
  readonly actionedAt: string | null;
  readonly declinedAt: string | null;
}

export interface AppealTimes {
  readonly outcome: string;
  readonly createdAt: string;
  readonly decidedAt: string;
}

/** Counts from the store for one period. Every field covers [from, to). */
export interface TransparencyInput {
  readonly from: string;
  readonly to: string;
  readonly reportsByCategory: Counts;
  readonly reportsByChannel: Counts;
  readonly decisionsByVerdict: Counts;
  readonly decisionsByBasis: Counts;
  readonly decisionsAutomated: number;
  readonly decisionsByPerson: number;
  readonly feedListings: number;
  readonly listingsActiveAtEnd: number;
  readonly listingsExpired: number;
  readonly listingsDelisted: number;
  readonly takedowns: number;
  readonly notices: readonly NoticeTimes[];
  readonly appealsReceived: number;
  readonly appealsDecided: readonly AppealTimes[];
}

/** A median and 90th percentile of durations, in hours rounded to 0.1. */
export interface DurationFigures {
  readonly count: number;
  readonly median_hours: number | null;
  readonly p90_hours: number | null;
}

export interface NoticeFigures {
  readonly sent: number;
  readonly acknowledged: number;
  readonly actioned: number;
  readonly declined: number;
  readonly time_to_acknowledge: DurationFigures;
  readonly time_to_act: DurationFigures;
}

/** The published figures of one period, as the page, CSV and JSON show them. */
export interface TransparencyFigures {
  readonly period: { readonly from: string; readonly to: string };
  readonly reports: {
    readonly total: number;
    readonly by_category: Counts;
    readonly by_channel: Counts;
  };
  readonly decisions: {
    readonly total: number;
    readonly by_verdict: Counts;
    readonly by_legal_basis: Counts;
    readonly automated: number;
    readonly by_person: number;
  };
  readonly listings: {
    readonly by_feed: number;
    readonly active_at_end: number;
    readonly expired: number;
    readonly delisted: number;
  };
  readonly takedowns: number;
  readonly notices: NoticeFigures & {
    readonly by_organisation_kind: Record<string, NoticeFigures>;
  };
  readonly appeals: {
    readonly received: number;
    readonly decided: number;
    readonly by_outcome: Counts;
    readonly time_to_decide: DurationFigures;
  };
}

const HOUR_MS = 3_600_000;

/** Computes the published figures from what the store counted. */
export function computeFigures(input: TransparencyInput): TransparencyFigures {
  return {
    period: { from: input.from, to: input.to },
    reports: {
      total: sum(input.reportsByCategory),
      by_category: sorted(input.reportsByCategory),
      by_channel: sorted(input.reportsByChannel),
    },
    decisions: {
      total: sum(input.decisionsByVerdict),
      by_verdict: sorted(input.decisionsByVerdict),
      by_legal_basis: sorted(input.decisionsByBasis),
      automated: input.decisionsAutomated,
      by_person: input.decisionsByPerson,
    },
    listings: {
      by_feed: input.feedListings,
      active_at_end: input.listingsActiveAtEnd,
      expired: input.listingsExpired,
      delisted: input.listingsDelisted,
    },
    takedowns: input.takedowns,
    notices: {
      ...noticeFigures(input.notices),
      by_organisation_kind: noticeFiguresByKind(input.notices),
    },
    appeals: {
      received: input.appealsReceived,
      decided: input.appealsDecided.length,
      by_outcome: sorted(countBy(input.appealsDecided, (appeal) => appeal.outcome)),
      time_to_decide: durations(
        input.appealsDecided.map((appeal) => hoursBetween(appeal.createdAt, appeal.decidedAt)),
      ),
    },
  };
}

/** The notice figures of one organisation, as the response times per organisation list them. */
export interface OrganisationNoticeFigures extends NoticeFigures {
  readonly organisation_id: number;
  readonly name: string;
  readonly kind: string;
}

/** Computes the notice figures per organisation kind, kinds in alphabetical order. */
export function noticeFiguresByKind(
  notices: readonly NoticeTimes[],
): Record<string, NoticeFigures> {
  const byKind = groupBy(notices, (notice) => notice.organisationKind);
  const kinds = [...byKind.keys()].sort();
  return Object.fromEntries(kinds.map((kind) => [kind, noticeFigures(byKind.get(kind)!)]));
}

/** Computes the notice figures per organisation, by organisation name. */
export function noticeFiguresByOrganisation(
  notices: readonly NoticeTimes[],
): OrganisationNoticeFigures[] {
  const byOrganisation = groupBy(notices, (notice) => notice.organisationId);
  return [...byOrganisation.values()]
    .map((group) => ({
      organisation_id: group[0]!.organisationId,
      name: group[0]!.organisationName,
      kind: group[0]!.organisationKind,
      ...noticeFigures(group),
    }))
    .sort(byNameThenId);
}

function byNameThenId(a: OrganisationNoticeFigures, b: OrganisationNoticeFigures): number {
  if (a.name !== b.name) {
    return a.name < b.name ? -1 : 1;
  }
  return a.organisation_id - b.organisation_id;
}

function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group === undefined) {
      groups.set(key(item), [item]);
    } else {
      group.push(item);
    }
  }
  return groups;
}

function noticeFigures(notices: readonly NoticeTimes[]): NoticeFigures {
  const acknowledged = notices.filter((notice) => notice.acknowledgedAt !== null);
  const actioned = notices.filter((notice) => notice.actionedAt !== null);
  return {
    sent: notices.length,
    acknowledged: acknowledged.length,
    actioned: actioned.length,
    declined: notices.filter((notice) => notice.declinedAt !== null).length,
    time_to_acknowledge: durations(
      acknowledged.map((notice) => hoursBetween(notice.sentAt, notice.acknowledgedAt!)),
    ),
    time_to_act: durations(
      actioned.map((notice) => hoursBetween(notice.sentAt, notice.actionedAt!)),
    ),
  };
}

function durations(hours: readonly number[]): DurationFigures {
  const middle = median(hours);
  const p90 = percentile(hours, 90);
  return {
    count: hours.length,
    median_hours: middle === undefined ? null : round(middle),
    p90_hours: p90 === undefined ? null : round(p90),
  };
}

function hoursBetween(start: string, end: string): number {
  return Math.max(0, Date.parse(end) - Date.parse(start)) / HOUR_MS;
}

function round(hours: number): number {
  return Math.round(hours * 10) / 10;
}

function sum(counts: Counts): number {
  return Object.values(counts).reduce((total, count) => total + count, 0);
}

function sorted(counts: Counts): Counts {
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : 1)));
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) {
    counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  }
  return counts;
}
