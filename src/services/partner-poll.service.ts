import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { request } from 'undici';

import type { Config } from '../config.ts';
import { parseTlpLabel } from '../domain/tlp.ts';
import { VigilError } from '../errors.ts';
import { appendAuditEntry } from '../store/audit.repository.ts';
import type { Database } from '../store/database.ts';
import {
  insertPartnerFeed,
  type PartnerFeedRow,
  selectOrganisation,
  selectPartnerFeed,
  updatePartnerFeedPoll,
} from '../store/organisation.repository.ts';
import { importFile, type ImportSummary } from './import.service.ts';
import { enqueue, notifyWorkers } from './job-queue.service.ts';
import { assertOutboundAllowed } from './outbound.ts';

/** The job that polls one partner feed: `{ partnerFeedId: number, scheduledFor: string }`. */
export const PARTNER_POLL_JOB = 'sharing.partner.poll';

export const PARTNER_PROTOCOLS = ['taxii', 'misp'] as const;
export type PartnerProtocol = (typeof PARTNER_PROTOCOLS)[number];

const TAXII_MEDIA_TYPE = 'application/taxii+json;version=2.1';
/** Largest response read from a partner, in bytes. */
const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
/** Maximum TAXII pages read in one poll. The rest waits for the next poll. */
const MAX_TAXII_PAGES = 100;
const TAXII_PAGE_LIMIT = 1000;

export interface PartnerFeedInput {
  readonly organisationId: number;
  readonly protocol: string;
  /** The TAXII collection's objects URL, or the URL of the MISP feed's folder. */
  readonly url: string;
  /** The Authorization header to send, such as `Bearer ...`, or null. */
  readonly authorization?: string | null;
  readonly tlp?: string;
  readonly intervalMinutes?: number;
}

/**
 * Registers a partner feed and queues its first poll for now. Each poll
 * queues the next one, `intervalMinutes` later. Throws INVALID_INPUT naming
 * the field at fault.
 */
export async function addPartnerFeed(
  database: Database,
  input: PartnerFeedInput,
  actor: string,
  now = new Date(),
): Promise<number> {
  if (!(PARTNER_PROTOCOLS as readonly string[]).includes(input.protocol)) {
    throw new VigilError(
      'INVALID_INPUT',
      `protocol: use taxii or misp, not "${input.protocol.slice(0, 20)}"`,
      'protocol',
    );
  }
  const url = URL.canParse(input.url) ? new URL(input.url) : undefined;
  if (url === undefined || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw new VigilError(
      'INVALID_INPUT',
      `url: "${input.url.slice(0, 100)}" is not an http or https URL`,
      'url',
    );
  }
  const tlp = parseTlpLabel(input.tlp ?? 'TLP:GREEN');
  if (tlp === undefined) {
    throw new VigilError('INVALID_INPUT', `tlp: "${input.tlp}" is not a TLP 2.0 label`, 'tlp');
  }
  const interval = input.intervalMinutes ?? 60;
  if (!Number.isInteger(interval) || interval < 1 || interval > 10_080) {
    throw new VigilError(
      'INVALID_INPUT',
      'interval: give whole minutes from 1 to 10080',
      'interval',
    );
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
    const feedId = await insertPartnerFeed(trx, {
      organisation_id: input.organisationId,
      protocol: input.protocol,
      url: url.toString(),
      authorization: input.authorization ?? null,
      tlp,
      interval_minutes: interval,
      next_poll_at: at,
      created_at: at,
    });
    await enqueue(trx, {
      name: PARTNER_POLL_JOB,
      payload: { partnerFeedId: feedId, scheduledFor: at },
    });
    await appendAuditEntry(trx, database.dialect, {
      actor,
      action: 'partner_feed.add',
      targetType: 'partner_feed',
      targetId: feedId,
      after: {
        organisationId: input.organisationId,
        protocol: input.protocol,
        url: url.origin + url.pathname,
        tlp,
        interval,
      },
      at,
    });
    return feedId;
  });
  await notifyWorkers(database).catch(() => undefined);
  return id;
}

