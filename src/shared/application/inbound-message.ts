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
}
