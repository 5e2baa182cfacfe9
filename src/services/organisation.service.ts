import { randomBytes } from 'node:crypto';

import { isOrganisationKind, ORGANISATION_KINDS } from '../domain/notices/notice-action.ts';
import {
  isRoutingKeyType,
  normalizeRoutingKey,
  ROUTING_KEY_TYPES,
} from '../domain/notices/routing.ts';
import { parseTlpLabel, type TlpLabel } from '../domain/tlp.ts';
import { VigilError } from '../errors.ts';
import { appendAuditEntry } from '../store/audit.repository.ts';
import type { Database } from '../store/database.ts';
import {
  deleteRoutingRule,
  insertOrganisation,
  insertRoutingRule,
  type OrganisationRow,
  type RoutingRuleRow,
  selectActiveRoutingRules,
  selectOrganisation,
  selectOrganisationByName,
  selectOrganisations,
  updateOrganisationDelivery,
} from '../store/organisation.repository.ts';

export interface OrganisationInput {
  readonly name: string;
  readonly kind: string;
  /** `vi` (the default) or `en`. */
  readonly language?: string;
  /** The most restricted marking it may receive in feeds; defaults to TLP:GREEN. */
  readonly tlpClearance?: string;
  readonly contactEmail?: string | null;
  readonly webhookUrl?: string | null;
}

/** An organisation as services return it; the webhook secret is never included. */
export interface Organisation {
  readonly id: number;
  readonly name: string;
  readonly kind: string;
  readonly language: 'vi' | 'en';
  readonly tlpClearance: TlpLabel;
  readonly contactEmail: string | null;
  readonly webhookUrl: string | null;
  readonly createdAt: string;
  readonly disabledAt: string | null;
}

