import type { Order } from '../../domain/order.entity';
import type { OrderCreatedEvent } from '../../../contracts/order-created/order-created.event';
import type { PublishedEvent } from './order-event.publisher.port';

export interface PendingEvents {
  /** Oldest first: each exactly as stored with its order. */
  events: OrderCreatedEvent[];
  /** Whether more events were pending than `limit`. */
  more: boolean;
}

/** A stored order with its `OrderCreated`: the event itself while it is still pending, its id always. */
export interface PlacedOrder {
  order: Order;
  eventId: string;
  /** The event exactly as stored, while it is still owed to the event bus. */
  pendingEvent?: OrderCreatedEvent;
}

/**
 * Where orders are kept, each with the event that announces it until that event is published: the order
 * and its event are stored in one write, so neither exists without the other.
 */
export interface OrderRepositoryPort {
  /**
   * Stores a new order and its pending `OrderCreated` event, with when the request for it arrived.
   * @throws OrderAlreadyExistsError when an order with this id is stored already; nothing was written.
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

  /**
   * The order with this id with its event, or undefined; read consistently, so an order just added is found.
   * @throws OrderStoreUnavailableError
   */
  findPlaced(id: string): Promise<PlacedOrder | undefined>;
}
