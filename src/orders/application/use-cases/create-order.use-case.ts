import { Money } from '../../domain/money.value-object';
import { placeOrder, type Order } from '../../domain/order.entity';
import type { OrderCreatedEvent } from '../../../contracts/order-created/order-created.event';
import { orderCreated } from '../../domain/order-created';
import {
  CustomerNotFoundError,
  OrderAlreadyExistsError,
  RequestKeyReusedError,
} from '../../domain/order.errors';
import { DomainError } from '../../../shared/domain/domain-error';
import { parseId } from '../../../shared/domain/id.value-object';
import { nameBasedId } from '../../../shared/application/name-based-id';
import type { ClockPort, IdGeneratorPort } from '../../../shared/application/clock.port';
import type { OrderEventPublisherPort, PublishedEvent } from '../ports/order-event.publisher.port';
import type { OrderRepositoryPort, PlacedOrder } from '../ports/order.repository.port';
import type { UserDirectoryPort } from '../ports/user-directory.port';

/**
 * The namespace of the ids derived from a client's request key. A fixed random UUID: changing it would
 * give a key that already placed an order a new id, and so a second order.
 */
const REQUEST_KEY_IDS = '2f0a3c56-8d1e-4b7a-9c35-6e1f0d4b8a27';
/** What a request key is a key of: the operation, as the API names it (its key's scope). */
const REQUEST_KEY_SCOPE = 'POST /api/orders';

export interface CreateOrderCommand {
  userId: string;
  /** A decimal string ("99.99") or a number (99.99); see Money.of. */
  totalAmount: string | number;
  currency?: string;
  description?: string;
  /** When the request reached the API, if the transport says: recorded with the order, for tracing. */
  requestReceivedAt?: Date;
  /**
   * The client's key for this request (its Idempotency-Key), if it sent one: the order's and its event's
   * ids are derived from it, so the request sent again finds the order it placed instead of placing another.
   */
  requestKey?: string;
}

export interface CreateOrderResult {
  order: Order;
  /** The id of the order's `OrderCreated`. */
  eventId: string;
  /**
   * Whether the order was placed by an earlier run of the same request (same key, same order) and is
   * answered again rather than placed now.
   */
  placedBefore: boolean;
  /**
   * Whether the event reached the event bus now. When it did not, it is stored with the order and still
   * pending: the order exists either way (docs/order-flow.md).
   */
  eventPublished: boolean;
  /** Why the event is still pending, or why it could not be marked published. */
  deliveryProblem?: DomainError;
}

/** Places an order for a known customer and announces it with `OrderCreated`. */
export class CreateOrderUseCase {
  constructor(
    private readonly orders: OrderRepositoryPort,
    private readonly directory: UserDirectoryPort,
    private readonly events: OrderEventPublisherPort,
    private readonly clock: ClockPort,
    private readonly ids: IdGeneratorPort,
  ) {}

  /**
   * Validates everything before asking user-service, stores the order with its event in one write, then
   * publishes the event. An event bus that is down does not fail the order: the event stays pending.
   * With a request key, an order that an earlier run of the same request stored is answered instead (its
   * event published now if it is still pending); nothing new is stored.
   * @throws InvalidIdError, InvalidAmountError, InvalidCurrencyError, InvalidDescriptionError on bad input.
   * @throws CustomerNotFoundError when user-service does not know the user.
   * @throws RequestKeyReusedError when the request key placed another order; nothing was stored.
   * @throws UserDirectoryUnavailableError, OrderStoreUnavailableError: nothing was stored.
   */
  async execute(command: CreateOrderCommand): Promise<CreateOrderResult> {
    const ids = this.idsFor(command.requestKey);
    const order = placeOrder({
      id: ids.orderId,
      customerId: parseId(command.userId, 'userId'),
      total: Money.of(command.totalAmount, command.currency),
      description: command.description,
      createdAt: this.clock.now(),
    });
    const customer = await this.directory.findCustomer(order.customerId);
    if (!customer) throw new CustomerNotFoundError(`no user with id ${order.customerId}`, 'userId');
    const event = orderCreated(order, customer.email, ids.eventId);

    try {
      await this.orders.add(order, event, command.requestReceivedAt);
    } catch (error) {
      if (!(error instanceof OrderAlreadyExistsError)) throw error;
      return this.resume(order, command.requestKey, error);
    }
    return { ...(await this.announce(order, event)), placedBefore: false };
  }

  /**
   * Random ids without a request key; with one, the ids that key always gets. The key comes last in each
   * name, after a fixed prefix, so no two (purpose, key) pairs share a name.
   */
  private idsFor(requestKey: string | undefined): { orderId: string; eventId: string } {
    if (requestKey === undefined) return { orderId: this.ids.newId(), eventId: this.ids.newId() };
    return {
      orderId: nameBasedId(REQUEST_KEY_IDS, `${REQUEST_KEY_SCOPE}\norder\n${requestKey}`),
      eventId: nameBasedId(REQUEST_KEY_IDS, `${REQUEST_KEY_SCOPE}\nOrderCreated\n${requestKey}`),
    };
  }

  /**
   * The order's id is taken: an earlier run of this request stored it (the same key after a crash, or the
   * SDK's retry of a write that landed). The same order is answered as it was stored, and its event, if
   * still pending, is published now with its own eventId (consumers deduplicate, so racing the outbox relay
   * is harmless). Another order under the id is the key reused for another request.
   */
  private async resume(
    order: Order,
    requestKey: string | undefined,
    taken: OrderAlreadyExistsError,
  ): Promise<CreateOrderResult> {
    const placed = await this.orders.findPlaced(order.id);
    if (!placed) throw taken;
    if (!isSameOrder(placed.order, order)) {
      if (requestKey === undefined) throw taken;
      throw new RequestKeyReusedError('this request key already placed a different order', 'requestKey');
    }
    return { ...(await this.announceIfPending(placed)), placedBefore: true };
  }

  private async announceIfPending({ order, eventId, pendingEvent }: PlacedOrder) {
    if (!pendingEvent) return { order, eventId, eventPublished: true };
    return this.announce(order, pendingEvent);
  }

  /** Publishes the stored event and marks it published; a bus that is down leaves it to the outbox relay. */
  private async announce(
    order: Order,
    event: OrderCreatedEvent,
  ): Promise<Omit<CreateOrderResult, 'placedBefore'>> {
    const answer = { order, eventId: event.eventId };
    let where: PublishedEvent;
    try {
      where = await this.events.publish(event);
    } catch (error) {
      // Only a retriable failure is a delivery problem; anything else is a bug and must surface.
      if (!isRetriable(error)) throw error;
      return { ...answer, eventPublished: false, deliveryProblem: error };
    }
    try {
      await this.orders.markEventPublished(order.id, event.eventId, this.clock.now(), where);
    } catch (error) {
      // The order and its event are out: failing now would make the client place it twice. The stale
      // mark costs at most one more publication, which consumers deduplicate by eventId.
      if (!isRetriable(error)) throw error;
      return { ...answer, eventPublished: true, deliveryProblem: error };
    }
    return { ...answer, eventPublished: true };
  }
}

/** The same order as far as its customer is concerned: whose, how much, in what, for what. */
function isSameOrder(stored: Order, requested: Order): boolean {
  return (
    stored.customerId === requested.customerId &&
    stored.total.cents === requested.total.cents &&
    stored.total.currency === requested.total.currency &&
    stored.description === requested.description
  );
}

function isRetriable(error: unknown): error is DomainError {
  return error instanceof DomainError && error.retriable;
}
