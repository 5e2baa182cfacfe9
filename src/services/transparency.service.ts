import { computeFigures, type TransparencyFigures } from '../domain/transparency/figures.ts';
import { type Period, parsePeriod } from '../domain/transparency/period.ts';
import { VigilError } from '../errors.ts';
import type { Database } from '../store/database.ts';
import { selectTransparencyInput } from '../store/transparency.repository.ts';

/**
 * Computes the transparency figures of a period given as typed (dates or
 * ISO-8601 times). Throws INVALID_INPUT naming `from` or `to`.
 */
export async function getTransparencyReport(
  database: Database,
  from: string,
  to: string,
): Promise<TransparencyFigures> {
  const period = parsePeriod(from, to);
  if ('field' in period) {
    throw new VigilError('INVALID_INPUT', period.message, period.field);
  }
  return getFigures(database, period);
}

/** Computes the transparency figures of a checked period. */
export async function getFigures(database: Database, period: Period): Promise<TransparencyFigures> {
  return computeFigures(await selectTransparencyInput(database.db, period));
}
