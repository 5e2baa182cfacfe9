import { isIP } from 'node:net';

import type { Config } from '../config.ts';
import { type LookalikeResult, findLookalikes } from '../domain/brands/lookalike.ts';
import { JOB_NAMES } from '../jobs/job-names.ts';
import { isPopularDomain } from '../store/allowlist.repository.ts';
import type { Database } from '../store/database.ts';
import {
  type EnrichedIndicatorRow,
  type EnrichmentResultRow,
  insertSourceKeys,
  replaceLookalikeHits,
  selectIndicatorsToEnrich,
  upsertEnrichmentResult,
} from '../store/enrichment.repository.ts';
import { DnsService } from './dns.service.ts';
import type { FetchRecord } from './fetch/fetch-record.ts';
import { SafeFetchService } from './fetch/safe-fetch.service.ts';
import { enqueue, notifyWorkers } from './job-queue.service.ts';
import { RdapService } from './rdap.service.ts';

/** The network tools of enrichment; tests pass ones pointed at 127.0.0.1 servers. */
export interface EnrichmentTools {
  /** False skips DNS, RDAP and fetch, recording each as skipped. */
  readonly outbound: boolean;
  readonly dns: DnsService;
  readonly rdap: RdapService;
  readonly fetcher: SafeFetchService;
}

/** Everything one indicator's enrichment found, as stored. */
export interface IndicatorEnrichment {
  readonly indicatorId: number;
  readonly value: string;
  readonly steps: readonly EnrichmentResultRow[];
  readonly lookalike?: LookalikeResult;
  readonly sourceKeys: readonly { readonly key: string; readonly origin: string }[];
}

const OUTBOUND_OFF = 'outbound network access is off (VIGIL_OUTBOUND=off)';

/** Builds the enrichment tools that the configuration describes. */
export function createEnrichmentTools(config: Config): EnrichmentTools {
  const settings = config.enrichment;
  const dns = new DnsService({ servers: settings.dnsServers, timeoutMs: settings.dnsTimeoutMs });
  return {
    outbound: settings.outbound,
    dns,
    rdap: new RdapService({ bootstrapDir: `${config.dataDir}/rdap` }),
    fetcher: new SafeFetchService({
      dns,
      ports: settings.fetchPorts,
      timeoutMs: settings.fetchTimeoutMs,
      maxBodyBytes: settings.fetchMaxBodyBytes,
    }),
  };
}

/**
 * Runs every enrichment step on the indicators: lookalike detection for hosts, then DNS, RDAP
 * and the safe fetch where outbound access is on. Results, lookalike hits and source keys are
 * written in one transaction per indicator, which also enqueues clustering for them. A failed
 * step is recorded as failed; it does not stop the others.
 */
export async function enrichIndicators(
  database: Database,
  indicatorIds: readonly number[],
  tools: EnrichmentTools,
  now: () => string = () => new Date().toISOString(),
): Promise<IndicatorEnrichment[]> {
  const indicators = await selectIndicatorsToEnrich(database.db, indicatorIds);
  const enrichments: IndicatorEnrichment[] = [];
  for (const indicator of indicators) {
    const enrichment = await enrichOne(database, indicator, tools);
    await storeEnrichment(database, enrichment, now());
    enrichments.push(enrichment);
  }
  if (enrichments.length > 0) {
    await notifyWorkers(database);
  }
  return enrichments;
}

async function enrichOne(
  database: Database,
  indicator: EnrichedIndicatorRow,
  tools: EnrichmentTools,
): Promise<IndicatorEnrichment> {
  const steps: EnrichmentResultRow[] = [];
  const sourceKeys: { key: string; origin: string }[] = [];
  const id = indicator.id;
  const host = indicator.host ?? (indicator.kind === 'ip' ? indicator.value : null);

  let lookalike: LookalikeResult | undefined;
  if (indicator.host !== null && isIP(indicator.host.replace(/^\[|\]$/g, '')) === 0) {
    lookalike = await checkLookalike(database, indicator);
    steps.push({
      indicatorId: id,
      step: 'lookalike',
      status: 'ok',
      result: lookalike,
      error: null,
    });
  }
  if (host === null) {
    return {
      indicatorId: id,
      value: indicator.value,
      steps,
      sourceKeys,
      ...(lookalike ? { lookalike } : {}),
    };
  }
  if (!tools.outbound) {
    const stepNames =
      indicator.kind === 'url' ? (['dns', 'rdap', 'fetch'] as const) : (['dns', 'rdap'] as const);
    for (const step of stepNames) {
      steps.push({ indicatorId: id, step, status: 'skipped', result: null, error: OUTBOUND_OFF });
    }
    return {
      indicatorId: id,
      value: indicator.value,
      steps,
      sourceKeys,
      ...(lookalike ? { lookalike } : {}),
    };
  }

  steps.push(await runDns(indicator, host, tools, sourceKeys));
  steps.push(await runRdap(indicator, host, tools, sourceKeys));
  if (indicator.kind === 'url') {
    steps.push(await runFetch(indicator, tools, sourceKeys));
  }
  return {
    indicatorId: id,
    value: indicator.value,
    steps,
    sourceKeys,
    ...(lookalike ? { lookalike } : {}),
  };
}

