import type { FeedFormat } from './feed-entry.ts';
import { findValueColumn, headerNames, VALUE_COLUMN_NAMES } from './header-csv.ts';
import { stripHashComment } from './line-feed.ts';
import { isMispManifest } from './misp.ts';

/** Each format as a noun phrase for messages: "the file looks like a hosts file". */
export const FORMAT_DESCRIPTIONS: Readonly<Record<FeedFormat, string>> = {
  plain: 'a plain list',
  urlhaus: 'URLhaus CSV',
  'phishtank-csv': 'PhishTank CSV',
  'phishtank-json': 'PhishTank JSON',
  'chongluadao-json': 'ChongLuaDao JSON',
  openphish: 'an OpenPhish feed',
  stix: 'a STIX 2.1 bundle',
  misp: 'a MISP event or manifest',
  csv: 'CSV with a header row',
  hosts: 'a hosts file',
  adblock: 'an adblock list',
  rpz: 'a DNS RPZ zone',
};

/**
 * Formats whose parser also reads content detected as another format: an
 * adblock list may hold bare hosts and hosts-file lines, generic CSV reads
 * any header with a `url` column, and an OpenPhish feed is a URL list or CSV.
 */
const ALSO_READS: Readonly<Partial<Record<FeedFormat, readonly FeedFormat[]>>> = {
  adblock: ['plain', 'hosts'],
  csv: ['phishtank-csv', 'openphish'],
  openphish: ['plain', 'csv'],
};

const JSON_FORMATS: ReadonlySet<FeedFormat> = new Set([
  'phishtank-json',
  'chongluadao-json',
  'stix',
  'misp',
]);

