/** One comparison of a STIX 2.1 pattern, such as `url:value = 'http://a.example/'`. */
export interface StixComparison {
  /** The object path, such as `url:value` or `file:hashes.'SHA-256'`. */
  readonly path: string;
  /** The operator in upper case: `=`, `!=`, `<`, `IN`, `LIKE`, `MATCHES`, ... */
  readonly operator: string;
  readonly negated: boolean;
  /** The string values compared against: one, or the members of an `IN` set. */
  readonly values: readonly string[];
  /** False when a value is a number, a boolean, or a `t''`, `h''` or `b''` literal. */
  readonly allStrings: boolean;
}

type Token =
  | { readonly type: 'path' | 'word' | 'operator' | 'punctuation'; readonly text: string }
  | { readonly type: 'literal'; readonly text: string; readonly isString: boolean };

const COMPARISON_WORDS = new Set(['IN', 'LIKE', 'MATCHES', 'ISSUBSET', 'ISSUPERSET']);
const OBJECT_PATH = /[a-z0-9][a-z0-9-]*:/iy;
const PATH_PART = /(?:[A-Za-z0-9_.-]+|\[(?:\*|\d+)\]|'[^']*')/y;
const WORD = /[A-Za-z_][A-Za-z0-9_]*/y;
const NUMBER = /[-+]?\d+(?:\.\d+)?/y;
const OPERATOR = /!=|<=|>=|=|<|>/y;

/**
 * Lists the comparisons of a STIX 2.1 pattern, in order, whatever the `AND`,
 * `OR`, `FOLLOWEDBY` and qualifiers around them. Returns the reason when the
 * pattern cannot be tokenized. String literals are unescaped (`\'` and `\\`).
 */
export function stixComparisons(pattern: string): StixComparison[] | string {
  const tokens = tokenize(pattern);
  if (typeof tokens === 'string') {
    return tokens;
  }
  const comparisons: StixComparison[] = [];
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index];
    if (token?.type !== 'path') {
      continue;
    }
    const comparison = readComparison(tokens, index);
    if (typeof comparison === 'string') {
      return comparison;
    }
    comparisons.push(comparison.comparison);
    index = comparison.next - 1;
  }
  return comparisons;
}

function readComparison(
  tokens: readonly Token[],
  start: number,
): { comparison: StixComparison; next: number } | string {
  const path = tokens[start]?.text ?? '';
  let index = start + 1;
  const negated = tokens[index]?.type === 'word' && tokens[index]?.text.toUpperCase() === 'NOT';
  if (negated) {
    index++;
  }
  const operatorToken = tokens[index];
  const operator = operatorToken?.text.toUpperCase() ?? '';
  const isOperator =
    operatorToken?.type === 'operator' ||
    (operatorToken?.type === 'word' && COMPARISON_WORDS.has(operator));
  if (!isOperator) {
    return `pattern has no comparison operator after ${path}`;
  }
  index++;

  const values: Token[] = [];
  if (tokens[index]?.text === '(') {
    for (index++; index < tokens.length && tokens[index]?.text !== ')'; index++) {
      const token = tokens[index];
      if (token !== undefined && token.text !== ',') {
        values.push(token);
      }
    }
    index++;
  } else if (tokens[index] !== undefined) {
    values.push(tokens[index] as Token);
    index++;
  }
  if (values.length === 0 || values.some((value) => value.type !== 'literal')) {
    return `pattern has no value after ${path} ${operator}`;
  }
  const allStrings = values.every((value) => value.type === 'literal' && value.isString);
  const comparison = {
    path,
    operator,
    negated,
    values: values.map((value) => value.text),
    allStrings,
  };
  return { comparison, next: index };
}

function tokenize(pattern: string): Token[] | string {
  const tokens: Token[] = [];
  let index = 0;
  while (index < pattern.length) {
    const char = pattern[index] ?? '';
    if (/\s/.test(char)) {
      index++;
      continue;
    }
    if ('[](),'.includes(char)) {
      tokens.push({ type: 'punctuation', text: char });
      index++;
      continue;
    }
    const read =
      readLiteral(pattern, index) ?? readPath(pattern, index) ?? readSimple(pattern, index);
    if (read === undefined) {
      return `pattern has an unexpected character at position ${index}`;
    }
    if (typeof read === 'string') {
      return read;
    }
    tokens.push(read.token);
    index = read.next;
  }
  return tokens;
}

type Read = { token: Token; next: number } | string | undefined;

/** Reads `'...'` or a typed literal `t'...'`, `h'...'`, `b'...'`. */
function readLiteral(pattern: string, start: number): Read {
  const typed = /[thb]/.test(pattern[start] ?? '') && pattern[start + 1] === "'";
  const quote = typed ? start + 1 : start;
  if (pattern[quote] !== "'") {
    return undefined;
  }
  let text = '';
  for (let index = quote + 1; index < pattern.length; index++) {
    const char = pattern[index];
    if (char === '\\') {
      text += pattern[index + 1] ?? '';
      index++;
      continue;
    }
    if (char === "'") {
      return { token: { type: 'literal', text, isString: !typed }, next: index + 1 };
    }
    text += char;
  }
  return 'pattern has a string that is not closed';
}

/** Reads an object path: `type:property`, with `.`, `[*]`, `[0]` and quoted `'key'` parts. */
function readPath(pattern: string, start: number): Read {
  OBJECT_PATH.lastIndex = start;
  if (!OBJECT_PATH.test(pattern)) {
    return undefined;
  }
  let next = OBJECT_PATH.lastIndex;
  for (;;) {
    PATH_PART.lastIndex = next;
    const part = PATH_PART.exec(pattern);
    if (part === null) {
      break;
    }
    next = PATH_PART.lastIndex;
  }
  return { token: { type: 'path', text: pattern.slice(start, next) }, next };
}

function readSimple(pattern: string, start: number): Read {
  for (const [expression, type] of [
    [OPERATOR, 'operator'],
    [NUMBER, 'number'],
    [WORD, 'word'],
  ] as const) {
    expression.lastIndex = start;
    const match = expression.exec(pattern);
    if (match === null) {
      continue;
    }
    const text = match[0];
    const next = start + text.length;
    if (type === 'number' || /^(true|false)$/i.test(text)) {
      return { token: { type: 'literal', text, isString: false }, next };
    }
    return { token: { type, text }, next };
  }
  return undefined;
}
