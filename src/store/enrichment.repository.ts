import type { Kysely } from 'kysely';

import { canonicalizeIp } from '../domain/indicators/ip.ts';
import type { RoutingFacts } from '../domain/notices/routing.ts';
import type { Schema } from './schema.ts';

/** One enrichment step's latest outcome for an indicator. */
export interface EnrichmentResultRow {
  readonly indicatorId: number;
  readonly step: 'fetch' | 'dns' | 'rdap' | 'lookalike';
  readonly status: 'ok' | 'refused' | 'failed' | 'skipped';
  readonly result: unknown;
  readonly error: string | null;
}

export interface EnrichedIndicatorRow {
  readonly id: number;
  readonly kind: string;
  readonly value: string;
  readonly host: string | null;
  readonly registrableDomain: string | null;
}

/** Reads the indicators to enrich, in id order; unknown ids are skipped. */
export async function selectIndicatorsToEnrich(
  db: Kysely<Schema>,
  ids: readonly number[],
): Promise<EnrichedIndicatorRow[]> {
  if (ids.length === 0) {
    return [];
  }
  return db
    .selectFrom('indicators')
    .select(['id', 'kind', 'value', 'host', 'registrable_domain as registrableDomain'])
    .where('id', 'in', [...ids])
    .orderBy('id')
    .execute();
}

/** Replaces the step's result for the indicator. */
export async function upsertEnrichmentResult(
  db: Kysely<Schema>,
  row: EnrichmentResultRow,
  now: string,
): Promise<void> {
  const values = {
    indicator_id: row.indicatorId,
    step: row.step,
    status: row.status,
    result: row.result === undefined ? null : JSON.stringify(row.result),
    error: row.error,
    checked_at: now,
  };
  await db
    .insertInto('enrichment_results')
    .values(values)
    .onConflict((conflict) =>
      conflict.columns(['indicator_id', 'step']).doUpdateSet({
        status: values.status,
        result: values.result,
        error: values.error,
        checked_at: values.checked_at,
      }),
    )
    .execute();
}

/** Replaces the lookalike hits of an indicator with `hits`. */
export async function replaceLookalikeHits(
  db: Kysely<Schema>,
  indicatorId: number,
  hits: readonly { readonly brand: string; readonly rule: string; readonly evidence: string }[],
  now: string,
): Promise<void> {
  await db.deleteFrom('lookalike_hits').where('indicator_id', '=', indicatorId).execute();
  if (hits.length === 0) {
    return;
  }
  await db
    .insertInto('lookalike_hits')
    .values(
      hits.map((hit) => ({
        indicator_id: indicatorId,
        brand: hit.brand,
        rule: hit.rule,
        evidence: hit.evidence,
        created_at: now,
      })),
    )
    .onConflict((conflict) => conflict.doNothing())
    .execute();
}

/** Adds source keys that enrichment found; keys already recorded are kept as they are. */
export async function insertSourceKeys(
  db: Kysely<Schema>,
  indicatorId: number,
  keys: readonly { readonly key: string; readonly origin: string }[],
  now: string,
): Promise<void> {
  if (keys.length === 0) {
    return;
  }
  await db
    .insertInto('source_keys')
    .values(
      keys.map(({ key, origin }) => ({ indicator_id: indicatorId, key, origin, created_at: now })),
    )
    .onConflict((conflict) => conflict.columns(['indicator_id', 'key']).doNothing())
    .execute();
}

/** Reads every step's latest result for an indicator, results parsed from JSON. */
export async function selectEnrichmentResults(
  db: Kysely<Schema>,
  indicatorId: number,
): Promise<
  { step: string; status: string; result: unknown; error: string | null; checkedAt: string }[]
> {
  const rows = await db
    .selectFrom('enrichment_results')
    .select(['step', 'status', 'result', 'error', 'checked_at'])
    .where('indicator_id', '=', indicatorId)
    .orderBy('step')
    .execute();
  return rows.map((row) => ({
    step: row.step,
    status: row.status,
    result: row.result === null ? null : (JSON.parse(row.result) as unknown),
    error: row.error,
    checkedAt: row.checked_at,
  }));
}

/** Reads the lookalike hits of an indicator, by brand and rule. */
export async function selectLookalikeHits(
  db: Kysely<Schema>,
  indicatorId: number,
): Promise<{ brand: string; rule: string; evidence: string; createdAt: string }[]> {
  const rows = await db
    .selectFrom('lookalike_hits')
    .select(['brand', 'rule', 'evidence', 'created_at'])
    .where('indicator_id', '=', indicatorId)
    .orderBy('brand')
    .orderBy('rule')
    .execute();
  return rows.map((row) => ({
    brand: row.brand,
    rule: row.rule,
    evidence: row.evidence,
    createdAt: row.created_at,
  }));
}

