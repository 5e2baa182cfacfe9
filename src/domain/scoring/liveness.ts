/** The liveness state of a listing, as its columns hold it. */
export interface LivenessState {
  readonly checkFailures: number;
  readonly takenDownAt: string | null;
}

export interface LivenessPolicy {
  /** Failed checks in a row that mark a listing taken down. */
  readonly failuresToTakedown: number;
  /** Hours until the next check after a success; failures double it. */
  readonly baseHours: number;
}

/** The longest wait between two checks: one week. */
const MAX_WAIT_HOURS = 24 * 7;

/**
 * Computes a listing's liveness state after one check. A success clears the failures and any
 * takedown; the `failuresToTakedown`-th failure in a row marks it taken down at `now`. The
 * wait until the next check doubles with each failure, up to a week.
 */
export function nextLivenessState(
  state: LivenessState,
  alive: boolean,
  now: Date,
  policy: LivenessPolicy,
): LivenessState & { readonly nextCheckAt: string; readonly changed: boolean } {
  const failures = alive ? 0 : state.checkFailures + 1;
  const takenDown = !alive && failures >= policy.failuresToTakedown;
  const takenDownAt = takenDown ? (state.takenDownAt ?? now.toISOString()) : null;
  const waitHours = Math.min(MAX_WAIT_HOURS, policy.baseHours * 2 ** Math.min(failures, 10));
  return {
    checkFailures: failures,
    takenDownAt,
    nextCheckAt: new Date(now.getTime() + waitHours * 3_600_000).toISOString(),
    changed: (takenDownAt === null) !== (state.takenDownAt === null),
  };
}
