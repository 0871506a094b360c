/**
 * Module-level singletons of a Lambda container (SDK clients, the Kafka producer, use cases): created on
 * first use, then reused by every invocation, so a function builds only what it uses.
 */
export function lazy<T>(create: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= create());
}

/** Runs `create` once and shares its promise; a failure is forgotten so the next call tries again. */
export function lazyAsync<T>(create: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () =>
    (value ??= create().catch((error: unknown) => {
      value = undefined;
      throw error;
    }));
}
