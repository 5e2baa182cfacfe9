import { csvCell } from '../archive/archive-csv.ts';
import type { TransparencyFigures } from './figures.ts';

/**
 * Writes the figures as CSV rows of `figure,key,value`, one per number, so
 * that the CSV contains exactly the numbers of the JSON: `figure` is the dotted
 * path of a group (such as `reports.by_category`) and `key` the entry in it.
 */
export function figuresToCsv(figures: TransparencyFigures): string {
  const rows: string[][] = [
    ['figure', 'key', 'value'],
    ['period', 'from', figures.period.from],
    ['period', 'to', figures.period.to],
  ];
  for (const [name, group] of Object.entries(figures)) {
    if (name !== 'period') {
      flatten(name, group, rows);
    }
  }
  return `${rows.map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

function flatten(path: string, value: unknown, rows: string[][]): void {
  if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (inner !== null && typeof inner === 'object') {
        flatten(path === '' ? key : `${path}.${key}`, inner, rows);
      } else {
        rows.push([path, key, inner === null ? '' : String(inner)]);
      }
    }
    return;
  }
  rows.push(['', path, String(value)]);
}