const MAX_NAME_LENGTH = 200;
// No comma or semicolon before the @, because a mailer reads either as a second recipient.
const EMAIL = /^[^\s@<>",;]{1,64}@[a-z0-9-]+(\.[a-z0-9-]+)+$/i;

/**
 * Creates an organisation. With a webhook URL it also creates the webhook's
 * signing secret, returned once here so the organisation can check
 * signatures. Throws INVALID_INPUT naming the field at fault, or CONFLICT for
 * a name in use.
 */
export async function createOrganisation(
  database: Database,
  input: OrganisationInput,
  actor: string,
  now = new Date(),
): Promise<{ organisation: Organisation; webhookSecret: string | null }> {
  const name = input.name.trim().replace(/\s+/g, ' ');
  if (name === '' || name.length > MAX_NAME_LENGTH || /[\u0000-\u001f\u007f]/.test(name)) {
    throw new VigilError(
      'INVALID_INPUT',
      `name: give 1 to ${MAX_NAME_LENGTH} characters without control characters`,
      'name',
    );
  }
  if (!isOrganisationKind(input.kind)) {
    throw new VigilError(
      'INVALID_INPUT',
      `kind: "${input.kind.slice(0, 40)}" is not one of ${ORGANISATION_KINDS.join(', ')}`,
      'kind',
    );
  }
  const language = input.language ?? 'vi';
  if (language !== 'vi' && language !== 'en') {
    throw new VigilError(
      'INVALID_INPUT',
      `language: "${language.slice(0, 20)}" is not vi or en`,
      'language',
    );
  }
  const tlpClearance = readClearance(input.tlpClearance ?? 'TLP:GREEN');
  const contactEmail = readEmail(input.contactEmail ?? null);
  const webhookUrl = readWebhookUrl(input.webhookUrl ?? null);
  const webhookSecret = webhookUrl === null ? null : randomBytes(32).toString('base64url');
  const at = now.toISOString();

  const id = await database.db.transaction().execute(async (trx) => {
    if ((await selectOrganisationByName(trx, name)) !== undefined) {
      throw new VigilError(
        'CONFLICT',
        `name: an organisation named "${name}" already exists`,
        'name',
      );
    }
    const newId = await insertOrganisation(trx, {
      name,
      kind: input.kind,
      language,
      tlpClearance,
      contactEmail,
      webhookUrl,
      webhookSecret,
      createdAt: at,
    });
    await appendAuditEntry(trx, database.dialect, {
      actor,
      action: 'organisation.create',
      targetType: 'organisation',
      targetId: newId,
      after: { name, kind: input.kind, language, tlpClearance, contactEmail, webhookUrl },
      at,
    });
    return newId;
  });
  return { organisation: await getOrganisation(database, id), webhookSecret };
}

/** Changes where notices to an organisation go. A new webhook URL gets a new secret, returned once. */
export async function updateOrganisationDeliveryTargets(
  database: Database,
  id: number,
  input: { readonly contactEmail?: string | null; readonly webhookUrl?: string | null },
  actor: string,
  now = new Date(),
): Promise<{ webhookSecret: string | null }> {
  const fields: {
    contact_email?: string | null;
    webhook_url?: string | null;
    webhook_secret?: string | null;
  } = {};
  if (input.contactEmail !== undefined) {
    fields.contact_email = readEmail(input.contactEmail);
  }
  let webhookSecret: string | null = null;
  if (input.webhookUrl !== undefined) {
    fields.webhook_url = readWebhookUrl(input.webhookUrl);
    webhookSecret = fields.webhook_url === null ? null : randomBytes(32).toString('base64url');
    fields.webhook_secret = webhookSecret;
  }
  await database.db.transaction().execute(async (trx) => {
    const before = await selectOrganisation(trx, id);
    if (before === undefined) {
      throw new VigilError('NOT_FOUND', `organisation ${id} does not exist`, 'organisation');
    }
    await updateOrganisationDelivery(trx, id, fields);
    await appendAuditEntry(trx, database.dialect, {
      actor,
      action: 'organisation.update_delivery',
      targetType: 'organisation',
      targetId: id,
      before: { contactEmail: before.contact_email, webhookUrl: before.webhook_url },
      after: { contactEmail: fields.contact_email, webhookUrl: fields.webhook_url },
      at: now.toISOString(),
    });
  });
  return { webhookSecret };
}

/** Returns an organisation; throws NOT_FOUND. */
export async function getOrganisation(database: Database, id: number): Promise<Organisation> {
  const row = await selectOrganisation(database.db, id);
  if (row === undefined) {
    throw new VigilError('NOT_FOUND', `organisation ${id} does not exist`, 'organisation');
  }
  return toOrganisation(row);
}

/** Finds an organisation by its id or exact name, as the CLI accepts either. */
export async function findOrganisation(
  database: Database,
  idOrName: string,
): Promise<Organisation> {
  const row = /^\d+$/.test(idOrName)
    ? await selectOrganisation(database.db, Number(idOrName))
    : await selectOrganisationByName(database.db, idOrName);
  if (row === undefined) {
    throw new VigilError(
      'NOT_FOUND',
      `organisation "${idOrName.slice(0, 100)}" does not exist`,
      'organisation',
    );
  }
  return toOrganisation(row);
}

export async function listOrganisations(database: Database): Promise<Organisation[]> {
  return (await selectOrganisations(database.db)).map(toOrganisation);
}

/**
 * Adds a routing rule: notices about indicators that match `keyType` and
 * `keyValue` go to the organisation. Adding a rule that exists returns its id.
 */
export async function addRoutingRule(
  database: Database,
  input: { readonly organisationId: number; readonly keyType: string; readonly keyValue: string },
  actor: string,
  now = new Date(),
): Promise<RoutingRuleRow> {
  if (!isRoutingKeyType(input.keyType)) {
    throw new VigilError(
      'INVALID_INPUT',
      `type: "${input.keyType.slice(0, 40)}" is not one of ${ROUTING_KEY_TYPES.join(', ')}`,
      'type',
    );
  }
  const keyValue = normalizeRoutingKey(input.keyType, input.keyValue);
  if (typeof keyValue !== 'string') {
    throw new VigilError('INVALID_INPUT', `value: ${keyValue.error}`, 'value');
  }
  const at = now.toISOString();
  const id = await database.db.transaction().execute(async (trx) => {
    if ((await selectOrganisation(trx, input.organisationId)) === undefined) {
      throw new VigilError(
        'NOT_FOUND',
        `organisation ${input.organisationId} does not exist`,
        'organisation',
      );
    }
    const ruleId = await insertRoutingRule(trx, {
      organisationId: input.organisationId,
      keyType: input.keyType,
      keyValue,
      createdAt: at,
    });
    await appendAuditEntry(trx, database.dialect, {
      actor,
      action: 'routing_rule.add',
      targetType: 'routing_rule',
      targetId: ruleId,
      after: { organisationId: input.organisationId, keyType: input.keyType, keyValue },
      at,
    });
    return ruleId;
  });
  return { id, organisationId: input.organisationId, keyType: input.keyType, keyValue };
}

export async function removeRoutingRule(
  database: Database,
  id: number,
  actor: string,
  now = new Date(),
): Promise<void> {
  await database.db.transaction().execute(async (trx) => {
    if (!(await deleteRoutingRule(trx, id))) {
      throw new VigilError('NOT_FOUND', `routing rule ${id} does not exist`, 'rule');
    }
    await appendAuditEntry(trx, database.dialect, {
      actor,
      action: 'routing_rule.remove',
      targetType: 'routing_rule',
      targetId: id,
      at: now.toISOString(),
    });
  });
}

export async function listRoutingRules(database: Database): Promise<RoutingRuleRow[]> {
  return selectActiveRoutingRules(database.db);
}

function readClearance(raw: string): TlpLabel {
  const label = parseTlpLabel(raw);
  if (label === undefined || label === 'TLP:RED') {
    throw new VigilError(
      'INVALID_INPUT',
      `tlp: "${raw.slice(0, 30)}" is not a feed clearance; use TLP:CLEAR, TLP:GREEN, TLP:AMBER or TLP:AMBER+STRICT (TLP:RED never goes into a feed)`,
      'tlp',
    );
  }
  return label;
}

function readEmail(raw: string | null): string | null {
  if (raw === null || raw.trim() === '') {
    return null;
  }
  const email = raw.trim();
  if (!EMAIL.test(email) || email.length > 254) {
    throw new VigilError(
      'INVALID_INPUT',
      `email: "${email.slice(0, 80)}" is not an e-mail address`,
      'email',
    );
  }
  return email;
}

function readWebhookUrl(raw: string | null): string | null {
  if (raw === null || raw.trim() === '') {
    return null;
  }
  const text = raw.trim();
  const url = URL.canParse(text) ? new URL(text) : undefined;
  if (
    url === undefined ||
    (url.protocol !== 'https:' && url.protocol !== 'http:') ||
    url.username !== ''
  ) {
    throw new VigilError(
      'INVALID_INPUT',
      `webhook: "${text.slice(0, 100)}" is not an http or https URL without user info`,
      'webhook',
    );
  }
  return url.toString();
}

function toOrganisation(row: OrganisationRow): Organisation {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    language: row.language === 'en' ? 'en' : 'vi',
    tlpClearance: parseTlpLabel(row.tlp_clearance) ?? 'TLP:CLEAR',
    contactEmail: row.contact_email,
    webhookUrl: row.webhook_url,
    createdAt: row.created_at,
    disabledAt: row.disabled_at,
  };
}
