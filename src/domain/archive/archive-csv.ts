import type { Statement } from './statement.ts';

const COLUMNS = [
  'id',
  'action',
  'at',
  'automated',
  'indicators',
  'category',
  'legal_basis',
  'reasons',
  'origin',
  'expires_at',
  'refers_to',
  'outcome',
  'superseded_by',
  'superseded_by_appeal',
  'from_appeal',
] as const;

/**
 * Writes statements as RFC 4180 CSV with a header row. Indicators are joined
 * as `kind:value` separated by spaces. A cell that a spreadsheet would run as
 * a formula (starting with =, +, - or @) gets a leading apostrophe.
 */
export function statementsToCsv(statements: readonly Statement[], header = true): string {
  const lines = header ? [COLUMNS.join(',')] : [];
  for (const statement of statements) {
    const cells = [
      statement.id,
      statement.action,
      statement.at,
      statement.automated ? '1' : '0',
      statement.indicators
        .map((indicator) => `${indicator.kind}:${indicator.value ?? 'restricted'}`)
        .join(' '),
      statement.category,
      statement.legal_basis,
      statement.reasons,
      statement.origin,
      statement.expires_at ?? '',
      statement.refers_to ?? '',
      statement.outcome ?? '',
      statement.superseded_by ?? '',
      statement.superseded_by_appeal ?? '',
      statement.from_appeal ?? '',
    ];
    lines.push(cells.map(csvCell).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** Quotes one CSV cell when it needs it, and defuses spreadsheet formulas. */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
