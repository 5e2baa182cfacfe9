import { LRUCache } from 'lru-cache';
import type { Logger } from 'pino';

import type { Indicator } from '../domain/indicators/indicator.ts';
import { IndicatorError, isIndicatorKind } from '../domain/indicators/indicator.ts';
import { lookupKey, parseIndicator } from '../domain/indicators/parse-indicator.ts';
import { ListingIndex } from '../domain/lookup/listing-index.ts';
import {
  classifyMatch,
  indicatorsForKey,
  MATCH_TYPES,
  type MatchType,
  probeKeys,
} from '../domain/lookup/match.ts';
import { VigilError } from '../errors.ts';
import type { Database } from '../store/database.ts';
import {
  type ListedIndicatorRow,
  type ListingChangeCursor,
  type ListingChangeRow,
  type ProvenanceRow,
  selectActiveListingKeys,
  selectListedIndicatorIds,
  selectListedIndicators,
  selectListingChanges,
  selectProvenance,
} from '../store/listing.repository.ts';

/** One listed indicator that matched a lookup. */
export interface LookupMatch {
  readonly kind: string;
  readonly value: string;
  readonly match: MatchType;
  /** The lookup expression or key under which it matched. */
  readonly expression: string;
  readonly category: string;
  readonly decided_by: string;
  readonly tlp: string;
  readonly listed_at: string;
  readonly expires_at: string;
}

/** A provenance entry as the lookup shows it. */
export interface LookupSource {
  readonly name: string;
  readonly category: string | null;
  readonly first_seen: string;
  readonly last_seen: string;
}

/** The result of "is this value listed?". Not listed is a normal result, not an error. */
export interface LookupResult {
  readonly kind: string;
  readonly canonical: string;
  readonly listed: boolean;
  readonly matches: LookupMatch[];
  readonly category: string | null;
  readonly sources: LookupSource[];
  readonly first_seen: string | null;
  readonly last_seen: string | null;
}

export interface LookupOptions {
  /** Read the value as this kind instead of detecting it. */
  readonly kind?: string;
  /**
   * Include listings marked other than TLP:CLEAR, for staff tools. Public
   * lookups leave this off, so restricted listings and their sources stay
   * unseen.
   */
  readonly includeRestricted?: boolean;
}

/**
 * Milliseconds of overlap when polling for changes. Writers stamp a change
 * moments before their commit, and this margin also covers clock skew
 * between hosts; re-reading a change is harmless.
 */
const CHANGE_OVERLAP_MS = 10_000;
/** Changes read per query while following. */
const CHANGE_PAGE_SIZE = 10_000;
/** Minutes between full reloads of the index, a safety net for any missed change. */
const RELOAD_MINUTES = 10;
/** The only marking that an anonymous lookup may show. */
const PUBLIC_TLP = 'TLP:CLEAR';
/** Listed indicators whose details stay in memory after a lookup confirmed them. */
const DETAIL_CACHE_SIZE = 20_000;
/** How long cached details may lag behind the database, such as a new provenance entry. */
const DETAIL_CACHE_TTL_MS = 5000;

/** The details a lookup shows about one listed indicator. */
interface ListedDetail {
  readonly row: ListedIndicatorRow;
  /** The row's index key, undefined for a kind this version does not know. */
  readonly key: string | undefined;
  readonly provenance: readonly ProvenanceRow[];
}

/**
 * Serves lookups from an in-memory index of active listings, confirming each
 * candidate against the database, and follows listing changes that other
 * processes make by polling.
 */
export class LookupService {
  private index: ListingIndex;
  private readonly details = new LRUCache<number, ListedDetail>({
    max: DETAIL_CACHE_SIZE,
    ttl: DETAIL_CACHE_TTL_MS,
  });
  private changesSince: string;

  private constructor(
    private readonly database: Database,
    index: ListingIndex,
    loadedAt: string,
  ) {
    this.index = index;
    this.changesSince = loadedAt;
  }

  /** Loads every active listing into a new index. */
  static async load(database: Database): Promise<LookupService> {
    const loadedAt = new Date().toISOString();
    return new LookupService(database, await loadIndex(database, loadedAt), loadedAt);
  }

