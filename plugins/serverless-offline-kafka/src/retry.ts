/**
 * When a failed batch is tried again, and when it is given up. Mirrors the event source mapping's
 * MaximumRetryAttempts: without a limit the batch is retried until it succeeds, so nothing is skipped.
 */
export interface RetryPolicy {
  /** Retries after the first attempt; undefined retries forever. */
  maximumRetryAttempts: number | undefined;
  initialDelayMs: number;
  maxDelayMs: number;
}

/** AWS caps retries at 10 when a failure destination is set and no limit is given. */
export const RETRIES_WITH_DESTINATION = 10;

export function effectiveRetryLimit(
  maximumRetryAttempts: number | undefined,
  hasDestination: boolean,
): number | undefined {
  if (maximumRetryAttempts !== undefined && maximumRetryAttempts >= 0) return maximumRetryAttempts;
  return hasDestination ? RETRIES_WITH_DESTINATION : undefined;
}

/** True once the function has failed more often than the policy retries. */
export function retriesExhausted(functionErrors: number, policy: RetryPolicy): boolean {
  return policy.maximumRetryAttempts !== undefined && functionErrors > policy.maximumRetryAttempts;
}

/**
 * Exponential backoff capped at maxDelayMs, with jitter in its upper half so two consumers retrying the
 * same failure do not hammer in lockstep.
 */
export function backoffDelay(
  attempt: number,
  policy: Pick<RetryPolicy, 'initialDelayMs' | 'maxDelayMs'>,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
