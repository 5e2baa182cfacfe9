/** Exponential backoff settings, in milliseconds. */
export interface RetryBackoff {
  /** The ceiling of the first retry's delay. */
  readonly baseMs: number;
  /** The largest ceiling, reached after enough attempts. */
  readonly capMs: number;
}

export const DEFAULT_RETRY_BACKOFF: RetryBackoff = { baseMs: 10_000, capMs: 3_600_000 };

/**
 * Computes the delay before the retry that follows failed attempt number
 * `attempt` (1 for the first), with "equal jitter":
 *
 *   ceiling = min(capMs, baseMs * 2^(attempt - 1))
 *   delay   = ceiling / 2 + random() * ceiling / 2
 *
 * so the delay lies in [ceiling / 2, ceiling], doubling per attempt, and the
 * random half spreads out jobs that failed together. `random` returns a number
 * in [0, 1), as `Math.random` does.
 */
export function computeRetryDelay(
  attempt: number,
  backoff: RetryBackoff = DEFAULT_RETRY_BACKOFF,
  random: () => number = Math.random,
): number {
  const exponent = Math.max(0, attempt - 1);
  const ceiling = Math.min(backoff.capMs, backoff.baseMs * 2 ** exponent);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
