import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { PublishedEvent } from '../../application/ports/order-event.publisher.port';
import type {
  OrderRepositoryPort,
  PendingEvents,
  PlacedOrder,
} from '../../application/ports/order.repository.port';
import { Money } from '../../domain/money.value-object';
import type { Order } from '../../domain/order.entity';
import type { OrderCreatedEvent } from '../../../contracts/order-created/order-created.event';
import { OrderAlreadyExistsError, OrderStoreUnavailableError } from '../../domain/order.errors';
import { isTransientAwsError } from '../../../shared/aws/aws-errors';

/** The sparse index of the orders table that holds only orders whose event is still pending. */
export const PENDING_EVENTS_INDEX = 'pendingEvents';
/**
 * How many partition keys the pending orders are spread over. Every order passes through the index (added
 * with its order, removed once published) and its sort key, `createdAt`, only grows: one key would put
 * all of those writes on one index partition, and a throttled index throttles the table's writes. The
 * reader queries every shard, so raising this needs no migration; lowering it would strand orders.
 */
export const PENDING_SHARDS = 8;

/**
 * Orders in their DynamoDB table (key `id`). The item carries its `OrderCreated` event as
 * `pendingEvent` (the exact JSON to publish) until `markEventPublished` swaps it for
 * `eventPublishedAt`: an item with `pendingEvent` is an event still owed to the bus (docs/order-flow.md).
 * While it is pending the item also has `pendingShard`, which puts it in the sparse index
 * `pendingEvents` (key `pendingShard`, sort key `createdAt`) that the outbox relay reads.
 */
export class DynamoDbOrderRepository implements OrderRepositoryPort {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async add(order: Order, event: OrderCreatedEvent, requestReceivedAt?: Date): Promise<void> {
    try {
      // Never over an existing order: an id derived from a request key comes back with the request, and
      // the first order under it must stay as it was. The SDK's retry of a write that landed also ends
      // here; the use case then finds its own order.
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
            ...(requestReceivedAt ? { requestReceivedAt: requestReceivedAt.toISOString() } : {}),
            pendingShard: pendingShard(order.id),
          },
          ConditionExpression: 'attribute_not_exists(id)',
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new OrderAlreadyExistsError(`an order with id ${order.id} exists`, { cause: error });
      }
      throw translated(error);
    }
  }

  async markEventPublished(
    orderId: string,
    eventId: string,
    publishedAt: Date,
    where: PublishedEvent,
  ): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { id: orderId },
          // Leaving the index with the event: the relay never sees an order published on time.
          UpdateExpression:
            'SET eventPublishedAt = :now, eventPartition = :partition, eventOffset = :offset, eventTimestamp = :timestamp REMOVE pendingEvent, pendingShard',
          ConditionExpression: 'eventId = :eventId',
          ExpressionAttributeValues: {
            ':now': publishedAt.toISOString(),
            ':partition': where.partition,
            ':offset': where.offset,
            ':timestamp': where.timestamp.toISOString(),
            ':eventId': eventId,
          },
        }),
      );
    } catch (error) {
      throw translated(error);
    }
  }

  async findPendingEvents(createdBefore: Date, limit: number): Promise<PendingEvents> {
    const cutoff = createdBefore.toISOString();
    let pages;
    try {
      pages = await Promise.all(
        Array.from({ length: PENDING_SHARDS }, (_, shard) =>
          this.db.send(
            new QueryCommand({
              TableName: this.tableName,
              IndexName: PENDING_EVENTS_INDEX,
              KeyConditionExpression: 'pendingShard = :shard AND createdAt < :cutoff',
              ExpressionAttributeValues: { ':shard': shard, ':cutoff': cutoff },
              ProjectionExpression: 'pendingEvent',
              Limit: limit,
            }),
          ),
        ),
      );
    } catch (error) {
      throw translated(error);
    }
    // Each shard is in createdAt order; the oldest `limit` of all of them are among their first pages.
    const events = pages
      .flatMap((page) => page.Items ?? [])
      .filter((item) => typeof item.pendingEvent === 'string')
      .map((item) => JSON.parse(item.pendingEvent as string) as OrderCreatedEvent)
      .sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
    const more = events.length > limit || pages.some((page) => page.LastEvaluatedKey !== undefined);
    return { events: events.slice(0, limit), more };
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

  async findPlaced(id: string): Promise<PlacedOrder | undefined> {
    let item;
    try {
      ({ Item: item } = await this.db.send(
        new GetCommand({ TableName: this.tableName, Key: { id }, ConsistentRead: true }),
      ));
    } catch (error) {
      throw translated(error);
    }
    if (!item) return undefined;
    return {
      order: toOrder(item),
      eventId: item.eventId as string,
      ...(typeof item.pendingEvent === 'string'
        ? { pendingEvent: JSON.parse(item.pendingEvent) as OrderCreatedEvent }
        : {}),
    };
  }
}

/** The same shard for an order every time, spread evenly over random ids. */
export function pendingShard(orderId: string): number {
  let hash = 0;
  for (const char of orderId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return hash % PENDING_SHARDS;
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
