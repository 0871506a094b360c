import type { OrderCreatedEvent } from '../../../contracts/order-created/order-created.event';

/**
 * Where and when the event bus stored an event, as it said when it acknowledged it: recorded with the
 * order so that the order's way through the system can be traced (the console's timeline).
 */
export interface PublishedEvent {
  /** The partition of the topic (its log) the event went to, and its position there. */
  partition: number;
  offset: number;
  /** The timestamp the event carries on the bus. */
  timestamp: Date;
}

/** Announces what happened to orders to whoever listens; order-service does not know who does. */
export interface OrderEventPublisherPort {
  /**
   * Publishes the event durably (acknowledged by every in-sync replica), keyed by its order.
   * @returns where the bus stored it
   * @throws EventBusUnavailableError when the event bus cannot take it in time; it may or may not have
   *   arrived, so publishing again is safe only because consumers deduplicate on `eventId`.
   */
  publish(event: OrderCreatedEvent): Promise<PublishedEvent>;
}