  /**
   * Looks one value up in the store without loading the index, for one-shot
   * checks such as `vigil check`. Returns what `lookup` would return.
   */
  static async lookupOnce(
    database: Database,
    raw: string,
    options: LookupOptions = {},
  ): Promise<LookupResult> {
    const service = new LookupService(database, new ListingIndex(), new Date().toISOString());
    const query = parseQuery(raw, options.kind);
    const keys = probeKeys(query);
    const probed = new Set(keys);
    const rows = await selectListedIndicatorIds(database, keys.flatMap(indicatorsForKey));
    const candidates = new Map<number, string>();
    for (const row of rows) {
      const key = keyOf(row.kind, row.value);
      if (key !== undefined && probed.has(key)) {
        candidates.set(row.indicatorId, key);
      }
    }
    if (candidates.size === 0) {
      return notListed(query);
    }
    return service.confirm(query, keys[0]!, candidates, options.includeRestricted ?? false);
  }

  /** Rebuilds the index from the store and swaps it in, then follows changes from then on. */
  async reload(): Promise<void> {
    const loadedAt = new Date().toISOString();
    const index = await loadIndex(this.database, loadedAt);
    this.index = index;
    this.details.clear();
    this.changesSince = loadedAt;
  }

  /** The number of listed keys held in memory. */
  get size(): number {
    return this.index.size;
  }

  /** Bytes held by the in-memory index. */
  get indexBytes(): number {
    return this.index.byteLength;
  }

  /** Looks a raw value up. Throws INVALID_INDICATOR when it is not a valid indicator. */
  async lookup(raw: string, options: LookupOptions = {}): Promise<LookupResult> {
    const query = parseQuery(raw, options.kind);
    const keys = probeKeys(query);
    const candidates = new Map<number, string>();
    for (const key of keys) {
      for (const id of this.index.find(key)) {
        candidates.set(id, key);
      }
    }
    if (candidates.size === 0) {
      return notListed(query);
    }
    return this.confirm(query, keys[0]!, candidates, options.includeRestricted ?? false);
  }

  /** Applies listing changes made since the last call; returns how many rows it read. */
  async followChanges(): Promise<number> {
    const pollStartedAt = new Date().toISOString();
    const since = new Date(Date.parse(this.changesSince) - CHANGE_OVERLAP_MS).toISOString();
    let cursor: ListingChangeCursor = { updatedAt: since, indicatorId: 0 };
    let read = 0;
    for (;;) {
      const page = await selectListingChanges(this.database, cursor, CHANGE_PAGE_SIZE);
      for (const change of page) {
        this.applyChange(change, pollStartedAt);
      }
      read += page.length;
      const last = page.at(-1);
      if (page.length < CHANGE_PAGE_SIZE || last === undefined) {
        break;
      }
      cursor = { updatedAt: last.updatedAt, indicatorId: last.indicatorId };
    }
    this.changesSince = pollStartedAt;
    return read;
  }

