/**
 * Canonicalizes a percent-decoded URL path as Safe Browsing does: resolves `.` and `..`
 * segments (a `..` above the root is dropped) and collapses runs of slashes. A path that ended
 * in `/`, `/.` or `/..` keeps a trailing slash; an empty path becomes `/`. The query is not a
 * path and must not be passed in.
 */
export function canonicalizePath(path: string): string {
  if (path === '') {
    return '/';
  }
  if (!path.includes('//') && !path.includes('/.')) {
    return path;
  }

  const parts = path.split('/');
  const segments: string[] = [];
  for (const part of parts) {
    if (part === '' || part === '.') {
      continue;
    }
    if (part === '..') {
      segments.pop();
    } else {
      segments.push(part);
    }
  }
  if (segments.length === 0) {
    return '/';
  }

  const last = parts[parts.length - 1];
  const trailingSlash = last === '' || last === '.' || last === '..';
  return `/${segments.join('/')}${trailingSlash ? '/' : ''}`;
}
