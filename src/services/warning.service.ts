import { IndicatorError } from '../domain/indicators/indicator.ts';
import { parseIndicator } from '../domain/indicators/parse-indicator.ts';
import { InputProblem } from '../domain/reports/input-problem.ts';
import { cleanText } from '../domain/reports/report-input.ts';
import { isCategory } from '../domain/taxonomy.ts';
import { appendAuditEntry } from '../store/audit.repository.ts';
import type { Database } from '../store/database.ts';
import { upsertReportedIndicators } from '../store/report.repository.ts';
import {
  insertWarning,
  insertWarningIndicators,
  selectPublishedWarning,
  selectPublishedWarnings,
  selectWarningIndicators,
  selectWarningsNaming,
  slugExists,
  type WarningRow,
} from '../store/warning.repository.ts';

export type { WarningRow } from '../store/warning.repository.ts';

/** The provenance name of indicators named in official warnings. */
export const WARNING_SOURCE = 'warning';

const MAX_TITLE_LENGTH = 200;
const MAX_BODY_LENGTH = 50_000;
const MAX_WARNING_INDICATORS = 100;

export interface NewWarning {
  readonly titleVi: string;
  /** The English title; the Vietnamese one when absent. */
  readonly titleEn?: string;
  /** Markdown. */
  readonly bodyVi: string;
  readonly bodyEn?: string;
  readonly category: string;
  /** Links, numbers or accounts the warning is about, as typed. */
  readonly indicators?: readonly string[];
  readonly publishedAt?: Date;
  /** The actor publishing it, written as the audit log writes actors (`cli`, `user:7`). */
  readonly actor: string;
}

/**
 * Publishes an official warning in both languages, with its related
 * indicators (provenance `warning`, TLP:CLEAR), and returns its id and slug.
 * Throws an InputProblem naming the field for bad input, before writing.
 */
export async function addWarning(
  database: Database,
  input: NewWarning,
  now = new Date(),
): Promise<{ id: number; slug: string }> {
  const titleVi = requireText(input.titleVi, 'titleVi', MAX_TITLE_LENGTH);
  const titleEn =
    input.titleEn === undefined ? titleVi : requireText(input.titleEn, 'titleEn', MAX_TITLE_LENGTH);
  const bodyVi = requireText(input.bodyVi, 'bodyVi', MAX_BODY_LENGTH);
  const bodyEn =
    input.bodyEn === undefined ? bodyVi : requireText(input.bodyEn, 'bodyEn', MAX_BODY_LENGTH);
  if (!isCategory(input.category)) {
    throw new InputProblem(
      'category',
      'invalid_choice',
      `category: ${input.category} is not a known category`,
    );
  }
  const indicators = parseWarningIndicators(input.indicators ?? []);
  const nowText = now.toISOString();

  return database.db.transaction().execute(async (trx) => {
    const slug = await uniqueSlug(trx, slugify(titleEn === titleVi ? titleVi : titleEn));
    const id = await insertWarning(trx, {
      slug,
      titleVi,
      titleEn,
      bodyVi,
      bodyEn,
      category: input.category,
      publishedAt: (input.publishedAt ?? now).toISOString(),
      createdBy: input.actor,
      now: nowText,
    });
    const indicatorIds = await upsertReportedIndicators(
      trx,
      indicators.map((indicator) => ({
        kind: indicator.kind,
        value: indicator.value,
        host: indicator.host ?? null,
        registrableDomain: indicator.registrableDomain ?? null,
      })),
      { category: input.category, now: nowText, source: WARNING_SOURCE, tlp: 'TLP:CLEAR' },
    );
    await insertWarningIndicators(trx, id, indicatorIds);
    await appendAuditEntry(trx, database.dialect, {
      actor: input.actor,
      action: 'warning.published',
      targetType: 'warning',
      targetId: id,
      after: { slug, titleVi, titleEn, category: input.category, indicators: indicatorIds },
      at: nowText,
    });
    return { id, slug };
  });
}

/** Returns the published warnings, newest first. */
export async function listWarnings(database: Database, limit = 50): Promise<WarningRow[]> {
  return selectPublishedWarnings(database.db, new Date().toISOString(), limit);
}

/** Returns the published warnings that name any of `values` (kind and canonical value). */
export async function listWarningsNaming(
  database: Database,
  values: readonly { readonly kind: string; readonly value: string }[],
): Promise<WarningRow[]> {
  return selectWarningsNaming(database.db, values, new Date().toISOString());
}

/** Returns one published warning with its indicators, or undefined. */
export async function getWarning(
  database: Database,
  slug: string,
): Promise<(WarningRow & { indicators: { kind: string; value: string }[] }) | undefined> {
  if (!/^[a-z0-9-]{1,80}$/.test(slug)) {
    return undefined;
  }
  const warning = await selectPublishedWarning(database.db, slug, new Date().toISOString());
  if (warning === undefined) {
    return undefined;
  }
  return { ...warning, indicators: await selectWarningIndicators(database.db, warning.id) };
}

/** Turns a title into an ASCII address part: `Cảnh báo lừa đảo` becomes `canh-bao-lua-dao`. */
export function slugify(title: string): string {
  const ascii = title
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return ascii === '' ? 'warning' : ascii;
}

async function uniqueSlug(db: Parameters<typeof slugExists>[0], base: string): Promise<string> {
  let candidate = base;
  for (let suffix = 2; await slugExists(db, candidate); suffix += 1) {
    candidate = `${base}-${suffix}`;
  }
  return candidate;
}

function requireText(value: string, field: string, maxLength: number): string {
  const text = cleanText(value);
  if (text === '') {
    throw new InputProblem(field, 'required', `${field}: is required`);
  }
  if (text.length > maxLength) {
    throw new InputProblem(
      field,
      'too_long',
      `${field}: has ${text.length} characters; the limit is ${maxLength}`,
      {
        max: maxLength,
      },
    );
  }
  return text;
}

function parseWarningIndicators(values: readonly string[]) {
  if (values.length > MAX_WARNING_INDICATORS) {
    throw new InputProblem(
      'indicators',
      'too_many',
      `indicators: at most ${MAX_WARNING_INDICATORS}`,
      {
        max: MAX_WARNING_INDICATORS,
      },
    );
  }
  const seen = new Set<string>();
  return values.flatMap((value) => {
    const parsed = parseIndicator(value);
    if (parsed instanceof IndicatorError) {
      throw new InputProblem('indicators', 'invalid', `indicators: ${parsed.message}`);
    }
    const key = `${parsed.kind}\n${parsed.value}`;
    if (seen.has(key)) {
      return [];
    }
    seen.add(key);
    return [parsed];
  });
}
