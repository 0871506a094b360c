/** Time and identity for new records, injected so use cases stay deterministic under test. */
export interface ClockPort {
  /** The current instant. */
  now(): Date;
}

export interface IdGeneratorPort {
  /** A new random UUID. */
  newId(): string;
}