  /**
   * Polls for changes every `intervalMs`, and reloads the whole index every
   * ten minutes, until the returned function is called.
   */
  follow(intervalMs: number, logger: Logger): () => void {
    let running = false;
    let lastReload = Date.now();
    const timer = setInterval(() => {
      if (running) {
        return;
      }
      running = true;
      const reloadDue = Date.now() - lastReload >= RELOAD_MINUTES * 60_000;
      const step = reloadDue ? this.reload() : this.followChanges();
      step
        .then(() => {
          if (reloadDue) {
            lastReload = Date.now();
            logger.info({ keys: this.size }, 'lookup index reloaded');
          }
        })
        .catch((error: unknown) => logger.error({ err: error, reloadDue }, 'listing poll failed'))
        .finally(() => {
          running = false;
        });
    }, intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  private applyChange(change: ListingChangeRow, now: string): void {
    this.details.delete(change.indicatorId);
    if (change.status === 'active' && change.expiresAt > now) {
      addToIndex(this.index, change.kind, change.value, change.indicatorId);
    } else {
      removeFromIndex(this.index, change.kind, change.value, change.indicatorId);
    }
  }

  private async confirm(
    query: Indicator,
    exactKey: string,
    candidates: Map<number, string>,
    includeRestricted: boolean,
  ): Promise<LookupResult> {
    const now = new Date().toISOString();
    const details = await this.loadDetails([...candidates.keys()]);
    const confirmed = details.filter(
      ({ row, key }) =>
        row.status === 'active' &&
        row.expiresAt > now &&
        (includeRestricted || row.tlp === PUBLIC_TLP) &&
        key === candidates.get(row.indicatorId),
    );
    if (confirmed.length === 0) {
      return notListed(query);
    }

    const matches = confirmed
      .map(({ row, key }) => toMatch(query, exactKey, row, key!))
      .sort(compareMatches);
    // Sources marked other than TLP:CLEAR stay hidden from the public, and so
    // do the times they saw the indicator.
    const provenance = confirmed
      .flatMap((detail) => detail.provenance)
      .filter((entry) => includeRestricted || entry.tlp === PUBLIC_TLP);
    return {
      kind: query.kind,
      canonical: query.value,
      listed: true,
      matches,
      category: (matches.find((match) => match.category !== 'unspecified') ?? matches[0]!).category,
      sources: mergeSources(provenance),
      first_seen: minOf(provenance.map((entry) => entry.firstSeen)),
      last_seen: maxOf(provenance.map((entry) => entry.lastSeen)),
    };
  }

  /** Returns the details of the given indicators that have a listing, from the cache when fresh. */
  private async loadDetails(ids: readonly number[]): Promise<ListedDetail[]> {
    const found: ListedDetail[] = [];
    const missing: number[] = [];
    for (const id of ids) {
      const cached = this.details.get(id);
      if (cached) {
        found.push(cached);
      } else {
        missing.push(id);
      }
    }
    if (missing.length === 0) {
      return found;
    }

    const rows = await selectListedIndicators(this.database, missing);
    const provenance = await selectProvenance(this.database, missing);
    for (const row of rows) {
      const detail = {
        row,
        key: keyOf(row.kind, row.value),
        provenance: provenance.filter((entry) => entry.indicatorId === row.indicatorId),
      };
      this.details.set(row.indicatorId, detail);
      found.push(detail);
    }
    return found;
  }
}

async function loadIndex(database: Database, now: string): Promise<ListingIndex> {
  const index = new ListingIndex();
  for await (const page of selectActiveListingKeys(database, now)) {
    for (const row of page) {
      addToIndex(index, row.kind, row.value, row.indicatorId);
    }
  }
  return index;
}

function parseQuery(raw: string, kind: string | undefined): Indicator {
  if (kind !== undefined && !isIndicatorKind(kind)) {
    throw new VigilError(
      'INVALID_INPUT',
      `kind: unknown indicator kind ${JSON.stringify(kind)}`,
      'kind',
    );
  }
  const parsed = parseIndicator(raw, kind === undefined ? {} : { kind });
  if (parsed instanceof IndicatorError) {
    throw new VigilError('INVALID_INDICATOR', `value: ${parsed.message}`, 'value');
  }
  return parsed;
}

function keyOf(kind: string, value: string): string | undefined {
  return isIndicatorKind(kind) ? lookupKey({ kind, value }) : undefined;
}

function addToIndex(index: ListingIndex, kind: string, value: string, id: number): void {
  const key = keyOf(kind, value);
  if (key !== undefined) {
    index.add(key, id);
  }
}

function removeFromIndex(index: ListingIndex, kind: string, value: string, id: number): void {
  const key = keyOf(kind, value);
  if (key !== undefined) {
    index.remove(key, id);
  }
}

function notListed(query: Indicator): LookupResult {
  return {
    kind: query.kind,
    canonical: query.value,
    listed: false,
    matches: [],
    category: null,
    sources: [],
    first_seen: null,
    last_seen: null,
  };
}

function toMatch(
  query: Indicator,
  exactKey: string,
  row: ListedIndicatorRow,
  key: string,
): LookupMatch {
  return {
    kind: row.kind,
    value: row.value,
    match: classifyMatch(query, exactKey, row, key),
    expression: key,
    category: row.category,
    decided_by: row.decidedBy,
    tlp: row.tlp,
    listed_at: row.listedAt,
    expires_at: row.expiresAt,
  };
}

function compareMatches(a: LookupMatch, b: LookupMatch): number {
  return MATCH_TYPES.indexOf(a.match) - MATCH_TYPES.indexOf(b.match);
}

function mergeSources(
  rows: readonly { name: string; category: string | null; firstSeen: string; lastSeen: string }[],
): LookupSource[] {
  const byName = new Map<string, LookupSource>();
  for (const row of rows) {
    const seen = byName.get(row.name);
    byName.set(row.name, {
      name: row.name,
      category: seen?.category ?? row.category,
      first_seen: seen && seen.first_seen < row.firstSeen ? seen.first_seen : row.firstSeen,
      last_seen: seen && seen.last_seen > row.lastSeen ? seen.last_seen : row.lastSeen,
    });
  }
  return [...byName.values()];
}

function minOf(values: readonly string[]): string | null {
  return values.reduce<string | null>(
    (min, value) => (min === null || value < min ? value : min),
    null,
  );
}

function maxOf(values: readonly string[]): string | null {
  return values.reduce<string | null>(
    (max, value) => (max === null || value > max ? value : max),
    null,
  );
}
