import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  PutCommand,
  QueryCommand,
  type DynamoDBDocumentClient,
  type PutCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { NotificationRepositoryPort } from '../../application/ports/notification.repository.port';
import { Notification, type NotificationChannel } from '../../domain/notification.entity';
import {
  NotificationChangedError,
  NotificationStoreUnavailableError,
} from '../../domain/notification.errors';
import { NotificationStatus } from '../../domain/notification-status.value-object';

/** The stored shape: one item per event (key `eventId`), found by order through the `byOrder` index. */
interface NotificationItem {
  eventId: string;
  orderId: string;
  id: string;
  recipient: string;
  channel: NotificationChannel;
  status: string;
  attempts: number;
  providerMessageId?: string;
  sentAt?: string;
  lastError?: string;
  attemptExpiresAt?: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export const BY_ORDER_INDEX = 'byOrder';

/** Notifications in a DynamoDB table, written with optimistic concurrency on `version`. */
export class DynamoDbNotificationRepository implements NotificationRepositoryPort {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async findByEventId(eventId: string): Promise<Notification | undefined> {
    const { Item } = await this.call(() =>
      this.documents.send(
        new GetCommand({ TableName: this.tableName, Key: { eventId }, ConsistentRead: true }),
      ),
    );
    return Item ? fromItem(Item as NotificationItem) : undefined;
  }

  async save(notification: Notification): Promise<Notification> {
    const expected = notification.version;
    const saved = notification.stored(expected + 1);
    // A first save must not overwrite one made meanwhile for the same event; a later one must find the
    // version it read, or someone else has changed the notification since.
    const condition: Partial<PutCommandInput> =
      expected === 0
        ? { ConditionExpression: 'attribute_not_exists(eventId)' }
        : {
            ConditionExpression: '#version = :expected',
            ExpressionAttributeNames: { '#version': 'version' },
            ExpressionAttributeValues: { ':expected': expected },
          };
    try {
      await this.documents.send(
        new PutCommand({ TableName: this.tableName, Item: toItem(saved), ...condition }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new NotificationChangedError(saved.eventId, { cause: error });
      }
      throw unavailable(error);
    }
    return saved;
  }

  async listByOrder(orderId: string): Promise<Notification[]> {
    const items: NotificationItem[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.call(() =>
        this.documents.send(
          new QueryCommand({
            TableName: this.tableName,
            IndexName: BY_ORDER_INDEX,
            KeyConditionExpression: 'orderId = :orderId',
            ExpressionAttributeValues: { ':orderId': orderId },
            ExclusiveStartKey: startKey,
          }),
        ),
      );
      items.push(...((page.Items ?? []) as NotificationItem[]));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return items.map(fromItem).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  }

  private async call<T>(request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      throw unavailable(error);
    }
  }
}

/**
 * Throttling, 5xx, timeouts — and a missing table or a rejected request, which only an operator can fix:
 * all are retried, so no event is dropped while the store is unusable.
 */
function unavailable(error: unknown): NotificationStoreUnavailableError {
  const name = error instanceof Error ? error.name : 'UnknownError';
  return new NotificationStoreUnavailableError(`DynamoDB ${name}`, 5, { cause: error });
}

function toItem(notification: Notification): NotificationItem {
  const n = notification.toProps();
  return {
    eventId: n.eventId,
    orderId: n.orderId,
    id: n.id,
    recipient: n.recipient,
    channel: n.channel,
    status: n.status.value,
    attempts: n.attempts,
    ...optional('providerMessageId', n.providerMessageId),
    ...optional('sentAt', n.sentAt?.toISOString()),
    ...optional('lastError', n.lastError),
    ...optional('attemptExpiresAt', n.attemptExpiresAt?.toISOString()),
    createdAt: n.createdAt.toISOString(),
    updatedAt: n.updatedAt.toISOString(),
    version: n.version,
  };
}

function fromItem(item: NotificationItem): Notification {
  return Notification.restore({
    eventId: item.eventId,
    orderId: item.orderId,
    id: item.id,
    recipient: item.recipient,
    channel: item.channel,
    status: NotificationStatus.from(item.status),
    attempts: item.attempts,
    ...optional('providerMessageId', item.providerMessageId),
    ...optional('sentAt', item.sentAt && new Date(item.sentAt)),
    ...optional('lastError', item.lastError),
    ...optional('attemptExpiresAt', item.attemptExpiresAt && new Date(item.attemptExpiresAt)),
    createdAt: new Date(item.createdAt),
    updatedAt: new Date(item.updatedAt),
    version: item.version,
  });
}

function optional<K extends string, V>(key: K, value: V | undefined | ''): { [P in K]?: V } {
  return (value === undefined || value === '' ? {} : { [key]: value }) as { [P in K]?: V };
}