export type PollOutcome =
  | { readonly status: 'imported'; readonly summary: ImportSummary | undefined }
  | { readonly status: 'failed'; readonly error: string }
  | { readonly status: 'stale' | 'gone' };

/**
 * Polls a partner feed once, if `scheduledFor` is still its due time (a job for
 * any other time is stale and does nothing), and queues the next poll. New
 * entries go through `importFile` with `partner:<organisation name>` as their
 * provenance and the feed's marking. A failed fetch or import is recorded on
 * the feed and the next poll is queued all the same, so one failed poll never
 * stops the schedule.
 */
export async function pollPartnerFeed(
  database: Database,
  config: Config,
  job: { readonly partnerFeedId: number; readonly scheduledFor: string },
  options: { readonly signal?: AbortSignal; readonly now?: Date } = {},
): Promise<PollOutcome> {
  const feed = await selectPartnerFeed(database.db, job.partnerFeedId);
  if (feed === undefined) {
    return { status: 'gone' };
  }
  if (feed.next_poll_at !== new Date(job.scheduledFor).toISOString()) {
    return { status: 'stale' };
  }

  const organisation = await selectOrganisation(database.db, feed.organisation_id);
  if (organisation === undefined || organisation.disabled_at !== null) {
    return { status: 'gone' };
  }

  const now = options.now ?? new Date();
  let cursor = feed.cursor;
  let summary: ImportSummary | undefined;
  let error: string | null = null;
  const folder = await mkdtemp(join(tmpdir(), 'vigil-partner-'));
  try {
    assertOutboundAllowed(config.enrichment.outbound, feed.url, 'the partner feed poll');
    const fetched =
      feed.protocol === 'taxii'
        ? await fetchTaxii(feed, folder, options.signal)
        : await fetchMisp(feed, folder, options.signal);
    if (fetched.path !== undefined) {
      summary = await importFile(database, fetched.path, {
        format: feed.protocol === 'taxii' ? 'stix' : 'misp',
        source: `partner:${organisation.name}`,
        listingPolicy: { ...config.feedListing, tlp: parseTlpLabel(feed.tlp) ?? 'TLP:GREEN' },
      });
    }
    cursor = fetched.cursor;
  } catch (caught) {
    error = (caught instanceof Error ? caught.message : String(caught)).slice(0, 1000);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }

  await scheduleNextPoll(database, feed, now, cursor, error);
  return error === null ? { status: 'imported', summary } : { status: 'failed', error };
}

async function scheduleNextPoll(
  database: Database,
  feed: PartnerFeedRow,
  now: Date,
  cursor: string | null,
  error: string | null,
): Promise<void> {
  const next = new Date(now.getTime() + feed.interval_minutes * 60_000).toISOString();
  await database.db.transaction().execute(async (trx) => {
    await updatePartnerFeedPoll(trx, feed.id, {
      next_poll_at: next,
      last_polled_at: now.toISOString(),
      last_error: error,
      cursor,
    });
    await enqueue(trx, {
      name: PARTNER_POLL_JOB,
      payload: { partnerFeedId: feed.id, scheduledFor: next },
      runAt: new Date(next),
    });
  });
}

interface Fetched {
  /** The file to import, or undefined when nothing is new. */
  readonly path: string | undefined;
  readonly cursor: string | null;
}

/**
 * Reads the TAXII 2.1 objects endpoint from the cursor (`added_after`),
 * following `next` up to MAX_TAXII_PAGES pages, into one STIX bundle file. The
 * new cursor is the `X-TAXII-Date-Added-Last` of the last page.
 */
