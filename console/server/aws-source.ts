import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { readCapturedEmails } from '../../scripts/infra/captured-emails';
import { localAwsClientConfig } from '../../scripts/infra/provision';
import { countedMarkKey } from '../../src/analytics/adapters/dynamodb/dynamodb-order-statistics.repository';
import type { CapturedEmailInfo, EmailSource, StoredNotification, StoredOrder, TableSource } from './sources';

/** The notifications table's index by order (serverless.yml). */
const BY_ORDER = 'byOrder';

/** Reads the orders, notifications and analytics tables of the local emulator; never writes. */
export class DynamoDbTables implements TableSource {
  private readonly documents: DynamoDBDocumentClient;

  constructor(
    endpoint: string,
    private readonly tables: { orders: string; notifications: string; analytics: string },
  ) {
    this.documents = DynamoDBDocumentClient.from(new DynamoDBClient(localAwsClientConfig(endpoint)));
  }

  async order(orderId: string): Promise<StoredOrder | undefined> {
    const { Item } = await this.documents.send(
      new GetCommand({ TableName: this.tables.orders, Key: { id: orderId }, ConsistentRead: true }),
    );
    return Item as StoredOrder | undefined;
  }

  async notifications(orderId: string): Promise<StoredNotification[]> {
    const { Items } = await this.documents.send(
      new QueryCommand({
        TableName: this.tables.notifications,
        IndexName: BY_ORDER,
        KeyConditionExpression: 'orderId = :orderId',
        ExpressionAttributeValues: { ':orderId': orderId },
      }),
    );
    return ((Items ?? []) as StoredNotification[]).sort((a, b) =>
      (a.createdAt ?? '').localeCompare(b.createdAt ?? ''),
    );
  }

  async countedAt(eventId: string): Promise<string | undefined> {
    const { Item } = await this.documents.send(
      new GetCommand({
        TableName: this.tables.analytics,
        Key: countedMarkKey(eventId),
        ConsistentRead: true,
      }),
    );
    return typeof Item?.countedAt === 'string' ? Item.countedAt : undefined;
  }

  close(): void {
    this.documents.destroy();
  }
}

/**
 * The emulator's captured emails, read at most once per `ttlMs` however many pages and timelines ask:
 * the emulator answers with every email it holds, bodies included.
 */
export class CapturedEmails implements EmailSource {
  private cached?: { at: number; emails: Promise<CapturedEmailInfo[]> };

  constructor(
    private readonly endpoint: string,
    private readonly ttlMs = 900,
    private readonly read: (endpoint: string) => Promise<CapturedEmailInfo[]> = readCapturedEmails,
  ) {}

  emails(): Promise<CapturedEmailInfo[]> {
    const now = Date.now();
    if (!this.cached || now - this.cached.at >= this.ttlMs) {
      const emails = this.read(this.endpoint);
      this.cached = { at: now, emails };
      emails.catch(() => {
        if (this.cached?.emails === emails) this.cached = undefined;
      });
    }
    return this.cached.emails;
  }
}
