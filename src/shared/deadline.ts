/**
 * A bound on work whose own timeouts add up to more than a caller should wait (kafkajs' connect, request
 * and retry timeouts, for one). The work itself is not cancelled: past the deadline its outcome is ignored.
 */
export class DeadlineExceededError extends Error {
  constructor(what: string, timeoutMs: number) {
    super(`${what}: no answer within ${timeoutMs} ms`);
    this.name = 'DeadlineExceededError';
  }
}

export async function withDeadline<T>(work: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineExceededError(what, timeoutMs)), timeoutMs);
  });
  // Past the deadline nobody awaits the work: keep its late failure from being an unhandled rejection.
  work.catch(() => undefined);
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
