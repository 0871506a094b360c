import {
  ORDER_CREATED,
  ORDER_CREATED_SCHEMA_VERSION,
  type OrderCreatedEvent,
} from '../../contracts/order-created/order-created.event';
import type { Order } from './order.entity';

/** The event announcing `order`, placed for the customer whose address was `customerEmail` at the time. */
export function orderCreated(order: Order, customerEmail: string, eventId: string): OrderCreatedEvent {
  return {
    schemaVersion: ORDER_CREATED_SCHEMA_VERSION,
    eventId,
    eventType: ORDER_CREATED,
    orderId: order.id,
    customerId: order.customerId,
    customerEmail,
    totalAmount: order.total.amount,
    currency: order.total.currency,
    ...(order.description === undefined ? {} : { description: order.description }),
    createdAt: order.createdAt,
  };
}
