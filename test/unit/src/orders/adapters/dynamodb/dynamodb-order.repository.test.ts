import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import {
  DynamoDbOrderRepository,
  PENDING_SHARDS,
  pendingShard,
} from '../../../../../../src/orders/adapters/dynamodb/dynamodb-order.repository';
import { Money } from '../../../../../../src/orders/domain/money.value-object';
import { placeOrder } from '../../../../../../src/orders/domain/order.entity';
import { orderCreated } from '../../../../../../src/orders/domain/order-created';
import {
  OrderAlreadyExistsError,
  OrderStoreUnavailableError,
} from '../../../../../../src/orders/domain/order.errors';

const db = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }), {
  marshallOptions: { removeUndefinedValues: true },
});
const mock = mockClient(db);
const repository = new DynamoDbOrderRepository(db, 'orders-table');
const order = placeOrder({
  id: '9b2e4f1a-7c3d-4e5f-8a6b-1c2d3e4f5a6b',
  customerId: '550e8400-e29b-41d4-a716-446655440000',
  total: Money.of('99.99', 'EUR'),
  description: 'Two books',
  createdAt: new Date('2026-01-20T10:30:00.000Z'),
});
const event = orderCreated(order, 'ana@example.com', '3f0c1d8e-5b7a-4c1e-9d2f-6a8b7c9d0e1f');
const item = {
  id: order.id,
  customerId: order.customerId,
  status: 'PENDING',
  totalAmount: '99.99',
  currency: 'EUR',
  description: 'Two books',
  createdAt: '2026-01-20T10:30:00.000Z',
  eventId: event.eventId,
};

beforeEach(() => mock.reset());

