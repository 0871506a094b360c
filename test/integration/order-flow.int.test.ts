/**
 * The order flow through the real handlers, each a cold-started container with only its serverless.yml
 * environment: user-service served over real HTTP on an ephemeral port, order-service calling it,
 * DynamoDB in the emulator, OrderCreated on the real broker — on a topic of this run's own, shaped like
 * order-events, so `npm run dev` never consumes the test's orders.
 */

import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { Partitioners } from 'kafkajs';
import { localAwsClientConfig, localKafka } from '../../scripts/infra/provision';
import { expectDocumented, expectEventMatchesSchema } from '../support/contracts';
import { invoke } from '../support/http-event';
import { functionEnvironment } from './support/function-environment';
import { coldStart, serveHandlers, type Lambda, type Server } from './support/functions';
import { endOffsets, readFrom, type ReadRecord } from './support/kafka';
import { createTopic, deleteTopics } from './support/topics';

const env = { ...functionEnvironment('createUser'), ...functionEnvironment('createOrder') };
const documents = DynamoDBDocumentClient.from(new DynamoDBClient(localAwsClientConfig()));
let lambdas: Record<'createUser' | 'getUser' | 'createOrder' | 'getOrder', Lambda>;
let userService: Server;
let orderEvents: string;

beforeAll(async () => {
  orderEvents = await createTopic('order-flow');
  const getUser = await coldStart('getUser');
  userService = await serveHandlers({ 'GET /api/users/{id}': getUser.handler });
  lambdas = {
    getUser,
    createUser: await coldStart('createUser'),
    createOrder: await coldStart('createOrder', {
      USER_SERVICE_URL: userService.url,
      ORDER_EVENTS_TOPIC: orderEvents,
    }),
    getOrder: await coldStart('getOrder'),
  };
});

afterAll(async () => {
  await userService.close();
  for (const lambda of Object.values(lambdas)) await lambda.close();
  documents.destroy();
  await deleteTopics(orderEvents);
});

const createUser = (body: unknown) =>
  invoke(lambdas.createUser.handler, { routeKey: 'POST /api/users', body });
const createOrder = (body: unknown, headers?: Record<string, string>) =>
  invoke(lambdas.createOrder.handler, { routeKey: 'POST /api/orders', body, headers });
const getOrder = (id: string) =>
  invoke(lambdas.getOrder.handler, { routeKey: 'GET /api/orders/{id}', pathParameters: { id } });
const getUser = (id: string) =>
  invoke(lambdas.getUser.handler, { routeKey: 'GET /api/users/{id}', pathParameters: { id } });
const uniqueEmail = () => `ana-${randomUUID()}@example.com`;

/** The partition kafkajs' DefaultPartitioner (Java's murmur2) picks for `key` on the live topic. */
async function partitionFor(topic: string, key: string): Promise<number> {
  const admin = localKafka('test-partitions').admin();
  await admin.connect();
  try {
    const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
    const partitionMetadata = topics[0]!.partitions;
    return Partitioners.DefaultPartitioner()({ topic, partitionMetadata, message: { key, value: null } });
  } finally {
    await admin.disconnect();
  }
}

