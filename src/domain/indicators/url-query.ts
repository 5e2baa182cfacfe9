/**
 * Returns the value of the first `name=value` pair in a URL query (without the `?`), the empty
 * string for a bare `name`, or undefined when the name is absent. Pairs are split at `&`; the
 * value is returned as written, with no decoding.
 */
export function queryParameter(query: string | undefined, name: string): string | undefined {
  if (query === undefined) {
    return undefined;
  }
  for (const pair of query.split('&')) {
    const equals = pair.indexOf('=');
    const key = equals === -1 ? pair : pair.slice(0, equals);
    if (key === name) {
      return equals === -1 ? '' : pair.slice(equals + 1);
    }
  }
  return undefined;
}
