/**
 * How a consumer reads an `OrderCreated` record's value: with the validator generated from
 * order-created.schema.json, so the schema is the one definition of what is accepted. The policy (a
 * tolerant reader: unknown fields ignored, every known field in its one canonical form) is written down
 * in docs/events/order-created.md, and a probe table in the tests holds schema and reader to it.
 */
import { ValidationError } from '../../shared/domain/domain-error';
import type { SchemaError } from '../schema-validator';
import { ORDER_CREATED, ORDER_CREATED_SCHEMA_VERSION, type OrderCreatedEvent } from './order-created.event';
import { orderCreatedFields, validateOrderCreated } from './order-created.validator.generated';

export type OrderEventProblem =
  'MALFORMED_EVENT' | 'UNKNOWN_EVENT_TYPE' | 'UNSUPPORTED_SCHEMA_VERSION' | 'SCHEMA_VIOLATION';

/** A published event a consumer cannot use as it is: retrying it can never succeed. */
export class InvalidOrderEventError extends ValidationError {
  constructor(
    readonly code: OrderEventProblem,
    message: string,
    field?: string,
  ) {
    super(message, field);
  }
}

/** The fields of the contract: all a consumer keeps of an event. */
const FIELDS = Object.keys(orderCreatedFields) as (keyof OrderCreatedEvent)[];

/**
 * Reads the JSON of an `OrderCreated` event into its type, keeping only the fields of the contract; fields
 * it does not know are ignored, so producers can add some.
 * @throws InvalidOrderEventError with the code (another event type or version is not a violation of this
 *   one) and the field that breaks the contract
 */
export function parseOrderCreated(json: string): OrderCreatedEvent {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new InvalidOrderEventError('MALFORMED_EVENT', 'the event is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidOrderEventError('MALFORMED_EVENT', 'the event is not a JSON object');
  }
  const event = value as Record<string, unknown>;
  if (event.eventType !== ORDER_CREATED) {
    throw new InvalidOrderEventError(
      'UNKNOWN_EVENT_TYPE',
      `eventType must be ${ORDER_CREATED}, got ${describe(event.eventType)}`,
      'eventType',
    );
  }
  if (event.schemaVersion !== ORDER_CREATED_SCHEMA_VERSION) {
    throw new InvalidOrderEventError(
      'UNSUPPORTED_SCHEMA_VERSION',
      `schemaVersion ${describe(event.schemaVersion)} is not supported (expected ${ORDER_CREATED_SCHEMA_VERSION})`,
      'schemaVersion',
    );
  }
  if (!validateOrderCreated(event)) {
    const { field, message } = explain(validateOrderCreated.errors?.[0]);
    throw new InvalidOrderEventError('SCHEMA_VIOLATION', message, field);
  }
  const known = FIELDS.filter((name) => event[name] !== undefined).map((name) => [name, event[name]]);
  return Object.fromEntries(known) as unknown as OrderCreatedEvent;
}

/** The field a schema error is about, and what the schema says that field must be. */
function explain(error: SchemaError | undefined): { field?: string; message: string } {
  if (!error) return { message: 'the event does not match its schema' };
  if (error.keyword === 'required') {
    const field = String(error.params.missingProperty);
    return { field, message: `${field} is required` };
  }
  const field = error.instancePath.split('/')[1];
  if (field === undefined) return { message: `the event breaks the schema's ${error.keyword} rule` };
  return { field, message: `${field} must be ${orderCreatedFields[field] || `valid (${error.keyword})`}` };
}

/** Enough of a bad value to diagnose it, never a whole payload. */
function describe(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value).slice(0, 40);
}

/**
 * Reads a message's bytes as an `OrderCreated` event: UTF-8 text, then `parseOrderCreated`.
 * @throws InvalidOrderEventError (`MALFORMED_EVENT` for no value or text that is not UTF-8)
 */
export function parseOrderCreatedMessage(bytes: Uint8Array | null): OrderCreatedEvent {
  if (bytes === null || bytes.length === 0) {
    throw new InvalidOrderEventError('MALFORMED_EVENT', 'the message has no value');
  }
  let json: string;
  try {
    json = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new InvalidOrderEventError('MALFORMED_EVENT', 'the message value is not UTF-8 text');
  }
  return parseOrderCreated(json);
}
