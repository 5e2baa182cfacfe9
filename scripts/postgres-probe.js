// Decides whether the PostgreSQL test pass runs, is skipped or fails, from the
// error (if any) that connecting to the test server gave. Plain JavaScript, so
// that `node scripts/test.js` needs no loader.

/** Host names that resolve on this machine only, so a lookup failure means no local server. */
const LOOPBACK_HOSTS = new Set(['localhost', '::1', '[::1]']);

/**
 * Returns true when `error` means that no server accepts connections at the
 * address: connection refused, a connect timeout, or a loopback host name that
 * does not resolve. Any other error (authentication, a missing database) comes
 * from a server that responded, so its set-up is wrong.
 */
export function isUnreachable(error, url) {
  const code = error?.code;
  if (code === 'ECONNREFUSED' || code === 'ETIMEDOUT') {
    return true;
  }
  // pg reports its own `connectionTimeoutMillis` expiry with this message and no code.
  if (code === undefined && error?.message === 'timeout expired') {
    return true;
  }
  return code === 'ENOTFOUND' && isLoopbackHost(url);
}

function isLoopbackHost(url) {
  const host = URL.canParse(url) ? new URL(url).hostname.toLowerCase() : '';
  return LOOPBACK_HOSTS.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * Decides the PostgreSQL pass: `run` when `error` is undefined, `skip` when the
 * server is unreachable and not `required`, else `fail`. `message` gives the
 * reason and never contains the password of `url`.
 */
export function decidePostgresRun(error, { url, required }) {
  if (error === undefined) {
    return { action: 'run', message: '' };
  }
  const where = describeUrl(url);
  const reason = describeError(error);
  if (!isUnreachable(error, url)) {
    return {
      action: 'fail',
      message: `PostgreSQL at ${where} responded but rejected the connection (${reason}); fix TEST_DATABASE_URL or the server set-up`,
    };
  }
  if (required) {
    return {
      action: 'fail',
      message: `PostgreSQL at ${where} is not reachable (${reason}), and VIGIL_REQUIRE_POSTGRES=1 requires it; start the server or fix TEST_DATABASE_URL`,
    };
  }
  return {
    action: 'skip',
    message: `skipping the PostgreSQL run: ${where} is not reachable (${reason}); set VIGIL_REQUIRE_POSTGRES=1 to fail instead`,
  };
}

function describeUrl(url) {
  if (!URL.canParse(url)) {
    return 'TEST_DATABASE_URL (not a valid URL)';
  }
  const parsed = new URL(url);
  return `postgres://${parsed.host}${parsed.pathname}`;
}

function describeError(error) {
  if (error instanceof Error) {
    return error.message || String(error.code ?? error.name);
  }
  return String(error);
}
