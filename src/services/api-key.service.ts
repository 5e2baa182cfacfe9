import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

import { VigilError } from '../errors.ts';
import { appendAuditEntry } from '../store/audit.repository.ts';
import type { Database } from '../store/database.ts';
import {
  type ApiKeyRow,
  expireApiKey,
  insertApiKey,
  type OrganisationRow,
  selectApiKey,
  selectApiKeyByPrefix,
  selectApiKeysOfOrganisation,
  selectOrganisation,
  touchApiKey,
} from '../store/organisation.repository.ts';

/**
 * What a key may be used for: `notices` (read and answer the organisation's
 * notices), `exports` (download feeds) and `taxii` (read the TAXII server).
 */
export const API_KEY_SCOPES = ['notices', 'exports', 'taxii'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

const KEY_PATTERN = /^vgl_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

/** A key as listed: never its secret or hash. */
export interface ApiKeySummary {
  readonly id: number;
  readonly organisationId: number;
  readonly prefix: string;
  readonly label: string;
  readonly scopes: readonly ApiKeyScope[];
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
  readonly expiresAt: string | null;
  readonly replaces: number | null;
}

/** A new key: `key` is shown once and never stored. */
export interface IssuedApiKey extends ApiKeySummary {
  readonly key: string;
}

/** The organisation a request acts for, after its key was checked. */
export interface ApiPrincipal {
  readonly keyId: number;
  readonly organisation: OrganisationRow;
  readonly scopes: readonly ApiKeyScope[];
}

/** Parses a comma- or space-separated scope list; throws INVALID_INPUT naming an unknown scope. */
export function parseScopes(text: string): ApiKeyScope[] {
  const scopes = text
    .split(/[\s,]+/)
    .map((scope) => scope.trim())
    .filter((scope) => scope !== '');
  if (scopes.length === 0) {
    throw new VigilError(
      'INVALID_INPUT',
      `scopes: give one or more of ${API_KEY_SCOPES.join(', ')}`,
      'scopes',
    );
  }
  for (const scope of scopes) {
    if (!(API_KEY_SCOPES as readonly string[]).includes(scope)) {
      throw new VigilError(
        'INVALID_INPUT',
        `scopes: unknown scope "${scope.slice(0, 40)}"; use ${API_KEY_SCOPES.join(', ')}`,
        'scopes',
      );
    }
  }
  return [...new Set(scopes)] as ApiKeyScope[];
}

/** Issues a key for an organisation. The secret is random and only its SHA-256 is stored. */
export async function createApiKey(
  database: Database,
  input: {
    readonly organisationId: number;
    readonly scopes: readonly ApiKeyScope[];
    readonly label?: string;
  },
  actor: string,
  now = new Date(),
): Promise<IssuedApiKey> {
  return database.db.transaction().execute(async (trx) => {
    const organisation = await selectOrganisation(trx, input.organisationId);
    if (organisation === undefined) {
      throw new VigilError(
        'NOT_FOUND',
        `organisation ${input.organisationId} does not exist`,
        'organisation',
      );
    }
    return issueKey(
      trx,
      database,
      input.organisationId,
      input.scopes,
      input.label ?? '',
      null,
      actor,
      now,
    );
  });
}

/**
 * Replaces a key with a new one of the same scopes and label. The old key
 * keeps working for `graceHours`, so the organisation can switch without an
 * outage, and then stops.
 */
export async function rotateApiKey(
  database: Database,
  keyId: number,
  graceHours: number,
  actor: string,
  now = new Date(),
): Promise<IssuedApiKey> {
  return database.db.transaction().execute(async (trx) => {
    const old = await selectApiKey(trx, keyId);
    if (old === undefined || isExpired(old, now)) {
      throw new VigilError(
        'NOT_FOUND',
        `API key ${keyId} does not exist or no longer works`,
        'key',
      );
    }
    const scopes = old.scopes.split(' ') as ApiKeyScope[];
    const issued = await issueKey(
      trx,
      database,
      old.organisation_id,
      scopes,
      old.label,
      old.id,
      actor,
      now,
    );
    await expireApiKey(trx, old.id, new Date(now.getTime() + graceHours * 3_600_000).toISOString());
    return issued;
  });
}

/** Stops a key at once. */
export async function revokeApiKey(
  database: Database,
  keyId: number,
  actor: string,
  now = new Date(),
): Promise<void> {
  await database.db.transaction().execute(async (trx) => {
    const key = await selectApiKey(trx, keyId);
    if (key === undefined) {
      throw new VigilError('NOT_FOUND', `API key ${keyId} does not exist`, 'key');
    }
    const at = now.toISOString();
    await expireApiKey(trx, keyId, at);
    await appendAuditEntry(trx, database.dialect, {
      actor,
      action: 'api_key.revoke',
      targetType: 'api_key',
      targetId: keyId,
      before: { expiresAt: key.expires_at },
      after: { expiresAt: at },
      at,
    });
  });
}

export async function listApiKeys(
  database: Database,
  organisationId: number,
): Promise<ApiKeySummary[]> {
  const rows = await selectApiKeysOfOrganisation(database.db, organisationId);
  return rows.map(summarize);
}

/**
 * Checks a presented key and returns the organisation it acts for. Throws
 * UNAUTHORIZED for a key that is malformed, unknown, expired or of a disabled
 * organisation, with one message for all of them so a caller learns nothing
 * about which, and FORBIDDEN when the key lacks `scope`.
 */
export async function authenticateApiKey(
  database: Database,
  presented: string,
  scope: ApiKeyScope,
  now = new Date(),
): Promise<ApiPrincipal> {
  const invalid = new VigilError(
    'UNAUTHORIZED',
    'API key: missing, invalid or expired; send "Authorization: Bearer vgl_..." with a current key',
    'authorization',
  );
  const match = KEY_PATTERN.exec(presented.trim());
  if (match === null) {
    throw invalid;
  }
  const row = await selectApiKeyByPrefix(database.db, match[1]!);
  if (row === undefined || !hashMatches(row.secret_hash, match[2]!) || isExpired(row, now)) {
    throw invalid;
  }
  const organisation = await selectOrganisation(database.db, row.organisation_id);
  if (organisation === undefined || organisation.disabled_at !== null) {
    throw invalid;
  }
  const scopes = row.scopes.split(' ') as ApiKeyScope[];
  if (!scopes.includes(scope)) {
    throw new VigilError(
      'FORBIDDEN',
      `API key ${row.prefix} does not have the scope ${scope}`,
      'authorization',
    );
  }
  await touchApiKey(database.db, row.id, now.toISOString());
  return { keyId: row.id, organisation, scopes };
}

async function issueKey(
  trx: Database['db'],
  database: Database,
  organisationId: number,
  scopes: readonly ApiKeyScope[],
  label: string,
  replaces: number | null,
  actor: string,
  now: Date,
): Promise<IssuedApiKey> {
  const prefix = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  const at = now.toISOString();
  const cleanLabel = label.trim().slice(0, 100);
  const id = await insertApiKey(trx, {
    organisation_id: organisationId,
    prefix,
    secret_hash: hashSecret(secret),
    scopes: scopes.join(' '),
    label: cleanLabel,
    created_at: at,
    expires_at: null,
    replaces,
  });
  await appendAuditEntry(trx, database.dialect, {
    actor,
    action: replaces === null ? 'api_key.create' : 'api_key.rotate',
    targetType: 'api_key',
    targetId: id,
    after: { organisationId, prefix, scopes, label: cleanLabel, replaces },
    at,
  });
  return {
    id,
    organisationId,
    prefix,
    label: cleanLabel,
    scopes,
    createdAt: at,
    lastUsedAt: null,
    expiresAt: null,
    replaces,
    key: `vgl_${prefix}_${secret}`,
  };
}

function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

function hashMatches(storedHex: string, secret: string): boolean {
  const stored = Buffer.from(storedHex, 'hex');
  const presented = Buffer.from(hashSecret(secret), 'hex');
  return stored.length === presented.length && timingSafeEqual(stored, presented);
}

function isExpired(row: ApiKeyRow, now: Date): boolean {
  return row.expires_at !== null && Date.parse(row.expires_at) <= now.getTime();
}

function summarize(row: ApiKeyRow): ApiKeySummary {
  return {
    id: row.id,
    organisationId: row.organisation_id,
    prefix: row.prefix,
    label: row.label,
    scopes: row.scopes.split(' ') as ApiKeyScope[],
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    expiresAt: row.expires_at,
    replaces: row.replaces === null ? null : Number(row.replaces),
  };
}