async function fetchTaxii(
  feed: PartnerFeedRow,
  folder: string,
  signal?: AbortSignal,
): Promise<Fetched> {
  const objects: unknown[] = [];
  let cursor = feed.cursor;
  let next: string | undefined;
  for (let page = 0; page < MAX_TAXII_PAGES; page++) {
    const url = new URL(feed.url);
    url.searchParams.set('limit', String(TAXII_PAGE_LIMIT));
    if (next !== undefined) {
      url.searchParams.set('next', next);
    }
    if (cursor !== null) {
      url.searchParams.set('added_after', cursor);
    }
    const { body, headers } = await fetchText(
      url.toString(),
      feed.authorization,
      TAXII_MEDIA_TYPE,
      signal,
    );
    const envelope = JSON.parse(body) as { objects?: unknown[]; more?: boolean; next?: string };
    objects.push(...(Array.isArray(envelope.objects) ? envelope.objects : []));
    const last = headers['x-taxii-date-added-last'];
    if (typeof last === 'string' && !Number.isNaN(Date.parse(last))) {
      cursor = last;
    }
    if (envelope.more !== true || typeof envelope.next !== 'string') {
      break;
    }
    next = envelope.next;
  }
  if (objects.length === 0) {
    return { path: undefined, cursor };
  }
  const path = join(folder, 'objects.json');
  await writeFile(path, JSON.stringify({ type: 'bundle', id: `bundle--${randomUUID()}`, objects }));
  return { path, cursor };
}

/**
 * Reads a MISP feed's manifest and the events whose timestamp changed since
 * the last poll (the cursor stores each event's timestamp), into a folder
 * laid out as the feed is, for `importFile`.
 */
async function fetchMisp(
  feed: PartnerFeedRow,
  folder: string,
  signal?: AbortSignal,
): Promise<Fetched> {
  const base = feed.url.endsWith('/') ? feed.url : `${feed.url}/`;
  const manifestText = (
    await fetchText(`${base}manifest.json`, feed.authorization, 'application/json', signal)
  ).body;
  const manifest = JSON.parse(manifestText) as Record<string, { timestamp?: string }>;
  const seen = feed.cursor === null ? {} : (JSON.parse(feed.cursor) as Record<string, string>);
  const changed: Record<string, unknown> = {};
  for (const [uuid, event] of Object.entries(manifest)) {
    if (!/^[0-9a-f-]{36}$/i.test(uuid)) {
      throw new Error(`the MISP manifest names "${uuid.slice(0, 60)}", which is not an event UUID`);
    }
    if (seen[uuid] !== String(event.timestamp)) {
      const text = (
        await fetchText(`${base}${uuid}.json`, feed.authorization, 'application/json', signal)
      ).body;
      await writeFile(join(folder, `${uuid}.json`), text);
      changed[uuid] = event;
    }
  }
  const cursor = JSON.stringify(
    Object.fromEntries(
      Object.entries(manifest).map(([uuid, event]) => [uuid, String(event.timestamp)]),
    ),
  );
  if (Object.keys(changed).length === 0) {
    return { path: undefined, cursor };
  }
  const path = join(folder, 'manifest.json');
  await writeFile(path, JSON.stringify(changed));
  return { path, cursor };
}

async function fetchText(
  url: string,
  authorization: string | null,
  accept: string,
  signal?: AbortSignal,
): Promise<{ body: string; headers: Record<string, string | string[] | undefined> }> {
  const response = await request(url, {
    method: 'GET',
    headers: {
      accept,
      'user-agent': 'Vigil-Partner-Poll/1',
      ...(authorization && { authorization }),
    },
    headersTimeout: 30_000,
    bodyTimeout: 60_000,
    ...(signal && { signal }),
  });
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_RESPONSE_BYTES) {
      response.body.destroy();
      throw new Error(
        `${new URL(url).origin}: the response is larger than ${MAX_RESPONSE_BYTES} bytes`,
      );
    }
    chunks.push(buffer);
  }
  if (response.statusCode !== 200) {
    throw new Error(
      `${new URL(url).origin}${new URL(url).pathname} responded with status ${response.statusCode}`,
    );
  }
  return { body: Buffer.concat(chunks).toString('utf8'), headers: response.headers };
}