async function checkLookalike(
  database: Database,
  indicator: EnrichedIndicatorRow,
): Promise<LookalikeResult> {
  const registrable = indicator.registrableDomain;
  const popular = registrable !== null && (await isPopularDomain(database.db, registrable));
  const input = indicator.kind === 'url' ? indicator.value : indicator.host!;
  return findLookalikes(input, { isPopular: (domain) => popular && domain === registrable });
}

async function runDns(
  indicator: EnrichedIndicatorRow,
  host: string,
  tools: EnrichmentTools,
  sourceKeys: { key: string; origin: string }[],
): Promise<EnrichmentResultRow> {
  if (isIP(host.replace(/^\[|\]$/g, '')) !== 0) {
    sourceKeys.push({ key: `address:${host.replace(/^\[|\]$/g, '')}`, origin: 'dns' });
    return {
      indicatorId: indicator.id,
      step: 'dns',
      status: 'skipped',
      result: null,
      error: 'the host is an address',
    };
  }
  try {
    const records = await tools.dns.resolveAll(host);
    for (const address of [...records.a, ...records.aaaa]) {
      sourceKeys.push({ key: `address:${address}`, origin: 'dns' });
    }
    const nsRecords =
      indicator.registrableDomain && indicator.registrableDomain !== host
        ? (await tools.dns.resolveAll(indicator.registrableDomain)).ns
        : records.ns;
    for (const ns of new Set([...records.ns, ...nsRecords])) {
      sourceKeys.push({ key: `ns:${ns.toLowerCase()}`, origin: 'dns' });
    }
    return {
      indicatorId: indicator.id,
      step: 'dns',
      status: 'ok',
      result: { ...records, registrableNs: nsRecords },
      error: null,
    };
  } catch (error) {
    return {
      indicatorId: indicator.id,
      step: 'dns',
      status: 'failed',
      result: null,
      error: describe(error),
    };
  }
}

async function runRdap(
  indicator: EnrichedIndicatorRow,
  host: string,
  tools: EnrichmentTools,
  sourceKeys: { key: string; origin: string }[],
): Promise<EnrichmentResultRow> {
  try {
    const address = host.replace(/^\[|\]$/g, '');
    const summary =
      isIP(address) !== 0
        ? await tools.rdap.lookupIp(address)
        : indicator.registrableDomain
          ? await tools.rdap.lookupDomain(indicator.registrableDomain)
          : undefined;
    if (summary === undefined) {
      return {
        indicatorId: indicator.id,
        step: 'rdap',
        status: 'skipped',
        result: null,
        error: 'no registrable domain',
      };
    }
    if (summary.registrar !== undefined) {
      const day = summary.creationDate?.slice(0, 10) ?? 'unknown';
      sourceKeys.push({ key: `registrar:${summary.registrar}|${day}`, origin: 'rdap' });
    }
    return { indicatorId: indicator.id, step: 'rdap', status: 'ok', result: summary, error: null };
  } catch (error) {
    return {
      indicatorId: indicator.id,
      step: 'rdap',
      status: 'failed',
      result: null,
      error: describe(error),
    };
  }
}

async function runFetch(
  indicator: EnrichedIndicatorRow,
  tools: EnrichmentTools,
  sourceKeys: { key: string; origin: string }[],
): Promise<EnrichmentResultRow> {
  const record: FetchRecord = await tools.fetcher.fetch(indicator.value);
  if (record.sha256 !== undefined && record.outcome === 'fetched' && (record.bytes ?? 0) > 0) {
    sourceKeys.push({ key: `fingerprint:${record.sha256}`, origin: 'fetch' });
  }
  const status = record.outcome === 'fetched' ? 'ok' : record.outcome;
  return {
    indicatorId: indicator.id,
    step: 'fetch',
    status,
    result: record,
    error: record.reason ?? null,
  };
}

async function storeEnrichment(
  database: Database,
  enrichment: IndicatorEnrichment,
  now: string,
): Promise<void> {
  await database.db.transaction().execute(async (trx) => {
    for (const step of enrichment.steps) {
      await upsertEnrichmentResult(trx, step, now);
    }
    if (enrichment.lookalike !== undefined) {
      await replaceLookalikeHits(trx, enrichment.indicatorId, enrichment.lookalike.hits, now);
    }
    await insertSourceKeys(trx, enrichment.indicatorId, enrichment.sourceKeys, now);
    if (enrichment.sourceKeys.length > 0) {
      await enqueue(trx, {
        name: JOB_NAMES.clusterIndicators,
        payload: { indicatorIds: [enrichment.indicatorId] },
      });
    }
  });
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
