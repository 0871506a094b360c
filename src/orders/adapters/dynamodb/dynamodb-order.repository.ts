import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { OrderRepositoryPort } from '../../application/ports/order.repository.port';
import { Money } from '../../domain/money.value-object';
import type { Order } from '../../domain/order.entity';
import type { OrderCreatedEvent } from '../../../contracts/order-created/order-created.event';
import { OrderStoreUnavailableError } from '../../domain/order.errors';
import { isTransientAwsError } from '../../../shared/aws/aws-errors';

/**
 * Orders in their DynamoDB table (key `id`). The item carries its `OrderCreated` event as
 * `pendingEvent` (the exact JSON to publish) until `markEventPublished` swaps it for
 * `eventPublishedAt`: an item with `pendingEvent` is an event still owed to the bus (docs/order-flow.md).
 */
export class DynamoDbOrderRepository implements OrderRepositoryPort {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async add(order: Order, event: OrderCreatedEvent): Promise<void> {
    try {
      // No attribute_not_exists(id) guard: ids are random UUIDs, and the guard would turn the SDK's
      // retry of a write that landed into a spurious failure.
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            id: order.id,
            customerId: order.customerId,
            status: order.status,
            totalAmount: order.total.amount,
            currency: order.total.currency,
            description: order.description,
            createdAt: order.createdAt,
            eventId: event.eventId,
            pendingEvent: JSON.stringify(event),
          },
        }),
      );
    } catch (error) {
      throw translated(error);
    }
  }

  async markEventPublished(orderId: string, eventId: string, publishedAt: Date): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { id: orderId },
          UpdateExpression: 'SET eventPublishedAt = :now REMOVE pendingEvent',
          ConditionExpression: 'eventId = :eventId',
          ExpressionAttributeValues: {
            ':now': publishedAt.toISOString(),
            ':eventId': eventId,
          },
        }),
      );
    } catch (error) {
      throw translated(error);
    }
  }

  async findById(id: string): Promise<Order | undefined> {
    try {
      const { Item } = await this.db.send(
        new GetCommand({ TableName: this.tableName, Key: { id }, ConsistentRead: true }),
      );
      return Item ? toOrder(Item) : undefined;
    } catch (error) {
      throw translated(error);
    }
  }
}

function toOrder(item: Record<string, unknown>): Order {
  const { id, customerId, status, totalAmount, currency, description, createdAt } = item as Record<
    string,
    string
  >;
  return {
    id: id!,
    customerId: customerId!,
    status: status as Order['status'],
    total: Money.of(totalAmount!, currency!),
    ...(description === undefined ? {} : { description }),
    createdAt: createdAt!,
  };
}

function translated(error: unknown): unknown {
  return isTransientAwsError(error)
    ? new OrderStoreUnavailableError('the order store is unavailable', 5, { cause: error })
    : error;
}
