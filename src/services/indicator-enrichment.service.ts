import type { Database } from '../store/database.ts';
import {
  selectEnrichmentResults,
  selectIndicatorsToEnrich,
  selectLookalikeHits,
} from '../store/enrichment.repository.ts';
import { selectListingLiveness } from '../store/liveness.repository.ts';

/** The status and time of one enrichment step's last run. */
export interface StepOutcome {
  /** ok, refused (the safe fetch would not go there), failed, or skipped (outbound off). */
  readonly status: string;
  readonly checkedAt: string;
  /** The reason the step was refused, failed or skipped; null when it succeeded. */
  readonly error: string | null;
}

export interface FetchHopView {
  readonly url: string;
  readonly status: number | null;
  readonly address: string | null;
  readonly location: string | null;
}

/** The latest safe fetch of a URL. Every string came from the fetched site or its DNS. */
export interface FetchView extends StepOutcome {
  readonly outcome: string | null;
  readonly requestedUrl: string | null;
  readonly finalUrl: string | null;
  readonly httpStatus: number | null;
  readonly title: string | null;
  readonly contentType: string | null;
  readonly sha256: string | null;
  readonly faviconUrl: string | null;
  readonly faviconSha256: string | null;
  readonly redirectChain: readonly FetchHopView[];
  readonly tls: {
    readonly issuer: string | null;
    readonly subject: string | null;
    readonly validFrom: string | null;
    readonly validTo: string | null;
    readonly authorized: boolean;
  } | null;
  readonly durationMs: number | null;
}

export interface DnsView extends StepOutcome {
  readonly a: readonly string[];
  readonly aaaa: readonly string[];
  readonly cname: readonly string[];
  readonly ns: readonly string[];
  readonly mx: readonly { readonly exchange: string; readonly priority: number | null }[];
}

export interface RdapView extends StepOutcome {
  /** The RDAP server that returned the data. */
  readonly server: string | null;
  readonly registrar: string | null;
  readonly creationDate: string | null;
  readonly expirationDate: string | null;
  readonly registrationStatus: readonly string[];
  readonly abuseEmail: string | null;
  readonly nameservers: readonly string[];
  readonly networkName: string | null;
  readonly startAddress: string | null;
  readonly endAddress: string | null;
  readonly asn: number | null;
}

export interface LookalikeHitView {
  readonly brand: string;
  readonly rule: string;
  readonly evidence: string;
}

export interface LivenessView {
  /** The listing's status: active, expired or delisted. */
  readonly listingStatus: string;
  readonly listedAt: string;
  readonly lastCheckedAt: string | null;
  readonly nextCheckAt: string | null;
  readonly checkFailures: number;
  readonly takenDownAt: string | null;
}

/**
 * The enrichment results of one indicator, for the console's case page and its JSON API.
 * A step that never ran is null.
 */
export interface IndicatorEnrichmentView {
  readonly indicator: {
    readonly id: number;
    readonly kind: string;
    readonly value: string;
    readonly host: string | null;
    readonly registrableDomain: string | null;
  };
  readonly fetch: FetchView | null;
  readonly dns: DnsView | null;
  readonly rdap: RdapView | null;
  readonly lookalike: {
    readonly hits: readonly LookalikeHitView[];
    /** The reason hits were dropped, when the domain is on the popular-domain list. */
    readonly suppressed: string | null;
    /** The brand whose official domain this is, when it is one. */
    readonly officialBrand: string | null;
  } | null;
  /** Null when the indicator was never listed. */
  readonly liveness: LivenessView | null;
}

/** The maximum length of a text kept from a stored result; hostile pages send huge titles. */
const MAX_TEXT = 2000;
const MAX_ITEMS = 100;

/**
 * Reads the latest fetch, DNS, RDAP and lookalike results and the liveness of one indicator.
 * Stored results are read field by field with their types checked, so a malformed or hostile
 * value gives null instead of an error. Returns undefined when the indicator does not exist.
 */
