import { randomUUID } from 'node:crypto';
import type { InboundMessage } from '../../../src/shared/application/inbound-message';
import type { OrderCreatedEvent } from '../../../src/contracts/order-created/order-created.event';

const example: OrderCreatedEvent = {
  schemaVersion: 1,
  eventId: '3f0c1d8e-5b7a-4c1e-9d2f-6a8b7c9d0e1f',
  eventType: 'OrderCreated',
  orderId: '9b2e4f1a-7c3d-4e5f-8a6b-1c2d3e4f5a6b',
  customerId: '550e8400-e29b-41d4-a716-446655440000',
  customerEmail: 'user@email.com',
  totalAmount: '99.99',
  currency: 'EUR',
  description: 'Two books',
  createdAt: '2026-01-20T10:30:00.000Z',
};

/** The example of docs/events/order-created.md, with whatever a test changes (even into something invalid). */
export function orderCreated(
  overrides: Partial<Record<keyof OrderCreatedEvent, unknown>> = {},
): OrderCreatedEvent {
  return { ...example, ...overrides } as OrderCreatedEvent;
}

/**
 * An order's event of its own (new eventId, orderId and customer each call, an address naming the order in
 * `mailbox`), for tests whose events meet others on a real topic or table; the rest as `orderCreated`.
 */
export function newOrderCreated(
  overrides: Partial<OrderCreatedEvent> = {},
  mailbox = 'order',
): OrderCreatedEvent {
  const orderId = randomUUID();
  return orderCreated({
    eventId: randomUUID(),
    orderId,
    customerId: randomUUID(),
    customerEmail: `${mailbox}-${orderId}@example.com`,
    ...overrides,
  });
}

/** A delivered message whose value is `value` (an object is sent as its JSON). */
export function inbound(value: object | string | null, offset = 15): InboundMessage {
  const text = value === null || typeof value === 'string' ? value : JSON.stringify(value);
  return {
    key: Buffer.from('9b2e4f1a-7c3d-4e5f-8a6b-1c2d3e4f5a6b'),
    value: text === null ? null : Buffer.from(text),
    headers: [
      { name: 'eventType', value: Buffer.from('OrderCreated') },
      { name: 'content-type', value: Buffer.from('application/json') },
    ],
    origin: { topic: 'order-events', partition: '0', offset: String(offset) },
  };
}
