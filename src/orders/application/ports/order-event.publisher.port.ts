import type { OrderCreatedEvent } from '../../../contracts/order-created/order-created.event';

/** Announces what happened to orders to whoever listens; order-service does not know who does. */
export interface OrderEventPublisherPort {
  /**
   * Publishes the event durably (acknowledged by every in-sync replica), keyed by its order.
   * @throws EventBusUnavailableError when the event bus cannot take it in time; it may or may not have
   *   arrived, so publishing again is safe only because consumers deduplicate on `eventId`.
   */
  publish(event: OrderCreatedEvent): Promise<void>;
}
