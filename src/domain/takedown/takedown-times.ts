/** An organisation that was sent a notice about a listing before or after it went down. */
export interface NotifiedOrganisation {
  readonly organisationId: number;
  readonly name: string;
  /** isp, hosting, registrar, platform, bank, telco, cert or partner. */
  readonly kind: string;
  readonly noticeId: number;
  readonly sentAt: string;
  /** Hours from this notice to the takedown; negative when the notice came after it. */
  readonly hoursFromNotice: number;
}

/** One listing that liveness checks found taken down. */
export interface Takedown {
  readonly indicatorId: number;
  readonly kind: string;
  readonly value: string;
  readonly category: string;
  readonly listedAt: string;
  readonly takenDownAt: string;
  /** Hours from listing to takedown, never negative. */
  readonly hoursToTakedown: number;
  readonly decisionId: number | null;
  /** The case of the indicator (`case_indicators`), or null for a feed listing with none. */
  readonly caseId: number | null;
  readonly organisations: readonly NotifiedOrganisation[];
}

/** Time to takedown of the listings of one case. */
export interface CaseTakedownTimes {
  readonly caseId: number;
  readonly takedowns: number;
  readonly medianHoursToTakedown: number;
  readonly maxHoursToTakedown: number;
}

/** Time to takedown of the listings one organisation was notified about. */
export interface OrganisationTakedownTimes {
  readonly organisationId: number;
  readonly name: string;
  readonly kind: string;
  readonly takedowns: number;
  readonly medianHoursToTakedown: number;
  /** Median hours from the notice to the takedown, over the notices sent before it. */
  readonly medianHoursFromNotice: number | null;
}

const HOUR_MS = 3_600_000;

/** Hours between two ISO-8601 times, to one decimal. */
export function hoursBetween(from: string, to: string): number {
  return Math.round(((Date.parse(to) - Date.parse(from)) / HOUR_MS) * 10) / 10;
}

/** Groups takedowns by case, cases with the most takedowns first; takedowns with no case are left out. */
export function summarizeByCase(takedowns: readonly Takedown[]): CaseTakedownTimes[] {
  const groups = new Map<number, number[]>();
  for (const takedown of takedowns) {
    if (takedown.caseId !== null) {
      groups.set(takedown.caseId, [
        ...(groups.get(takedown.caseId) ?? []),
        takedown.hoursToTakedown,
      ]);
    }
  }
  return [...groups]
    .map(([caseId, hours]) => ({
      caseId,
      takedowns: hours.length,
      medianHoursToTakedown: median(hours)!,
      maxHoursToTakedown: Math.max(...hours),
    }))
    .sort((a, b) => b.takedowns - a.takedowns || a.caseId - b.caseId);
}

/** Groups takedowns by each organisation notified about them, most takedowns first. */
export function summarizeByOrganisation(
  takedowns: readonly Takedown[],
): OrganisationTakedownTimes[] {
  const groups = new Map<
    number,
    { name: string; kind: string; hours: number[]; fromNotice: number[] }
  >();
  for (const takedown of takedowns) {
    for (const organisation of takedown.organisations) {
      const group = groups.get(organisation.organisationId) ?? {
        name: organisation.name,
        kind: organisation.kind,
        hours: [],
        fromNotice: [],
      };
      group.hours.push(takedown.hoursToTakedown);
      if (organisation.hoursFromNotice >= 0) {
        group.fromNotice.push(organisation.hoursFromNotice);
      }
      groups.set(organisation.organisationId, group);
    }
  }
  return [...groups]
    .map(([organisationId, group]) => ({
      organisationId,
      name: group.name,
      kind: group.kind,
      takedowns: group.hours.length,
      medianHoursToTakedown: median(group.hours)!,
      medianHoursFromNotice: median(group.fromNotice) ?? null,
    }))
    .sort((a, b) => b.takedowns - a.takedowns || a.organisationId - b.organisationId);
}

function median(values: readonly number[]): number | undefined {
  if (values.length === 0) {
    return undefined;
  }
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const value =
    sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return Math.round(value * 10) / 10;
}
