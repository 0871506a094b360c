import { Money } from '../../domain/money.value-object';
import { placeOrder, type Order } from '../../domain/order.entity';
import type { OrderCreatedEvent } from '../../../contracts/order-created/order-created.event';
import { orderCreated } from '../../domain/order-created';
import { CustomerNotFoundError } from '../../domain/order.errors';
import { DomainError } from '../../../shared/domain/domain-error';
import { parseId } from '../../../shared/domain/id.value-object';
import type { ClockPort, IdGeneratorPort } from '../../../shared/application/clock.port';
import type { OrderEventPublisherPort } from '../ports/order-event.publisher.port';
import type { OrderRepositoryPort } from '../ports/order.repository.port';
import type { UserDirectoryPort } from '../ports/user-directory.port';

export interface CreateOrderCommand {
  userId: string;
  /** A decimal string ("99.99") or a number (99.99); see Money.of. */
  totalAmount: string | number;
  currency?: string;
  description?: string;
}

export interface CreateOrderResult {
  order: Order;
  event: OrderCreatedEvent;
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
   * @throws InvalidIdError, InvalidAmountError, InvalidCurrencyError, InvalidDescriptionError on bad input.
   * @throws CustomerNotFoundError when user-service does not know the user.
   * @throws UserDirectoryUnavailableError, OrderStoreUnavailableError: nothing was stored.
   */
  async execute(command: CreateOrderCommand): Promise<CreateOrderResult> {
    const order = placeOrder({
      id: this.ids.newId(),
      customerId: parseId(command.userId, 'userId'),
      total: Money.of(command.totalAmount, command.currency),
      description: command.description,
      createdAt: this.clock.now(),
    });
    const customer = await this.directory.findCustomer(order.customerId);
    if (!customer) throw new CustomerNotFoundError(`no user with id ${order.customerId}`, 'userId');
    const event = orderCreated(order, customer.email, this.ids.newId());

    await this.orders.add(order, event);
    try {
      await this.events.publish(event);
    } catch (error) {
      // Only a retriable failure is a delivery problem; anything else is a bug and must surface.
      if (!isRetriable(error)) throw error;
      return { order, event, eventPublished: false, deliveryProblem: error };
    }
    try {
      await this.orders.markEventPublished(order.id, event.eventId, this.clock.now());
    } catch (error) {
      // The order and its event are out: failing now would make the client place it twice. The stale
      // mark costs at most one more publication, which consumers deduplicate by eventId.
      if (!isRetriable(error)) throw error;
      return { order, event, eventPublished: true, deliveryProblem: error };
    }
    return { order, event, eventPublished: true };
  }
}

function isRetriable(error: unknown): error is DomainError {
  return error instanceof DomainError && error.retriable;
}