const URLHAUS_ROW = /^"\d+","\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}","[^"]*","[a-z]*"/;
const HOSTS_LINE = /^(\d{1,3}(\.\d{1,3}){3}|[0-9a-f]*:[0-9a-f:.]*)\s+[^\s#]/i;
const ZONE_RECORD = /^\S+\s+(\d+[smhdw]?\s+)?((IN|CH|HS)\s+)?(SOA|NS|CNAME|A|AAAA|TXT|DNAME)\s+\S/i;
const ADBLOCK_RULE = /^(\|\||\||@@)|\^(\$.*)?$|#@?[?$%]?#/;

/** Lines of the head that detection looks at. */
const SAMPLE_LINES = 200;

/**
 * Detects the format of a file from its first few kilobytes. The file name
 * only breaks a tie that the content cannot: a list of URLs named like
 * `openphish*.txt` is an OpenPhish feed. Returns undefined for binary
 * content and for content that matches no format. A head without data lines
 * (empty, or comments only) is a plain list, which yields no items.
 */
export function detectFormat(head: string, fileName?: string): FeedFormat | undefined {
  const text = head.replace(/^\uFEFF/, '');
  if (looksBinary(text)) {
    return undefined;
  }
  const start = text.trimStart();
  if (looksJson(start)) {
    return detectJson(start);
  }
  return detectText(sampleLines(text), fileName);
}

/**
 * Checks that the head of a file plausibly is in `format`, and returns a
 * message saying what it looks like instead when it plainly is not, so that
 * a wrong `--format` fails before anything is imported. Content that
 * detection cannot place passes, except JSON for a text format and the reverse.
 */
export function checkFormat(format: FeedFormat, head: string): string | undefined {
  const text = head.replace(/^\uFEFF/, '');
  const expected = FORMAT_DESCRIPTIONS[format];
  if (text.trim() === '') {
    return undefined;
  }
  if (looksBinary(text)) {
    return `the file looks binary (or is not UTF-8 text), not ${expected}`;
  }
  const detected = detectFormat(text);
  if (detected === format || (detected !== undefined && ALSO_READS[format]?.includes(detected))) {
    return undefined;
  }
  if (detected !== undefined) {
    return (
      `the file looks like ${FORMAT_DESCRIPTIONS[detected]}, not ${expected}; ` +
      `pass --format ${detected} or --format auto`
    );
  }
  const isJson = looksJson(text.trimStart());
  if (JSON_FORMATS.has(format) && !isJson) {
    return `the file is not JSON, so it is not ${expected}`;
  }
  if (!JSON_FORMATS.has(format) && isJson) {
    return `the file looks like JSON, not ${expected}`;
  }
  const missing = missingEvidence(format, text);
  return missing === undefined ? undefined : `the file does not look like ${expected}: ${missing}`;
}

/** Describes what content that detection could not place lacks to be in `format`. */
function missingEvidence(format: FeedFormat, text: string): string | undefined {
  const start = text.trimStart();
  const sample = start.slice(0, 8192);
  const { data } = sampleLines(text);
  switch (format) {
    case 'stix':
      return /"type"\s*:\s*"bundle"|"id"\s*:\s*"bundle--/.test(sample)
        ? undefined
        : 'it has no "type": "bundle"';
    case 'misp':
      return /"Event"\s*:\s*\{/.test(sample) || isMispManifest(start)
        ? undefined
        : 'it has no "Event" object';
    case 'phishtank-json':
    case 'chongluadao-json':
      if (!start.startsWith('[')) {
        return 'it is a JSON object, not an array of records';
      }
      return /^\[\s*\]/.test(start) || /"url"\s*:/.test(sample)
        ? undefined
        : 'its records have no "url" key';
    case 'urlhaus':
      return 'its rows are not quoted "id","dateadded","url",... records';
    case 'phishtank-csv':
      return 'its header row has no phish_id and url columns';
    case 'csv':
      return `its first row names no value column (one of ${VALUE_COLUMN_NAMES})`;
    case 'hosts':
      return 'its lines do not start with an IP address';
    case 'rpz':
      return 'it has no $TTL or $ORIGIN line and its lines are not DNS records';
    case 'plain':
    case 'openphish':
    case 'adblock':
      return mostly(data, (line) => /[\s,]/.test(stripHashComment(line)))
        ? 'most lines contain several values separated by spaces or commas'
        : undefined;
  }
}

/**
 * Tells binary content from text: any NUL (which UTF-16 text is full of),
 * or more than 1% of control characters and invalid UTF-8 sequences.
 */
function looksBinary(text: string): boolean {
  const sample = text.slice(0, 8192);
  if (sample.includes('\u0000')) {
    return true;
  }
  const odd = sample.match(/[\u0001-\u0008\u000e-\u001f\ufffd]/g)?.length ?? 0;
  return odd > 2 && odd > sample.length / 100;
}

/** Tells whether the text starts a JSON object or array, unlike an `[Adblock Plus 2.0]` header. */
function looksJson(start: string): boolean {
  return /^\{\s*["}]/.test(start) || /^\[\s*([[{"\d\]-]|true|false|null)/.test(start);
}

function detectJson(start: string): FeedFormat | undefined {
  const sample = start.slice(0, 8192);
  if (start.startsWith('[')) {
    if (/"phish_id"\s*:|"phish_detail_url"\s*:/.test(sample)) {
      return 'phishtank-json';
    }
    return /"_id"\s*:/.test(sample) && /"url"\s*:/.test(sample) ? 'chongluadao-json' : undefined;
  }
  if (/"type"\s*:\s*"bundle"|"id"\s*:\s*"bundle--/.test(sample)) {
    return 'stix';
  }
  if (/^\{\s*"Event"\s*:\s*\{/.test(sample) || isMispManifest(sample)) {
    return 'misp';
  }
  return undefined;
}

interface SampledLines {
  /** Lines that are neither blank nor comments. */
  readonly data: string[];
  readonly hashComments: number;
  readonly bangComments: number;
  readonly semicolonComments: number;
  readonly all: string[];
}

/**
 * Sorts the first lines of the head into data and comments, dropping a last
 * line that the head may have cut.
 */
function sampleLines(text: string): SampledLines {
  const lines = text.split('\n');
  if (lines.length > 1 && !text.endsWith('\n')) {
    lines.pop();
  }
  const all = lines.slice(0, SAMPLE_LINES).map((line) => line.replace(/\r$/, ''));
  const data: string[] = [];
  let hashComments = 0;
  let bangComments = 0;
  let semicolonComments = 0;
  for (const line of all) {
    const trimmed = line.trim();
    if (trimmed.startsWith('#') && !ADBLOCK_RULE.test(trimmed)) {
      hashComments++;
    } else if (trimmed.startsWith('!') || /^\[(adblock|adguard|ublock)/i.test(trimmed)) {
      bangComments++;
    } else if (trimmed.startsWith(';')) {
      semicolonComments++;
    } else if (trimmed !== '') {
      data.push(line);
    }
  }
  return { data, hashComments, bangComments, semicolonComments, all };
}

function detectText(lines: SampledLines, fileName: string | undefined): FeedFormat | undefined {
  const { data } = lines;
  if (isUrlhaus(lines)) {
    return 'urlhaus';
  }
  const csv = detectCsvHeader(data);
  if (csv !== undefined) {
    return csv;
  }
  if (
    lines.all.some((line) => /^\$(TTL|ORIGIN)\s/i.test(line)) ||
    mostly(data, (line) => ZONE_RECORD.test(line))
  ) {
    return 'rpz';
  }
  if (mostly(data, (line) => HOSTS_LINE.test(line.trim()))) {
    return 'hosts';
  }
  if (lines.bangComments > 0 || data.some((line) => ADBLOCK_RULE.test(line.trim()))) {
    return 'adblock';
  }
  if (data.length === 0) {
    return lines.semicolonComments > 0 && lines.hashComments === 0 ? 'rpz' : 'plain';
  }
  const values = data.map(stripHashComment);
  if (values.some((value) => /\s/.test(value)) || mostly(values, (value) => value.includes(','))) {
    return undefined;
  }
  const urls = data.every((line) => /^https?:\/\//i.test(line.trim()));
  return urls && /openphish/i.test(fileName ?? '') ? 'openphish' : 'plain';
}

function isUrlhaus(lines: SampledLines): boolean {
  if (lines.all.some((line) => /^#.*URLhaus Database Dump|^#\s*id,dateadded,url,/i.test(line))) {
    return true;
  }
  const first = lines.data[0] ?? '';
  return URLHAUS_ROW.test(first) || /^"?id"?,"?dateadded"?,"?url"?/.test(first);
}

/** Reads the first data line as a CSV header, and the second to tell OpenPhish from other CSV. */
function detectCsvHeader(data: readonly string[]): FeedFormat | undefined {
  const first = data[0] ?? '';
  if (!first.includes(',')) {
    return undefined;
  }
  const header = headerNames(first.split(',').map((name) => name.replace(/^"|"$/g, '')));
  if (header.includes('phish_id') && header.includes('url')) {
    return 'phishtank-csv';
  }
  if (findValueColumn(header) === undefined) {
    return undefined;
  }
  // URLs may contain commas, so a last column is read from the end of the row.
  const source = header.indexOf('source');
  const row = (data[1] ?? '').split(',');
  const cell = source === header.length - 1 ? row.at(-1) : row[source];
  if (header.includes('url') && source !== -1 && cell?.trim().toLowerCase() === 'openphish') {
    return 'openphish';
  }
  return 'csv';
}

/** At least half of the lines, and at least one, pass the test. */
function mostly(lines: readonly string[], test: (line: string) => boolean): boolean {
  const passing = lines.filter(test).length;
  return passing > 0 && passing * 2 >= lines.length;
}
