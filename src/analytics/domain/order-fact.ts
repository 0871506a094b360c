import type { OrderCreatedEvent } from '../../contracts/order-created/order-created.event';
import { centsOf, type Cents } from './revenue.value-object';

/** What analytics keeps of one order: enough to count it once, by UTC day, currency and customer. */
export interface OrderFact {
  /** The event's id: an order is counted once per event, however often the event is delivered. */
  eventId: string;
  orderId: string;
  customerId: string;
  /** The UTC day the order was created, YYYY-MM-DD. */
  day: string;
  currency: string;
  amount: Cents;
}

export function orderFactOf(event: OrderCreatedEvent): OrderFact {
  return {
    eventId: event.eventId,
    orderId: event.orderId,
    customerId: event.customerId,
    // createdAt is UTC with a Z (the contract): its first ten characters are the UTC day.
    day: event.createdAt.slice(0, 10),
    currency: event.currency,
    amount: centsOf(event.totalAmount),
  };
}

/** How many orders, and how much revenue, in one currency. */
export interface Totals {
  currency: string;
  orders: number;
  revenue: Cents;
}

/** The totals of one UTC day in one currency. */
export interface DailyTotals extends Totals {
  day: string;
}
