import type { Order } from '../../domain/order.entity';
import type { OrderCreatedEvent } from '../../../contracts/order-created/order-created.event';

export interface PendingEvents {
  /** Oldest first: each exactly as stored with its order. */
  events: OrderCreatedEvent[];
  /** Whether more events were pending than `limit`. */
  more: boolean;
}

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
   * Events still owed to the event bus whose orders were created before `createdBefore`, oldest first, at
   * most `limit` of them; `more` says whether others are owed too. Orders younger than that may still be
   * publishing their own event, so callers pick a cutoff past the longest a creation can take.
   * @throws OrderStoreUnavailableError
   */
  findPendingEvents(createdBefore: Date, limit: number): Promise<PendingEvents>;

  /**
   * The order with this id, or undefined.
   * @throws OrderStoreUnavailableError
   */
  findById(id: string): Promise<Order | undefined>;
}
