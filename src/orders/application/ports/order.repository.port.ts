import type { Order } from '../../domain/order.entity';
import type { OrderCreatedEvent } from '../../../contracts/order-created/order-created.event';
import type { PublishedEvent } from './order-event.publisher.port';

/**
 * Where orders are kept, each with the event that announces it until that event is published: the order
 * and its event are stored in one write, so neither exists without the other.
 */
export interface OrderRepositoryPort {
  /**
   * Stores a new order and its pending `OrderCreated` event, with when the request for it arrived.
   * @throws OrderStoreUnavailableError when the store cannot be reached; nothing was stored.
   */
  add(order: Order, event: OrderCreatedEvent, requestReceivedAt?: Date): Promise<void>;

  /**
   * Records that the order's event reached the event bus, so it is not published again, and where the
   * bus keeps it.
   * @throws OrderStoreUnavailableError
   */
  markEventPublished(
    orderId: string,
    eventId: string,
    publishedAt: Date,
    where: PublishedEvent,
  ): Promise<void>;

  /**
   * The order with this id, or undefined.
   * @throws OrderStoreUnavailableError
   */
  findById(id: string): Promise<Order | undefined>;
}
