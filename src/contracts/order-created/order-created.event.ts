/**
 * `OrderCreated`, schema version 1: what order-service publishes when an order is stored, and what every
 * consumer (notifications today; analytics, billing tomorrow) can rely on. Its JSON Schema sits next to
 * it (order-created.schema.json), its prose in docs/events/order-created.md; changing a field's meaning
 * needs a new schema version. Producer and consumers share this folder, never each other's code.
 */
export const ORDER_CREATED = 'OrderCreated';
export const ORDER_CREATED_SCHEMA_VERSION = 1;

export interface OrderCreatedEvent {
  schemaVersion: typeof ORDER_CREATED_SCHEMA_VERSION;
  /** UUID, unique per event: consumers deduplicate on it. */
  eventId: string;
  eventType: typeof ORDER_CREATED;
  /** UUID of the order; also the record key, so one order's events stay in order. */
  orderId: string;
  customerId: string;
  customerEmail: string;
  /** Decimal string with exactly two decimals, e.g. "99.99": exact, whatever the consumer's language. */
  totalAmount: string;
  /** ISO 4217 code, e.g. "EUR". */
  currency: string;
  description?: string;
  /** When the order was created: UTC ISO-8601 with milliseconds and Z. */
  createdAt: string;
}
