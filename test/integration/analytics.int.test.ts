/**
 * analytics-service against the real broker and emulator: records produced to a topic shaped like
 * order-events, read back and handed to the handler as Lambda's MSK event source would, counted in a
 * table of this run's own (defined like the real one), the reports read through the HTTP handlers.
 */

import { randomUUID } from 'node:crypto';
import {
  DynamoDBClient,
  GetItemCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { Producer } from 'kafkajs';
import { handler as consumeOrderEvents } from '../../functions/analytics/order-events';
import { handler as customerTotals } from '../../functions/analytics/get-customer-totals';
import { handler as dailyReport } from '../../functions/analytics/get-daily-report';
import { dynamoDb } from '../../src/shared/aws/dynamodb-client';
import { connectedProducer } from '../../src/shared/kafka/kafka-client';
import { localAwsClientConfig, localKafka } from '../../scripts/infra/provision';
import { httpEvent, lambdaContext } from '../support/http-event';
import type { OrderCreatedEvent } from '../../src/contracts/order-created/order-created.event';
import { newOrderCreated } from '../unit/fakes/order-events';
import { useFunctionEnvironment } from './support/function-environment';
import { endOffsets, readFrom, type ReadRecord } from './support/kafka';
import { mskEventOf } from './support/kafka-event';
import { createTableLike, deleteTables } from './support/tables';
import { createTopic, deleteTopics } from './support/topics';

let ORDER_EVENTS: string;
let DLQ: string;
let TABLE: string;

const orderCreated = (overrides: Partial<OrderCreatedEvent>) =>
  newOrderCreated({ totalAmount: '10.00', createdAt: '2026-03-01T12:00:00.000Z', ...overrides }, 'analytics');

async function report(from: string, to: string) {
  const result = (await dailyReport(
    { ...httpEvent({ routeKey: 'GET /api/analytics/daily' }), queryStringParameters: { from, to } } as never,
    lambdaContext('dailyReport'),
  )) as APIGatewayProxyStructuredResultV2;
  return { status: result.statusCode, body: JSON.parse(result.body as string) };
}

async function customer(id: string) {
  const result = (await customerTotals(
    httpEvent({ routeKey: 'GET /api/analytics/customers/{id}', pathParameters: { id } }) as never,
    lambdaContext('customerTotals'),
  )) as APIGatewayProxyStructuredResultV2;
  return JSON.parse(result.body as string);
}

describe('analytics (order-events → counters → reports)', () => {
  let producer: Producer;

  beforeAll(async () => {
    ORDER_EVENTS = await createTopic('order-events-analytics-test');
    DLQ = await createTopic('order-events.dlq-analytics-test');
    TABLE = await createTableLike('order-system-local-analytics', 'analytics-test');
    process.env.ORDER_EVENTS_DLQ_TOPIC = DLQ;
    process.env.ANALYTICS_TABLE = TABLE;
    useFunctionEnvironment('analytics');
    producer = localKafka('analytics-test-producer').producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
  });

  afterAll(async () => {
    await producer.disconnect();
    await (await connectedProducer()).disconnect();
    dynamoDb().destroy();
    await deleteTopics(ORDER_EVENTS, DLQ);
    await deleteTables(TABLE);
  });

  async function produceAndRead(values: string[]): Promise<ReadRecord[]> {
    const from = await endOffsets(ORDER_EVENTS);
    const key = randomUUID();
    await producer.send({ topic: ORDER_EVENTS, acks: -1, messages: values.map((value) => ({ key, value })) });
    const ours = (records: ReadRecord[]) => records.filter((r) => r.message.key?.toString() === key);
    return ours(await readFrom(ORDER_EVENTS, from, (all) => ours(all).length === values.length));
  }

  it('the emulator cancels a whole transaction when its condition fails, and says which item failed', async () => {
    // The exactly-once counting rests on this: the mark and the counters move together or not at all.
    const dynamodb = new DynamoDBClient(localAwsClientConfig());
    const mark = { pk: { S: `EVENT#${randomUUID()}` }, sk: { S: 'COUNTED' } };
    const counter = { pk: { S: `MONTH#probe-${randomUUID()}` }, sk: { S: 'DAY#probe' } };
    const transaction = new TransactWriteItemsCommand({
      TransactItems: [
        { Put: { TableName: TABLE, Item: mark, ConditionExpression: 'attribute_not_exists(pk)' } },
        {
          Update: {
            TableName: TABLE,
            Key: counter,
            UpdateExpression: 'ADD #orders :one',
            ExpressionAttributeNames: { '#orders': 'orders' },
            ExpressionAttributeValues: { ':one': { N: '1' } },
          },
        },
      ],
    });
    try {
      await dynamodb.send(transaction);
      const error = await dynamodb.send(transaction).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(TransactionCanceledException);
      expect((error as TransactionCanceledException).CancellationReasons?.map((r) => r.Code)).toEqual([
        'ConditionalCheckFailed',
        'None',
      ]);
      const { Item } = await dynamodb.send(
        new GetItemCommand({ TableName: TABLE, Key: counter, ConsistentRead: true }),
      );
      expect(Item?.orders).toEqual({ N: '1' });
    } finally {
      dynamodb.destroy();
    }
  });

  it('counts each order exactly once when a batch is delivered again and an event is published twice', async () => {
    const customerId = randomUUID();
    const events = [
      orderCreated({ customerId, createdAt: '2026-03-01T00:00:00.000Z', totalAmount: '0.10' }),
      orderCreated({ customerId, createdAt: '2026-03-01T23:59:59.999Z', totalAmount: '0.20' }),
      orderCreated({ customerId, createdAt: '2026-03-02T08:00:00.000Z', totalAmount: '99999.99' }),
      orderCreated({ createdAt: '2026-03-02T09:00:00.000Z', totalAmount: '5.00', currency: 'USD' }),
    ];
    // The first event twice at two offsets: what a producer retry after a lost acknowledgement leaves.
    const records = await produceAndRead([...events, events[0]!].map((e) => JSON.stringify(e)));
    expect(records).toHaveLength(5);

    for (let delivery = 0; delivery < 2; delivery++) {
      expect(await consumeOrderEvents(mskEventOf(ORDER_EVENTS, records), lambdaContext('analytics'))).toEqual(
        {
          batchItemFailures: [],
        },
      );
    }

    expect(await report('2026-03-01', '2026-03-02')).toEqual({
      status: 200,
      body: {
        from: '2026-03-01',
        to: '2026-03-02',
        days: [
          { date: '2026-03-01', currency: 'EUR', orders: 2, revenue: '0.30' },
          { date: '2026-03-02', currency: 'EUR', orders: 1, revenue: '99999.99' },
          { date: '2026-03-02', currency: 'USD', orders: 1, revenue: '5.00' },
        ],
        totals: [
          { currency: 'EUR', orders: 3, revenue: '100000.29' },
          { currency: 'USD', orders: 1, revenue: '5.00' },
        ],
      },
    });
    expect(await customer(customerId.toUpperCase())).toEqual({
      customerId,
      totals: [{ currency: 'EUR', orders: 3, revenue: '100000.29' }],
    });
  });

  it('sets a poison record aside on the dead-letter topic as analytics-service, and counts the next', async () => {
    const event = orderCreated({ createdAt: '2026-04-01T10:00:00.000Z' });
    const dlqFrom = await endOffsets(DLQ);
    const records = await produceAndRead(['{"eventType":"OrderCreated", not JSON', JSON.stringify(event)]);

    expect(await consumeOrderEvents(mskEventOf(ORDER_EVENTS, records), lambdaContext('analytics'))).toEqual({
      batchItemFailures: [],
    });

    const key = records[0]!.message.key!.toString();
    const [dead] = (
      await readFrom(DLQ, dlqFrom, (all) => all.some((r) => r.message.key?.toString() === key))
    ).filter((r) => r.message.key?.toString() === key);
    expect(String(dead!.message.headers!['dlq-consumer'])).toBe('analytics-service');
    expect(String(dead!.message.headers!['dlq-reason'])).toBe('MALFORMED_EVENT');
    expect((await report('2026-04-01', '2026-04-01')).body.totals).toEqual([
      { currency: 'EUR', orders: 1, revenue: '10.00' },
    ]);
  });
});