export async function describeIndicatorEnrichment(
  database: Database,
  indicatorId: number,
): Promise<IndicatorEnrichmentView | undefined> {
  const [indicator] = await selectIndicatorsToEnrich(database.db, [indicatorId]);
  if (indicator === undefined) {
    return undefined;
  }
  const results = await selectEnrichmentResults(database.db, indicatorId);
  const step = (name: string) => results.find((result) => result.step === name);
  const hits = await selectLookalikeHits(database.db, indicatorId);
  const listing = await selectListingLiveness(database.db, indicatorId);
  const lookalike = step('lookalike');

  return {
    indicator: {
      id: Number(indicator.id),
      kind: indicator.kind,
      value: indicator.value,
      host: indicator.host,
      registrableDomain: indicator.registrableDomain,
    },
    fetch: mapStep(step('fetch'), readFetch),
    dns: mapStep(step('dns'), readDns),
    rdap: mapStep(step('rdap'), readRdap),
    lookalike:
      lookalike === undefined && hits.length === 0
        ? null
        : {
            hits: hits.map(({ brand, rule, evidence }) => ({ brand, rule, evidence })),
            suppressed: text(record(lookalike?.result).suppressed),
            officialBrand: text(record(record(lookalike?.result).official).brand),
          },
    liveness:
      listing === undefined
        ? null
        : {
            listingStatus: listing.status,
            listedAt: listing.listedAt,
            lastCheckedAt: listing.lastCheckedAt,
            nextCheckAt: listing.nextCheckAt,
            checkFailures: listing.checkFailures,
            takenDownAt: listing.takenDownAt,
          },
  };
}

type StoredStep = Awaited<ReturnType<typeof selectEnrichmentResults>>[number];

function mapStep<T>(
  stored: StoredStep | undefined,
  read: (result: Record<string, unknown>, outcome: StepOutcome) => T,
): T | null {
  if (stored === undefined) {
    return null;
  }
  const outcome = { status: stored.status, checkedAt: stored.checkedAt, error: stored.error };
  return read(record(stored.result), outcome);
}

function readFetch(result: Record<string, unknown>, outcome: StepOutcome): FetchView {
  const tls = record(result.tls);
  return {
    ...outcome,
    outcome: text(result.outcome),
    requestedUrl: text(result.requestedUrl),
    finalUrl: text(result.finalUrl),
    httpStatus: integer(result.status),
    title: text(result.title),
    contentType: text(result.contentType),
    sha256: text(result.sha256),
    faviconUrl: text(result.faviconUrl),
    faviconSha256: text(result.faviconSha256),
    redirectChain: list(result.hops).map((item) => {
      const hop = record(item);
      return {
        url: text(hop.url) ?? '',
        status: integer(hop.status),
        address: text(hop.address),
        location: text(hop.location),
      };
    }),
    tls:
      result.tls === undefined || result.tls === null
        ? null
        : {
            issuer: text(tls.issuer),
            subject: text(tls.subject),
            validFrom: text(tls.validFrom),
            validTo: text(tls.validTo),
            authorized: tls.authorized === true,
          },
    durationMs: integer(result.durationMs),
  };
}

function readDns(result: Record<string, unknown>, outcome: StepOutcome): DnsView {
  return {
    ...outcome,
    a: texts(result.a),
    aaaa: texts(result.aaaa),
    cname: texts(result.cname),
    ns: [...new Set([...texts(result.ns), ...texts(result.registrableNs)])],
    mx: list(result.mx).map((item) => ({
      exchange: text(record(item).exchange) ?? '',
      priority: integer(record(item).priority),
    })),
  };
}

function readRdap(result: Record<string, unknown>, outcome: StepOutcome): RdapView {
  return {
    ...outcome,
    server: text(result.server),
    registrar: text(result.registrar),
    creationDate: text(result.creationDate),
    expirationDate: text(result.expirationDate),
    registrationStatus: texts(result.status),
    abuseEmail: text(result.abuseEmail),
    nameservers: texts(result.nameservers),
    networkName: text(result.networkName),
    startAddress: text(result.startAddress),
    endAddress: text(result.endAddress),
    asn: integer(result.asn),
  };
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value.slice(0, MAX_ITEMS) : [];
}

function text(value: unknown): string | null {
  return typeof value === 'string' ? value.slice(0, MAX_TEXT) : null;
}

function texts(value: unknown): string[] {
  return list(value).flatMap((item) => text(item) ?? []);
}

function integer(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) ? value : null;
}

/** Indicators of one case whose enrichment its page shows; the rest are a click away in the API. */
export const CASE_ENRICHMENT_LIMIT = 20;

/** Describes the enrichment of the first `CASE_ENRICHMENT_LIMIT` of `indicatorIds`, in order. */
export async function describeCaseEnrichment(
  database: Database,
  indicatorIds: readonly number[],
): Promise<IndicatorEnrichmentView[]> {
  const views: IndicatorEnrichmentView[] = [];
  for (const indicatorId of indicatorIds.slice(0, CASE_ENRICHMENT_LIMIT)) {
    const view = await describeIndicatorEnrichment(database, indicatorId);
    if (view !== undefined) {
      views.push(view);
    }
  }
  return views;
}
