/**
 * create-order when what it depends on fails; each case is a fresh container with its own environment.
 */

import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { localAwsClientConfig } from '../../scripts/infra/provision';
import { expectDocumented } from '../support/contracts';
import { invoke } from '../support/http-event';
import { functionEnvironment } from './support/function-environment';
import {
  closedUrl,
  coldStart,
  serveHandlers,
  serveNothing,
  type Handler,
  type Lambda,
  type Server,
} from './support/functions';

const orderEnv = functionEnvironment('createOrder');
const documents = DynamoDBDocumentClient.from(new DynamoDBClient(localAwsClientConfig()));
const started: Lambda[] = [];

async function createOrderWith(overrides: Record<string, string>): Promise<Handler> {
  const lambda = await coldStart('createOrder', overrides);
  started.push(lambda);
  return lambda.handler;
}

afterAll(async () => {
  for (const lambda of started) await lambda.close();
  documents.destroy();
});

const order = (userId: string) => ({ userId, totalAmount: '25.00' });
const post = (handler: Handler, body: unknown) => invoke(handler, { routeKey: 'POST /api/orders', body });

describe('create-order when user-service is down or slow', () => {
  it('answers 503 with Retry-After when nothing listens at USER_SERVICE_URL', async () => {
    const handler = await createOrderWith({ USER_SERVICE_URL: await closedUrl() });

    const { result, status, headers, body } = await post(handler, order(randomUUID()));

    expect([status, body.error.code]).toEqual([503, 'USER_SERVICE_UNAVAILABLE']);
    expect(headers['retry-after']).toBe('5');
    expectDocumented({ operation: 'POST /api/orders' }, result);
  });

  it('answers 503 once its timeout passes when user-service never answers', async () => {
    const hanging = await serveNothing();
    try {
      const handler = await createOrderWith({
        USER_SERVICE_URL: hanging.url,
        USER_SERVICE_TIMEOUT_MS: '300',
      });

      const { result, status, body } = await post(handler, order(randomUUID()));

      expect([status, body.error]).toEqual([
        503,
        {
          code: 'USER_SERVICE_UNAVAILABLE',
          message: 'user-service timed out',
          // Every 5xx names the request id its log lines are found under.
          requestId: expect.any(String),
        },
      ]);
      expectDocumented({ operation: 'POST /api/orders' }, result);
    } finally {
      await hanging.close();
    }
  });
});

describe('create-order when Kafka is down', () => {
  let userService: Server;
  let createUser: Handler;
  beforeAll(async () => {
    const getUser = await coldStart('getUser');
    const users = await coldStart('createUser');
    started.push(getUser, users);
    createUser = users.handler;
    userService = await serveHandlers({ 'GET /api/users/{id}': getUser.handler });
  });
  afterAll(() => userService.close());

  it('still creates the order and keeps its OrderCreated event pending in the order’s item', async () => {
    const user = await invoke(createUser, {
      routeKey: 'POST /api/users',
      body: { name: 'Ana', email: `ana-${randomUUID()}@example.com` },
    });
    const handler = await createOrderWith({
      USER_SERVICE_URL: userService.url,
      KAFKA_BROKERS: new URL(await closedUrl()).host,
      ORDER_EVENTS_PUBLISH_TIMEOUT_MS: '1500',
    });

    const { result, status, body } = await post(handler, order(user.body.id));

    expect(status).toBe(201);
    expectDocumented({ operation: 'POST /api/orders' }, result);
    const key = { TableName: orderEnv.ORDERS_TABLE, Key: { id: body.id } };
    const { Item } = await documents.send(new GetCommand({ ...key, ConsistentRead: true }));
    // The local outbox relay would publish this pending order on order-events for npm run dev to email.
    await documents.send(new DeleteCommand(key));
    expect(Item).not.toHaveProperty('eventPublishedAt');
    expect(JSON.parse(Item!.pendingEvent)).toEqual({
      schemaVersion: 1,
      eventId: Item!.eventId,
      eventType: 'OrderCreated',
      orderId: body.id,
      customerId: user.body.id,
      customerEmail: user.body.email,
      totalAmount: '25.00',
      currency: 'EUR',
      createdAt: body.createdAt,
    });
  });
});
