import { randomUUID } from 'node:crypto';
import { CreateTableCommand, DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { LOCAL } from '../../../scripts/infra/local';
import { localAwsClientConfig } from '../../../scripts/infra/provision';
import { loadTopology } from '../../../scripts/infra/topology';
import { invoke } from '../../support/http-event';
import { coldStart, serveHandlers, type Handler, type Lambda, type Server } from './functions';
import { createTopic } from './topics';

/**
 * order-service's functions against the real emulator and broker, with an orders table (made from
 * serverless.yml's definition) and a topic of the test's own, so what a test counts is only what it
 * placed. user-service answers over HTTP, as it does for the deployed functions.
 */
export interface OrderService {
  raw: DynamoDBClient;
  documents: DynamoDBDocumentClient;
  ordersTable: string;
  topic: string;
  /** What create-order's environment needs to use this table, topic and user-service. */
  ordersEnvironment: Record<string, string>;
  /** Cold-starts a function of serverless.yml (its environment with `overrides`); stopped by close(). */
  start(name: string, overrides?: Record<string, string>): Promise<Handler>;
  /** Creates a customer through create-user, with an address of its own. */
  newUser(): Promise<{ id: string; email: string }>;
  /** Stops the functions and user-service, and deletes the table. */
  close(): Promise<void>;
}

export async function startOrderService(purpose: string): Promise<OrderService> {
  const raw = new DynamoDBClient(localAwsClientConfig());
  const documents = DynamoDBDocumentClient.from(raw);
  const ordersTable = `${purpose}-test-${randomUUID().slice(0, 8)}`;
  const definition = loadTopology(LOCAL.stage).tables.find((t) => t.TableName?.endsWith('-orders'))!;
  await raw.send(new CreateTableCommand({ ...definition, TableName: ordersTable }));
  const topic = await createTopic(purpose);

  const started: Lambda[] = [];
  const start = async (name: string, overrides: Record<string, string> = {}) => {
    const lambda = await coldStart(name, overrides);
    started.push(lambda);
    return lambda.handler;
  };
  const userService: Server = await serveHandlers({ 'GET /api/users/{id}': await start('getUser') });
  const createUser = await start('createUser');

  return {
    raw,
    documents,
    ordersTable,
    topic,
    ordersEnvironment: {
      USER_SERVICE_URL: userService.url,
      ORDERS_TABLE: ordersTable,
      ORDER_EVENTS_TOPIC: topic,
    },
    start,
    newUser: async () =>
      (
        await invoke(createUser, {
          routeKey: 'POST /api/users',
          body: { name: 'Ana', email: `${purpose}-${randomUUID()}@example.com` },
        })
      ).body as { id: string; email: string },
    close: async () => {
      await userService.close();
      for (const lambda of started) await lambda.close();
      await raw.send(new DeleteTableCommand({ TableName: ordersTable }));
      documents.destroy();
    },
  };
}