describe('order flow', () => {
  it('creates a user, then an order: stored in DynamoDB, OrderCreated on order-events in its key’s partition', async () => {
    const topic = orderEvents;
    const from = await endOffsets(topic);
    const email = uniqueEmail();
    const user = await createUser({ name: 'Ana García', email });
    expect(user.status).toBe(201);

    const order = await createOrder({
      userId: user.body.id,
      totalAmount: 99.99,
      currency: 'EUR',
      description: 'Two books',
    });

    expect(order.status).toBe(201);
    expectDocumented({ operation: 'POST /api/orders' }, order.result);
    expect(order.body).toMatchObject({
      userId: user.body.id,
      status: 'PENDING',
      totalAmount: '99.99',
      currency: 'EUR',
      description: 'Two books',
    });
    expect(order.headers.location).toBe(`/api/orders/${order.body.id}`);

    const { Item } = await documents.send(
      new GetCommand({ TableName: env.ORDERS_TABLE, Key: { id: order.body.id }, ConsistentRead: true }),
    );
    expect(Item).toEqual({
      id: order.body.id,
      customerId: user.body.id,
      status: 'PENDING',
      totalAmount: '99.99',
      currency: 'EUR',
      description: 'Two books',
      createdAt: order.body.createdAt,
      eventId: expect.any(String),
      eventPublishedAt: expect.any(String),
    });

    const ours = (records: ReadRecord[]) =>
      records.filter((r) => r.message.key?.toString() === order.body.id);
    const [record] = ours(await readFrom(topic, from, (records) => ours(records).length > 0));
    expect(record!.partition).toBe(await partitionFor(topic, order.body.id));
    const value: unknown = JSON.parse(record!.message.value!.toString());
    expectEventMatchesSchema('order-created', value);
    expect(value).toEqual({
      schemaVersion: 1,
      eventId: Item!.eventId,
      eventType: 'OrderCreated',
      orderId: order.body.id,
      customerId: user.body.id,
      customerEmail: email,
      totalAmount: '99.99',
      currency: 'EUR',
      description: 'Two books',
      createdAt: order.body.createdAt,
    });
    const headers = Object.fromEntries(
      Object.entries(record!.message.headers ?? {}).map(([name, header]) => [name, String(header)]),
    );
    expect(headers).toEqual({
      eventType: 'OrderCreated',
      eventId: Item!.eventId,
      schemaVersion: '1',
      'content-type': 'application/json',
    });

    const read = await getOrder(order.body.id);
    expect([read.status, read.body]).toEqual([200, order.body]);
    expectDocumented({ operation: 'GET /api/orders/{id}' }, read.result);
  });

  it('registers an email once: the same address in another case is a 409, enforced by the table', async () => {
    const email = uniqueEmail();
    const first = await createUser({ name: 'Ana', email });

    const second = await createUser({ name: 'Ana again', email: email.toUpperCase() });

    expect(first.status).toBe(201);
    expect([second.status, second.body.error.code]).toEqual([409, 'EMAIL_ALREADY_REGISTERED']);
    expectDocumented({ operation: 'POST /api/users' }, second.result);
    const claim = await documents.send(
      new GetCommand({ TableName: env.USERS_TABLE, Key: { id: `email#${email}` }, ConsistentRead: true }),
    );
    expect(claim.Item).toEqual({ id: `email#${email}`, userId: first.body.id });
  });

  it('answers 422 for an order whose user user-service answers 404 for', async () => {
    const unknown = randomUUID();

    const order = await createOrder({ userId: unknown, totalAmount: '10.00' });

    expect([order.status, order.body.error]).toEqual([
      422,
      { code: 'USER_NOT_FOUND', message: `no user with id ${unknown}`, field: 'userId' },
    ]);
    expectDocumented({ operation: 'POST /api/orders' }, order.result);
  });

  it('answers 404 for an order or a user that does not exist', async () => {
    const order = await getOrder(randomUUID());
    const user = await getUser(randomUUID());

    expect([order.status, order.body.error.code]).toEqual([404, 'ORDER_NOT_FOUND']);
    expect([user.status, user.body.error.code]).toEqual([404, 'USER_NOT_FOUND']);
    expectDocumented({ operation: 'GET /api/orders/{id}' }, order.result);
    expectDocumented({ operation: 'GET /api/users/{id}' }, user.result);
  });

  it.each([
    ['malformed JSON', '{"userId":', undefined, 400, 'MALFORMED_JSON'],
    ['a text body', 'hello', { 'content-type': 'text/plain' }, 415, 'UNSUPPORTED_MEDIA_TYPE'],
    [
      'an oversize body',
      { userId: randomUUID(), totalAmount: 1, description: 'x'.repeat(20_000) },
      undefined,
      413,
      'PAYLOAD_TOO_LARGE',
    ],
    ['a missing userId', { totalAmount: 1 }, undefined, 400, 'MISSING_FIELD'],
    [
      'a string where an amount goes',
      { userId: randomUUID(), totalAmount: 'ten' },
      undefined,
      400,
      'INVALID_AMOUNT',
    ],
    [
      'an object where an amount goes',
      { userId: randomUUID(), totalAmount: {} },
      undefined,
      400,
      'INVALID_TYPE',
    ],
    ['a userId that is not a UUID', { userId: '123', totalAmount: 1 }, undefined, 400, 'INVALID_ID'],
    ['a negative amount', { userId: randomUUID(), totalAmount: -1 }, undefined, 400, 'INVALID_AMOUNT'],
    ['a zero amount', { userId: randomUUID(), totalAmount: '0.00' }, undefined, 400, 'INVALID_AMOUNT'],
    [
      'an amount with 3 decimals',
      { userId: randomUUID(), totalAmount: 9.999 },
      undefined,
      400,
      'INVALID_AMOUNT',
    ],
    [
      'an unknown currency',
      { userId: randomUUID(), totalAmount: 1, currency: 'EURO' },
      undefined,
      400,
      'INVALID_CURRENCY',
    ],
  ])('refuses %s with a 4xx naming what is wrong', async (_, body, headers, status, code) => {
    const order = await createOrder(body, headers);

    expect([order.status, order.body.error.code]).toEqual([status, code]);
    expectDocumented({ operation: 'POST /api/orders' }, order.result);
  });
});