describe('DynamoDbOrderRepository', () => {
  it('stores the order with its event pending, as the exact JSON to publish, never over another order', async () => {
    mock.on(PutCommand).resolves({});

    await repository.add(order, event);

    const input = mock.commandCalls(PutCommand)[0]!.args[0].input;
    expect(input).toEqual({
      TableName: 'orders-table',
      Item: { ...item, pendingEvent: JSON.stringify(event), pendingShard: pendingShard(order.id) },
      ConditionExpression: 'attribute_not_exists(id)',
    });
  });

  it('says so when an order with the id is stored already', async () => {
    mock
      .on(PutCommand)
      .rejects(
        new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }),
      );

    await expect(repository.add(order, event)).rejects.toThrow(OrderAlreadyExistsError);
  });

  it('reads an order back with its event while it is pending, and with its event id once published', async () => {
    mock
      .on(GetCommand)
      .resolves({ Item: { ...item, pendingEvent: JSON.stringify(event), pendingShard: 3 } })
      .on(GetCommand, { Key: { id: 'published' } })
      .resolves({ Item: { ...item, eventPublishedAt: '2026-01-20T10:30:01.000Z' } });

    expect(await repository.findPlaced(order.id)).toEqual({
      order,
      eventId: event.eventId,
      pendingEvent: event,
    });
    expect(await repository.findPlaced('published')).toEqual({ order, eventId: event.eventId });
    expect(mock.commandCalls(GetCommand)[0]!.args[0].input).toMatchObject({ ConsistentRead: true });
  });

  it('finds no placed order under an unknown id', async () => {
    mock.on(GetCommand).resolves({});

    expect(await repository.findPlaced(order.id)).toBeUndefined();
  });

  it('records when the request for the order arrived, for its timeline', async () => {
    mock.on(PutCommand).resolves({});

    await repository.add(order, event, new Date('2026-01-20T10:29:59.990Z'));

    expect(mock.commandCalls(PutCommand)[0]!.args[0].input.Item).toMatchObject({
      requestReceivedAt: '2026-01-20T10:29:59.990Z',
    });
  });

  it('spreads pending orders evenly over the shards of the index, the same shard for an order every time', () => {
    const counts = new Array<number>(PENDING_SHARDS).fill(0);
    for (let i = 0; i < 8000; i++) counts[pendingShard(crypto.randomUUID())]!++;

    expect(pendingShard(order.id)).toBe(pendingShard(order.id));
    for (const count of counts) expect(count).toBeGreaterThan(800);
  });

  it('swaps the pending event for the time it was published and where the bus keeps it, only for that event', async () => {
    mock.on(UpdateCommand).resolves({});

    await repository.markEventPublished(order.id, event.eventId, new Date('2026-01-20T10:30:01.000Z'), {
      partition: 2,
      offset: 41,
      timestamp: new Date('2026-01-20T10:30:00.990Z'),
    });

    expect(mock.commandCalls(UpdateCommand)[0]!.args[0].input).toEqual({
      TableName: 'orders-table',
      Key: { id: order.id },
      UpdateExpression:
        'SET eventPublishedAt = :now, eventPartition = :partition, eventOffset = :offset, eventTimestamp = :timestamp REMOVE pendingEvent, pendingShard',
      ConditionExpression: 'eventId = :eventId',
      ExpressionAttributeValues: {
        ':now': '2026-01-20T10:30:01.000Z',
        ':partition': 2,
        ':offset': 41,
        ':timestamp': '2026-01-20T10:30:00.990Z',
        ':eventId': event.eventId,
      },
    });
  });

  it('reads an order back with its exact amount', async () => {
    mock.on(GetCommand).resolves({ Item: { ...item, eventPublishedAt: '2026-01-20T10:30:01.000Z' } });

    expect(await repository.findById(order.id)).toEqual(order);
    expect(mock.commandCalls(GetCommand)[0]!.args[0].input).toMatchObject({ ConsistentRead: true });
  });

  it('reads the pending events older than the cutoff from every shard of the sparse index, oldest first', async () => {
    const at = (second: number) => `2026-01-20T10:30:${String(second).padStart(2, '0')}.000Z`;
    const pending = (second: number) => ({ ...event, eventId: `event-${second}`, createdAt: at(second) });
    mock
      .on(QueryCommand)
      .resolves({ Items: [] })
      .on(QueryCommand, { ExpressionAttributeValues: { ':shard': 2, ':cutoff': at(40) } })
      .resolves({
        Items: [{ pendingEvent: JSON.stringify(pending(5)) }, { pendingEvent: JSON.stringify(pending(30)) }],
      })
      .on(QueryCommand, { ExpressionAttributeValues: { ':shard': 5, ':cutoff': at(40) } })
      .resolves({ Items: [{ pendingEvent: JSON.stringify(pending(10)) }] });

    const found = await repository.findPendingEvents(new Date(at(40)), 2);

    expect(found).toEqual({ events: [pending(5), pending(10)], more: true });
    const queries = mock.commandCalls(QueryCommand).map((call) => call.args[0].input);
    expect(queries).toHaveLength(PENDING_SHARDS);
    expect(queries.map((q) => q.ExpressionAttributeValues![':shard']).sort()).toEqual([
      0, 1, 2, 3, 4, 5, 6, 7,
    ]);
    expect(queries[0]).toEqual({
      TableName: 'orders-table',
      IndexName: 'pendingEvents',
      KeyConditionExpression: 'pendingShard = :shard AND createdAt < :cutoff',
      ExpressionAttributeValues: { ':shard': 0, ':cutoff': at(40) },
      ProjectionExpression: 'pendingEvent',
      Limit: 2,
    });
  });

  it('says when a shard has more pending events than one page', async () => {
    mock
      .on(QueryCommand)
      .resolves({ Items: [] })
      .on(QueryCommand, { ExpressionAttributeValues: { ':shard': 3, ':cutoff': '2026-01-20T10:31:00.000Z' } })
      .resolves({ Items: [{ pendingEvent: JSON.stringify(event) }], LastEvaluatedKey: { id: order.id } });

    const found = await repository.findPendingEvents(new Date('2026-01-20T10:31:00.000Z'), 1);

    expect(found).toEqual({ events: [event], more: true });
  });

  it('reports an unreachable store as unavailable', async () => {
    mock.on(PutCommand).rejects(Object.assign(new Error('timed out'), { name: 'TimeoutError' }));
    mock.on(GetCommand).rejects(Object.assign(new Error('internal'), { $metadata: { httpStatusCode: 500 } }));
    mock.on(QueryCommand).rejects(Object.assign(new Error('slow down'), { name: 'ThrottlingException' }));

    await expect(repository.add(order, event)).rejects.toThrow(OrderStoreUnavailableError);
    await expect(repository.findById(order.id)).rejects.toThrow(OrderStoreUnavailableError);
    await expect(repository.findPlaced(order.id)).rejects.toThrow(OrderStoreUnavailableError);
    await expect(repository.findPendingEvents(new Date(), 10)).rejects.toThrow(OrderStoreUnavailableError);
  });
});
