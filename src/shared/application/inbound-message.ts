/**
 * A message as some transport delivered it, before anyone trusted its content. The core reads `value`;
 * `key`, `headers` and `origin` travel untouched to wherever an unusable message is set aside.
 */
export interface InboundMessage {
  key: Uint8Array | null;
  value: Uint8Array | null;
  headers: ReadonlyArray<{ name: string; value: Uint8Array }>;
  /** Where the transport says the message came from (e.g. topic, partition, offset): for tracing only. */
  origin: Readonly<Record<string, string>>;
  /** How the transport handed it over, when it says: for tracing only. */
  delivery?: MessageDelivery;
}

/** When a message was handed over, and in a batch of how many. */
export interface MessageDelivery {
  receivedAt: Date;
  batchSize: number;
}
