import type { Order } from '../../domain/order.entity';
import type { OrderCreatedEvent } from '../../../contracts/order-created/order-created.event';

/**
 * Where orders are kept, each with the event that announces it until that event is published: the order
 * and its event are stored in one write, so neither exists without the other.
 */
export interface OrderRepositoryPort {
  /**
   * Stores a new order and its pending `OrderCreated` event.
   * @throws OrderStoreUnavailableError when the store cannot be reached; nothing was stored.
   */
  add(order: Order, event: OrderCreatedEvent): Promise<void>;

  /**
   * Records that the order's event reached the event bus, so it is not published again.
   * @throws OrderStoreUnavailableError
   */
  markEventPublished(orderId: string, eventId: string, publishedAt: Date): Promise<void>;

  /**
   * The order with this id, or undefined.
   * @throws OrderStoreUnavailableError
   */
  findById(id: string): Promise<Order | undefined>;
}