/** How many resolved addresses of one indicator routing reads, so a huge DNS answer stays cheap. */
const MAX_ROUTING_ADDRESSES = 32;

/**
 * Reads what enrichment stored about where an indicator is registered and
 * hosted, for routing notices. The registrar comes from the RDAP result of the
 * indicator itself, or else of the domain indicator of its registrable domain.
 * The addresses are those its DNS result lists, and the AS numbers come from the
 * RDAP results of those addresses (and of the indicator when it is an address).
 * Only results with status ok count, and a result of an unexpected shape adds
 * nothing.
 */
export async function selectRoutingFacts(
  db: Kysely<Schema>,
  indicator: EnrichedIndicatorRow,
): Promise<RoutingFacts> {
  const own = await selectOkResults(db, [indicator.id]);
  const registrar =
    indicator.kind === 'ip'
      ? undefined
      : (registrarOf(own.get(`${indicator.id}:rdap`)) ??
        (await registrarOfDomain(db, indicator.registrableDomain)));
  const addresses = addressesOf(own.get(`${indicator.id}:dns`));
  const asns = new Set<number>();
  const ownAsn = asnOf(own.get(`${indicator.id}:rdap`));
  if (indicator.kind === 'ip' && ownAsn !== undefined) {
    asns.add(ownAsn);
  }
  for (const asn of await selectAsnsOfAddresses(db, addresses)) {
    asns.add(asn);
  }
  return {
    ...(registrar !== undefined && { registrar }),
    ...(addresses.length > 0 && { addresses }),
    ...(asns.size > 0 && { asns: [...asns].sort((a, b) => a - b) }),
  };
}

/** Reads the parsed ok results of some indicators, keyed `<indicatorId>:<step>`. */
async function selectOkResults(
  db: Kysely<Schema>,
  indicatorIds: readonly number[],
): Promise<Map<string, unknown>> {
  if (indicatorIds.length === 0) {
    return new Map();
  }
  const rows = await db
    .selectFrom('enrichment_results')
    .select(['indicator_id', 'step', 'result'])
    .where('indicator_id', 'in', [...indicatorIds])
    .where('step', 'in', ['dns', 'rdap'])
    .where('status', '=', 'ok')
    .where('result', 'is not', null)
    .execute();
  return new Map(
    rows.map((row) => [`${Number(row.indicator_id)}:${row.step}`, parseJson(row.result!)]),
  );
}

async function registrarOfDomain(
  db: Kysely<Schema>,
  registrableDomain: string | null,
): Promise<string | undefined> {
  if (registrableDomain === null) {
    return undefined;
  }
  const domain = await db
    .selectFrom('indicators')
    .select('id')
    .where('kind', '=', 'domain')
    .where('value', '=', registrableDomain)
    .executeTakeFirst();
  if (domain === undefined) {
    return undefined;
  }
  const id = Number(domain.id);
  return registrarOf((await selectOkResults(db, [id])).get(`${id}:rdap`));
}

async function selectAsnsOfAddresses(
  db: Kysely<Schema>,
  addresses: readonly string[],
): Promise<number[]> {
  if (addresses.length === 0) {
    return [];
  }
  const rows = await db
    .selectFrom('indicators')
    .innerJoin('enrichment_results', 'enrichment_results.indicator_id', 'indicators.id')
    .select('enrichment_results.result')
    .where('indicators.kind', '=', 'ip')
    .where('indicators.value', 'in', [...addresses])
    .where('enrichment_results.step', '=', 'rdap')
    .where('enrichment_results.status', '=', 'ok')
    .where('enrichment_results.result', 'is not', null)
    .execute();
  return rows.flatMap((row) => {
    const asn = asnOf(parseJson(row.result!));
    return asn === undefined ? [] : [asn];
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function fieldOf(result: unknown, name: string): unknown {
  return typeof result === 'object' && result !== null
    ? (result as Record<string, unknown>)[name]
    : undefined;
}

function registrarOf(result: unknown): string | undefined {
  const registrar = fieldOf(result, 'registrar');
  return typeof registrar === 'string' && registrar.trim() !== '' ? registrar : undefined;
}

function asnOf(result: unknown): number | undefined {
  const asn = fieldOf(result, 'asn');
  return typeof asn === 'number' && Number.isSafeInteger(asn) && asn >= 0 ? asn : undefined;
}

/** Lists the A and AAAA addresses of a DNS result in the canonical form IP indicators use. */
function addressesOf(result: unknown): string[] {
  const listed = [fieldOf(result, 'a'), fieldOf(result, 'aaaa')].flatMap((list) =>
    Array.isArray(list) ? list.filter((item): item is string => typeof item === 'string') : [],
  );
  const canonical = listed.flatMap((text) => {
    const address = canonicalizeIp(text);
    return typeof address === 'string' ? [address] : [];
  });
  return [...new Set(canonical)].slice(0, MAX_ROUTING_ADDRESSES);
}
