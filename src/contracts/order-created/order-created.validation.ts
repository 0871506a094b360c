import { ValidationError } from '../../shared/domain/domain-error';
import { isUuid } from '../../shared/domain/uuid';
import { ORDER_CREATED, ORDER_CREATED_SCHEMA_VERSION, type OrderCreatedEvent } from './order-created.event';

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

const matches = (pattern: RegExp) => (value: string) => pattern.test(value);
const isEmail = matches(/^[^\s@]+@[^\s@]+$/);
const isAmount = matches(/^\d+\.\d{2}$/);
const isCurrency = matches(/^[A-Z]{3}$/);
const isInstant = matches(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);

/**
 * Reads the JSON of an `OrderCreated` event (docs/events/order-created.md) into its type, keeping only the
 * fields of the contract. Fields it does not know are ignored, so producers can add some.
 * @throws InvalidOrderEventError saying which field breaks the contract
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
  const parsed: OrderCreatedEvent = {
    schemaVersion: ORDER_CREATED_SCHEMA_VERSION,
    eventId: field(event, 'eventId', isUuid, 'a UUID'),
    eventType: ORDER_CREATED,
    orderId: field(event, 'orderId', isUuid, 'a UUID'),
    customerId: field(event, 'customerId', isUuid, 'a UUID'),
    customerEmail: field(event, 'customerEmail', isEmail, 'an email address', 254),
    totalAmount: field(event, 'totalAmount', isAmount, 'a decimal string with two decimals, e.g. "99.99"'),
    currency: field(event, 'currency', isCurrency, 'an ISO 4217 code, e.g. "EUR"'),
    createdAt: field(event, 'createdAt', isInstant, 'an ISO-8601 instant, e.g. "2026-01-20T10:30:00.000Z"'),
  };
  if (/^0+\.00$/.test(parsed.totalAmount)) {
    throw new InvalidOrderEventError('SCHEMA_VIOLATION', 'totalAmount must be greater than 0', 'totalAmount');
  }
  if (Number.isNaN(Date.parse(parsed.createdAt))) {
    throw new InvalidOrderEventError('SCHEMA_VIOLATION', 'createdAt is not a real date', 'createdAt');
  }
  if (event.description !== undefined) {
    if (typeof event.description !== 'string') {
      throw new InvalidOrderEventError('SCHEMA_VIOLATION', 'description must be a string', 'description');
    }
    parsed.description = event.description;
  }
  return parsed;
}

function field(
  event: Record<string, unknown>,
  name: string,
  valid: (value: string) => boolean,
  expected: string,
  maxLength = 100,
): string {
  const value = event[name];
  if (typeof value !== 'string' || value.length > maxLength || !valid(value)) {
    throw new InvalidOrderEventError('SCHEMA_VIOLATION', `${name} must be ${expected}`, name);
  }
  return value;
}

/** Enough of a bad value to diagnose it, never a whole payload. */
function describe(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value).slice(0, 40);
}
