import type { Kysely } from 'kysely';

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
