import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { OrderCreatedEvent } from '../../src/contracts/order-created/order-created.event';
import type { UserDirectoryPort } from '../../src/orders/application/ports/user-directory.port';
import { Money } from '../../src/orders/domain/money.value-object';
import { orderCreated } from '../../src/orders/domain/order-created';
import { placeOrder, type Order } from '../../src/orders/domain/order.entity';
import { CustomerNotFoundError, OrderStoreUnavailableError } from '../../src/orders/domain/order.errors';
import type { ClockPort, IdGeneratorPort } from '../../src/shared/application/clock.port';
import { isTransientAwsError } from '../../src/shared/aws/aws-errors';
import { DependencyUnavailableError } from '../../src/shared/domain/domain-error';
import { parseId } from '../../src/shared/domain/id.value-object';

/**
 * The synchronous "before" of order creation, for the benchmark only: the same checks and the same order as
 * the event-driven create-order, but instead of publishing an event it calls notification-service and
 * waits until the email was sent. A slow mail provider makes every order slow; notification-service down
 * makes every order fail.
 */
export interface NotificationServicePort {
  /** Resolves once the customer's email was sent. @throws NotificationServiceUnavailableError */
  notify(event: OrderCreatedEvent): Promise<void>;
}

export class NotificationServiceUnavailableError extends DependencyUnavailableError {
  readonly code = 'NOTIFICATION_SERVICE_UNAVAILABLE';
}

export class CreateOrderSynchronously {
  constructor(
    private readonly store: (order: Order) => Promise<void>,
    private readonly directory: UserDirectoryPort,
    private readonly notifications: NotificationServicePort,
    private readonly clock: ClockPort,
    private readonly ids: IdGeneratorPort,
  ) {}

  async execute(command: {
    userId: string;
    totalAmount: string | number;
    currency?: string;
    description?: string;
  }): Promise<Order> {
    const order = placeOrder({
      id: this.ids.newId(),
      customerId: parseId(command.userId, 'userId'),
      total: Money.of(command.totalAmount, command.currency),
      description: command.description,
      createdAt: this.clock.now(),
    });
    const customer = await this.directory.findCustomer(order.customerId);
    if (!customer) throw new CustomerNotFoundError(`no user with id ${order.customerId}`, 'userId');
    await this.store(order);
    await this.notifications.notify(orderCreated(order, customer.email, this.ids.newId()));
    return order;
  }
}

/** The order alone in its table: in this design nothing is owed to an event bus. */
export function dynamoDbOrderStore(db: DynamoDBDocumentClient, tableName: string) {
  return async (order: Order): Promise<void> => {
    try {
      await db.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            id: order.id,
            customerId: order.customerId,
            status: order.status,
            totalAmount: order.total.amount,
            currency: order.total.currency,
            description: order.description,
            createdAt: order.createdAt,
          },
        }),
      );
    } catch (error) {
      if (!isTransientAwsError(error)) throw error;
      throw new OrderStoreUnavailableError('the order store is unavailable', 5, { cause: error });
    }
  };
}

/** `POST {baseUrl}/sync/notifications` with the event; one attempt, bounded by `timeoutMs`. */
export function httpNotificationService(baseUrl: string, timeoutMs: number): NotificationServicePort {
  return {
    async notify(event) {
      let status: number;
      try {
        const response = await fetch(new URL('/sync/notifications', baseUrl), {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(event),
          signal: AbortSignal.timeout(timeoutMs),
        });
        status = response.status;
        await response.body?.cancel();
      } catch (error) {
        const timedOut = (error as { name?: unknown } | null)?.name === 'TimeoutError';
        throw new NotificationServiceUnavailableError(
          `notification-service ${timedOut ? 'timed out' : 'failed'}`,
          5,
          { cause: error },
        );
      }
      if (status !== 200)
        throw new NotificationServiceUnavailableError(`notification-service answered ${status}`, 5);
    },
  };
}
