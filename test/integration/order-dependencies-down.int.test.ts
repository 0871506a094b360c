import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { handler as createUserHandler } from '../../functions/http/create-user.handler';
import { handler as getUserHandler } from '../../functions/http/get-user.handler';
import { localAwsClientConfig } from '../../scripts/infra/provision';
import { dynamoDb } from '../../src/infrastructure/clients';
import { expectDocumented } from '../support/contracts';
import { invoke } from '../support/http-event';
import {
  closedUrl,
  functionEnvironment,
  serveHandlers,
  serveNothing,
  type Server,
} from './support/functions';

/**
 * create-order when what it depends on fails. Each case loads the handler afresh with its own
 * environment (configuration is read once per cold start, as on Lambda).
 */
type Handler = (event: never, context: Context) => Promise<unknown>;
type Clients = typeof import('../../src/infrastructure/clients');

const baseEnv = { ...functionEnvironment('createUser'), ...functionEnvironment('getUser') };
const orderEnv = functionEnvironment('createOrder');
const documents = DynamoDBDocumentClient.from(new DynamoDBClient(localAwsClientConfig()));
const coldStarts: Clients[] = [];

/** The create-order handler as a fresh Lambda container with `env` on top of serverless.yml's. */
async function coldStart(env: Record<string, string>): Promise<Handler> {
  const saved = { ...process.env };
  Object.assign(process.env, orderEnv, env);
  let handler!: Handler;
  await jest.isolateModulesAsync(async () => {
    ({ handler } = await import('../../functions/http/create-order.handler'));
    coldStarts.push(await import('../../src/infrastructure/clients'));
  });
  // Config is read on first use: keep the variables until the test has run, then restore.
  restore = () => {
    process.env = saved;
  };
  return handler;
}
let restore = () => undefined as void;

beforeAll(() => {
  for (const [name, value] of Object.entries(baseEnv)) process.env[name] ??= value;
});
afterEach(() => restore());
afterAll(async () => {
  for (const clients of coldStarts) {
    // A producer that never connected is still trying: let it fail before leaving.
    await clients
      .connectedProducer()
      .then((producer) => producer.disconnect())
      .catch(() => undefined);
    clients.dynamoDb().destroy();
  }
  dynamoDb().destroy();
  documents.destroy();
});

const order = (userId: string) => ({ userId, totalAmount: '25.00' });
const post = (handler: Handler, body: unknown) => invoke(handler, { routeKey: 'POST /api/orders', body });

describe('create-order when user-service is down or slow', () => {
  it('answers 503 with Retry-After when nothing listens at USER_SERVICE_URL', async () => {
    const handler = await coldStart({ USER_SERVICE_URL: await closedUrl() });

    const { result, status, headers, body } = await post(handler, order(randomUUID()));

    expect([status, body.error.code]).toEqual([503, 'USER_SERVICE_UNAVAILABLE']);
    expect(headers['retry-after']).toBe('5');
    expectDocumented({ operation: 'POST /api/orders' }, result);
  });

  it('answers 503 once its timeout passes when user-service never answers', async () => {
    const hanging = await serveNothing();
    try {
      const handler = await coldStart({ USER_SERVICE_URL: hanging.url, USER_SERVICE_TIMEOUT_MS: '300' });

      const { result, status, body } = await post(handler, order(randomUUID()));

      expect([status, body.error]).toEqual([
        503,
        { code: 'USER_SERVICE_UNAVAILABLE', message: 'user-service timed out' },
      ]);
      expectDocumented({ operation: 'POST /api/orders' }, result);
    } finally {
      await hanging.close();
    }
  });
});

describe('create-order when Kafka is down', () => {
  let userService: Server;
  beforeAll(async () => {
    userService = await serveHandlers({ 'GET /api/users/{id}': getUserHandler });
  });
  afterAll(() => userService.close());

  it('still creates the order and keeps its OrderCreated event pending in the order’s item', async () => {
    const user = await invoke(createUserHandler, {
      routeKey: 'POST /api/users',
      body: { name: 'Ana', email: `ana-${randomUUID()}@example.com` },
    });
    const handler = await coldStart({
      USER_SERVICE_URL: userService.url,
      KAFKA_BROKERS: new URL(await closedUrl()).host,
      ORDER_EVENTS_PUBLISH_TIMEOUT_MS: '1500',
    });

    const { result, status, body } = await post(handler, order(user.body.id));

    expect(status).toBe(201);
    expectDocumented({ operation: 'POST /api/orders' }, result);
    const { Item } = await documents.send(
      new GetCommand({ TableName: orderEnv.ORDERS_TABLE, Key: { id: body.id }, ConsistentRead: true }),
    );
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
