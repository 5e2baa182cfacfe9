import type { Kysely } from 'kysely';

import type { Schema } from './schema.ts';

export interface WarningRow {
  readonly id: number;
  readonly slug: string;
  readonly titleVi: string;
  readonly titleEn: string;
  readonly bodyVi: string;
  readonly bodyEn: string;
  readonly category: string;
  readonly publishedAt: string;
  readonly updatedAt: string;
}

export interface NewWarningRow {
  readonly slug: string;
  readonly titleVi: string;
  readonly titleEn: string;
  readonly bodyVi: string;
  readonly bodyEn: string;
  readonly category: string;
  readonly publishedAt: string;
  readonly createdBy: string;
  readonly now: string;
}

const WARNING_COLUMNS = [
  'id',
  'slug',
  'title_vi',
  'title_en',
  'body_vi',
  'body_en',
  'category',
  'published_at',
  'updated_at',
] as const;

export async function insertWarning(trx: Kysely<Schema>, row: NewWarningRow): Promise<number> {
  const inserted = await trx
    .insertInto('warnings')
    .values({
      slug: row.slug,
      title_vi: row.titleVi,
      title_en: row.titleEn,
      body_vi: row.bodyVi,
      body_en: row.bodyEn,
      category: row.category,
      published_at: row.publishedAt,
      created_by: row.createdBy,
      created_at: row.now,
      updated_at: row.now,
      withdrawn_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(inserted.id);
}

export async function insertWarningIndicators(
  trx: Kysely<Schema>,
  warningId: number,
  indicatorIds: readonly number[],
): Promise<void> {
  if (indicatorIds.length === 0) {
    return;
  }
  await trx
    .insertInto('warning_indicators')
    .values(
      indicatorIds.map((indicatorId) => ({ warning_id: warningId, indicator_id: indicatorId })),
    )
    .onConflict((conflict) => conflict.columns(['warning_id', 'indicator_id']).doNothing())
    .execute();
}

export async function slugExists(db: Kysely<Schema>, slug: string): Promise<boolean> {
  const row = await db
    .selectFrom('warnings')
    .select('id')
    .where('slug', '=', slug)
    .executeTakeFirst();
  return row !== undefined;
}

/** Returns published, not withdrawn warnings, newest first. */
export async function selectPublishedWarnings(
  db: Kysely<Schema>,
  now: string,
  limit: number,
): Promise<WarningRow[]> {
  const rows = await db
    .selectFrom('warnings')
    .select(WARNING_COLUMNS)
    .where('withdrawn_at', 'is', null)
    .where('published_at', '<=', now)
    .orderBy('published_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toWarning);
}

export async function selectPublishedWarning(
  db: Kysely<Schema>,
  slug: string,
  now: string,
): Promise<WarningRow | undefined> {
  const row = await db
    .selectFrom('warnings')
    .select(WARNING_COLUMNS)
    .where('slug', '=', slug)
    .where('withdrawn_at', 'is', null)
    .where('published_at', '<=', now)
    .executeTakeFirst();
  return row === undefined ? undefined : toWarning(row);
}

/** Returns the indicators a warning names, as kind and canonical value. */
export async function selectWarningIndicators(
  db: Kysely<Schema>,
  warningId: number,
): Promise<{ kind: string; value: string }[]> {
  return db
    .selectFrom('warning_indicators')
    .innerJoin('indicators', 'indicators.id', 'warning_indicators.indicator_id')
    .select(['indicators.kind', 'indicators.value'])
    .where('warning_indicators.warning_id', '=', warningId)
    .orderBy('indicators.kind')
    .orderBy('indicators.value')
    .execute();
}

/** Returns the published warnings that name any of `values`, newest first. */
export async function selectWarningsNaming(
  db: Kysely<Schema>,
  values: readonly { readonly kind: string; readonly value: string }[],
  now: string,
): Promise<WarningRow[]> {
  if (values.length === 0) {
    return [];
  }
  const rows = await db
    .selectFrom('warnings')
    .innerJoin('warning_indicators', 'warning_indicators.warning_id', 'warnings.id')
    .innerJoin('indicators', 'indicators.id', 'warning_indicators.indicator_id')
    .select(WARNING_COLUMNS.map((column) => `warnings.${column}` as const))
    .distinct()
    .where('warnings.withdrawn_at', 'is', null)
    .where('warnings.published_at', '<=', now)
    .where((eb) =>
      eb.or(
        values.map((entry) =>
          eb.and([
            eb('indicators.kind', '=', entry.kind),
            eb('indicators.value', '=', entry.value),
          ]),
        ),
      ),
    )
    .orderBy('warnings.published_at', 'desc')
    .limit(10)
    .execute();
  return rows.map(toWarning);
}

function toWarning(row: {
  id: number;
  slug: string;
  title_vi: string;
  title_en: string;
  body_vi: string;
  body_en: string;
  category: string;
  published_at: string;
  updated_at: string;
}): WarningRow {
  return {
    id: Number(row.id),
    slug: row.slug,
    titleVi: row.title_vi,
    titleEn: row.title_en,
    bodyVi: row.body_vi,
    bodyEn: row.body_en,
    category: row.category,
    publishedAt: row.published_at,
    updatedAt: row.updated_at,
  };
}
