import { IndicatorError } from '../../src/domain/indicators/indicator.ts';
import { parseIndicator } from '../../src/domain/indicators/parse-indicator.ts';
import type { Database } from '../../src/store/database.ts';
import { upsertIndicatorBatch } from '../../src/store/indicator-batch.repository.ts';

export interface ListOptions {
  readonly source?: string;
  readonly category?: string;
  readonly now?: string;
  readonly expiresAt?: string;
  /** Record provenance only, without listing. */
  readonly unlisted?: boolean;
  readonly tlp?: string;
}

/** Stores and lists raw values as a trusted feed would; throws on an invalid value. */
export async function listValues(
  database: Database,
  values: readonly string[],
  options: ListOptions = {},
): Promise<void> {
  const now = options.now ?? new Date().toISOString();
  const rows = values.map((raw) => {
    const indicator = parseIndicator(raw);
    if (indicator instanceof IndicatorError) {
      throw indicator;
    }
    return {
      kind: indicator.kind,
      value: indicator.value,
      host: indicator.host ?? null,
      registrableDomain: indicator.registrableDomain ?? null,
      category: options.category ?? 'phishing',
      seenAt: null,
      reasons: 'Listed by a test',
    };
  });
  await upsertIndicatorBatch(database, rows, {
    source: options.source ?? 'test-feed',
    now,
    tlp: options.tlp ?? 'TLP:CLEAR',
    ...(!options.unlisted && {
      listing: {
        legalBasis: 'trusted-feed',
        expiresAt: options.expiresAt ?? new Date(Date.parse(now) + 86_400_000).toISOString(),
      },
    }),
  });
}
