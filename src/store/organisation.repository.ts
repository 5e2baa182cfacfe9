import type { Kysely, Selectable } from 'kysely';

import type { ApiKeyTable, OrganisationTable, PartnerFeedTable, Schema } from './schema.ts';

export type OrganisationRow = Selectable<OrganisationTable>;
export type ApiKeyRow = Selectable<ApiKeyTable>;
export type PartnerFeedRow = Selectable<PartnerFeedTable>;

export interface RoutingRuleRow {
  readonly id: number;
  readonly organisationId: number;
  readonly keyType: string;
  readonly keyValue: string;
}

export interface NewOrganisation {
  readonly name: string;
  readonly kind: string;
  readonly language: string;
  readonly tlpClearance: string;
  readonly contactEmail: string | null;
  readonly webhookUrl: string | null;
  readonly webhookSecret: string | null;
  readonly createdAt: string;
}

export async function insertOrganisation(
  db: Kysely<Schema>,
  row: NewOrganisation,
): Promise<number> {
  const inserted = await db
    .insertInto('organisations')
    .values({
      name: row.name,
      kind: row.kind,
      language: row.language,
      tlp_clearance: row.tlpClearance,
      contact_email: row.contactEmail,
      webhook_url: row.webhookUrl,
      webhook_secret: row.webhookSecret,
      created_at: row.createdAt,
      disabled_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(inserted.id);
}

export async function selectOrganisation(
  db: Kysely<Schema>,
  id: number,
): Promise<OrganisationRow | undefined> {
  const row = await db
    .selectFrom('organisations')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return row && { ...row, id: Number(row.id) };
}

export async function selectOrganisationByName(
  db: Kysely<Schema>,
  name: string,
): Promise<OrganisationRow | undefined> {
  const row = await db
    .selectFrom('organisations')
    .selectAll()
    .where('name', '=', name)
    .executeTakeFirst();
  return row && { ...row, id: Number(row.id) };
}

export async function selectOrganisations(db: Kysely<Schema>): Promise<OrganisationRow[]> {
  const rows = await db.selectFrom('organisations').selectAll().orderBy('id').execute();
  return rows.map((row) => ({ ...row, id: Number(row.id) }));
}

export async function selectOrganisationsByIds(
  db: Kysely<Schema>,
  ids: readonly number[],
): Promise<OrganisationRow[]> {
  if (ids.length === 0) {
    return [];
  }
  const rows = await db.selectFrom('organisations').selectAll().where('id', 'in', ids).execute();
  return rows.map((row) => ({ ...row, id: Number(row.id) }));
}

export async function updateOrganisationDelivery(
  db: Kysely<Schema>,
  id: number,
  fields: Partial<Pick<OrganisationRow, 'contact_email' | 'webhook_url' | 'webhook_secret'>>,
): Promise<void> {
  await db.updateTable('organisations').set(fields).where('id', '=', id).execute();
}

export async function insertApiKey(
  db: Kysely<Schema>,
  row: Omit<ApiKeyRow, 'id' | 'last_used_at'>,
): Promise<number> {
  const inserted = await db
    .insertInto('api_keys')
    .values({ ...row, last_used_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(inserted.id);
}

export async function selectApiKeyByPrefix(
  db: Kysely<Schema>,
  prefix: string,
): Promise<ApiKeyRow | undefined> {
  const row = await db
    .selectFrom('api_keys')
    .selectAll()
    .where('prefix', '=', prefix)
    .executeTakeFirst();
  return row && { ...row, id: Number(row.id), organisation_id: Number(row.organisation_id) };
}

export async function selectApiKey(db: Kysely<Schema>, id: number): Promise<ApiKeyRow | undefined> {
  const row = await db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
  return row && { ...row, id: Number(row.id), organisation_id: Number(row.organisation_id) };
}

export async function selectApiKeysOfOrganisation(
  db: Kysely<Schema>,
  organisationId: number,
): Promise<ApiKeyRow[]> {
  const rows = await db
    .selectFrom('api_keys')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    ...row,
    id: Number(row.id),
    organisation_id: Number(row.organisation_id),
  }));
}

/** Sets when a key stops working, unless it already stops sooner. */
export async function expireApiKey(db: Kysely<Schema>, id: number, at: string): Promise<void> {
  await db
    .updateTable('api_keys')
    .set({ expires_at: at })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', at)]))
    .execute();
}

/**
 * Records a use of the key. Writes at most once a minute per key, so a busy
 * client does not turn every read into a write.
 */
export async function touchApiKey(db: Kysely<Schema>, id: number, at: string): Promise<void> {
  const minuteAgo = new Date(Date.parse(at) - 60_000).toISOString();
  await db
    .updateTable('api_keys')
    .set({ last_used_at: at })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', minuteAgo)]))
    .execute();
}

export async function insertRoutingRule(
  db: Kysely<Schema>,
  rule: { organisationId: number; keyType: string; keyValue: string; createdAt: string },
): Promise<number> {
  const inserted = await db
    .insertInto('routing_rules')
    .values({
      organisation_id: rule.organisationId,
      key_type: rule.keyType,
      key_value: rule.keyValue,
      created_at: rule.createdAt,
    })
    .onConflict((conflict) =>
      conflict.columns(['key_type', 'key_value', 'organisation_id']).doUpdateSet({
        created_at: (eb) => eb.ref('routing_rules.created_at'),
      }),
    )
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(inserted.id);
}

export async function deleteRoutingRule(db: Kysely<Schema>, id: number): Promise<boolean> {
  const result = await db.deleteFrom('routing_rules').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Selects the rules of organisations that are not disabled, in id order. */
export async function selectActiveRoutingRules(db: Kysely<Schema>): Promise<RoutingRuleRow[]> {
  const rows = await db
    .selectFrom('routing_rules')
    .innerJoin('organisations', 'organisations.id', 'routing_rules.organisation_id')
    .select([
      'routing_rules.id',
      'routing_rules.organisation_id as organisationId',
      'routing_rules.key_type as keyType',
      'routing_rules.key_value as keyValue',
    ])
    .where('organisations.disabled_at', 'is', null)
    .orderBy('routing_rules.id')
    .execute();
  return rows.map((row) => ({
    ...row,
    id: Number(row.id),
    organisationId: Number(row.organisationId),
  }));
}

export async function insertPartnerFeed(
  db: Kysely<Schema>,
  row: Omit<PartnerFeedRow, 'id' | 'last_polled_at' | 'last_error' | 'cursor'>,
): Promise<number> {
  const inserted = await db
    .insertInto('partner_feeds')
    .values({ ...row, cursor: null, last_polled_at: null, last_error: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(inserted.id);
}

export async function selectPartnerFeed(
  db: Kysely<Schema>,
  id: number,
): Promise<PartnerFeedRow | undefined> {
  const row = await db
    .selectFrom('partner_feeds')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return row && { ...row, id: Number(row.id), organisation_id: Number(row.organisation_id) };
}

export async function updatePartnerFeedPoll(
  db: Kysely<Schema>,
  id: number,
  fields: Pick<PartnerFeedRow, 'next_poll_at' | 'last_polled_at' | 'last_error'> &
    Partial<Pick<PartnerFeedRow, 'cursor'>>,
): Promise<void> {
  await db.updateTable('partner_feeds').set(fields).where('id', '=', id).execute();
}
