import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDbNotificationRepository } from '../../../../../../src/notifications/adapters/dynamodb/dynamodb-notification.repository';
import { Notification } from '../../../../../../src/notifications/domain/notification.entity';
import {
  NotificationChangedError,
  NotificationStoreUnavailableError,
} from '../../../../../../src/notifications/domain/notification.errors';

const TABLE = 'order-system-test-notifications';
const t0 = new Date('2026-01-20T10:30:00.000Z');
const fresh = (eventId = 'e-1', now = t0) =>
  Notification.create({
    id: 'n-1',
    eventId,
    orderId: 'o-1',
    recipient: 'user@email.com',
    channel: 'EMAIL',
    now,
  });

describe('DynamoDbNotificationRepository', () => {
  const documents = mockClient(DynamoDBDocumentClient);
  const repository = new DynamoDbNotificationRepository(
    DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' })),
    TABLE,
  );

  beforeEach(() => documents.reset());

  it('creates a new notification only if none exists for the event, as version 1', async () => {
    documents.on(PutCommand).resolves({});
    const claimed = fresh().startAttempt(t0, 60_000);

    const saved = await repository.save(claimed);

    expect(saved.version).toBe(1);
    expect(documents.commandCalls(PutCommand)[0]!.args[0].input).toEqual({
      TableName: TABLE,
      ConditionExpression: 'attribute_not_exists(eventId)',
      Item: {
        eventId: 'e-1',
        orderId: 'o-1',
        id: 'n-1',
        recipient: 'user@email.com',
        channel: 'EMAIL',
        status: 'PENDING',
        attempts: 1,
        attemptExpiresAt: '2026-01-20T10:31:00.000Z',
        createdAt: '2026-01-20T10:30:00.000Z',
        updatedAt: '2026-01-20T10:30:00.000Z',
        version: 1,
      },
    });
  });

  it('updates only the version it read, and stores the next one', async () => {
    documents.on(PutCommand).resolves({});
    const stored = fresh().stored(3);

    const saved = await repository.save(stored.markSent('ses-1', t0));

    const input = documents.commandCalls(PutCommand)[0]!.args[0].input;
    expect(input).toMatchObject({
      ConditionExpression: '#version = :expected',
      ExpressionAttributeNames: { '#version': 'version' },
      ExpressionAttributeValues: { ':expected': 3 },
      Item: { status: 'SENT', providerMessageId: 'ses-1', sentAt: t0.toISOString(), version: 4 },
    });
    expect(saved.version).toBe(4);
  });

  it('reports a failed condition as a change made by someone else', async () => {
    documents
      .on(PutCommand)
      .rejects(
        new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }),
      );

    await expect(repository.save(fresh())).rejects.toBeInstanceOf(NotificationChangedError);
  });

  it('reports any other DynamoDB failure as the store being unavailable, retriably', async () => {
    documents
      .on(GetCommand)
      .rejects(Object.assign(new Error('Rate exceeded'), { name: 'ProvisionedThroughputExceededException' }));

    const failure = await repository.findByEventId('e-1').catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(NotificationStoreUnavailableError);
    expect(failure).toMatchObject({
      retriable: true,
      message: 'DynamoDB ProvisionedThroughputExceededException',
    });
  });

  it('reads a notification back by event, strongly consistent, as it was stored', async () => {
    const item = {
      eventId: 'e-1',
      orderId: 'o-1',
      id: 'n-1',
      recipient: 'user@email.com',
      channel: 'EMAIL',
      status: 'FAILED',
      attempts: 2,
      lastError: 'SES MessageRejected',
      createdAt: '2026-01-20T10:30:00.000Z',
      updatedAt: '2026-01-20T10:30:02.000Z',
      version: 3,
    };
    documents
      .on(GetCommand, { TableName: TABLE, Key: { eventId: 'e-1' }, ConsistentRead: true })
      .resolves({ Item: item });

    const found = await repository.findByEventId('e-1');

    expect(found?.status.value).toBe('FAILED');
    expect(found?.toProps()).toMatchObject({
      attempts: 2,
      lastError: 'SES MessageRejected',
      updatedAt: new Date('2026-01-20T10:30:02.000Z'),
      version: 3,
    });
    expect(found?.sentAt).toBeUndefined();
  });

  it('answers undefined for an event with no notification', async () => {
    documents.on(GetCommand).resolves({});

    expect(await repository.findByEventId('e-404')).toBeUndefined();
  });

  it('lists the notifications of an order through the byOrder index, every page, oldest first', async () => {
    const item = (eventId: string, createdAt: string) => ({
      eventId,
      orderId: 'o-1',
      id: `n-${eventId}`,
      recipient: 'user@email.com',
      channel: 'EMAIL',
      status: 'SENT',
      attempts: 1,
      createdAt,
      updatedAt: createdAt,
      version: 2,
    });
    documents
      .on(QueryCommand)
      .resolvesOnce({
        Items: [item('e-2', '2026-01-20T10:35:00.000Z')],
        LastEvaluatedKey: { eventId: 'e-2' },
      })
      .resolvesOnce({ Items: [item('e-1', '2026-01-20T10:30:00.000Z')] });

    const listed = await repository.listByOrder('o-1');

    expect(listed.map((n) => n.eventId)).toEqual(['e-1', 'e-2']);
    const calls = documents.commandCalls(QueryCommand).map((call) => call.args[0].input);
    expect(calls[0]).toMatchObject({
      TableName: TABLE,
      IndexName: 'byOrder',
      KeyConditionExpression: 'orderId = :orderId',
      ExpressionAttributeValues: { ':orderId': 'o-1' },
    });
    expect(calls[1]!.ExclusiveStartKey).toEqual({ eventId: 'e-2' });
  });
});
