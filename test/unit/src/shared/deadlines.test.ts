import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { SendEmailCommand } from '@aws-sdk/client-ses';
import { HttpUserDirectory } from '../../../../src/orders/adapters/http/http-user.directory';
import { KafkaOrderEventPublisher } from '../../../../src/orders/adapters/kafka/kafka-order-event.publisher';
import {
  EventBusUnavailableError,
  UserDirectoryUnavailableError,
} from '../../../../src/orders/domain/order.errors';
import { KafkaDeadLetterPublisher } from '../../../../src/shared/kafka/kafka-dead-letter.publisher';
import { DeadLetterUnavailableError } from '../../../../src/shared/domain/domain-error';
import { isTransientAwsError } from '../../../../src/shared/aws/aws-errors';
import { inbound, orderCreated } from '../../fakes/order-events';

/**
 * Every client of ours gives up on a dependency that accepts the connection and then never answers — a
 * frozen emulator, a hung user-service, a broker that stopped reading — within its deadline, with an error
 * the callers turn into 503 + Retry-After or a batch delivered again. The clients are the containers' own,
 * built from the same configuration as in a function, with short limits so the test stays quick.
 */
interface SilentServer {
  url: string;
  hostPort: string;
  /** Connections accepted so far: one per attempt. */
  accepted(): number;
  close(): Promise<void>;
}

async function silentServer(): Promise<SilentServer> {
  const sockets = new Set<net.Socket>();
  let accepted = 0;
  const server = net.createServer((socket) => {
    accepted++;
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hostPort: `127.0.0.1:${port}`,
    accepted: () => accepted,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

async function timed<T>(work: () => Promise<T>): Promise<{ error: unknown; ms: number }> {
  const started = Date.now();
  try {
    await work();
    return { error: undefined, ms: Date.now() - started };
  } catch (error) {
    return { error, ms: Date.now() - started };
  }
}

/** Loads `path` anew, so its configuration is read from the environment this test sets. */
async function fresh<T>(path: string): Promise<T> {
  let loaded!: T;
  await jest.isolateModulesAsync(async () => {
    loaded = (await import(path)) as T;
  });
  return loaded;
}

/** Room for a busy machine above the deadline; a client without one would wait for ever. */
const SLACK_MS = 3000;

let server: SilentServer;
const savedEnv = process.env;

beforeEach(async () => {
  server = await silentServer();
  process.env = {
    ...savedEnv,
    AWS_ENDPOINT_URL: server.url,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_REQUEST_TIMEOUT_MS: '300',
    KAFKA_BROKERS: server.hostPort,
  };
});

afterEach(async () => {
  jest.restoreAllMocks();
  process.env = savedEnv;
  await server.close();
});

describe('the deadline of each client against a server that never answers', () => {
  it('DynamoDB: two attempts of AWS_REQUEST_TIMEOUT_MS each, then a transient TimeoutError', async () => {
    const { dynamoDb } = await fresh<typeof import('../../../../src/shared/aws/dynamodb-client')>(
      '../../../../src/shared/aws/dynamodb-client',
    );

    const { error, ms } = await timed(() =>
      dynamoDb().send(new GetCommand({ TableName: 'orders', Key: { id: '1' } })),
    );
    dynamoDb().destroy();

    expect(error).toMatchObject({ name: 'TimeoutError' });
    expect(isTransientAwsError(error)).toBe(true);
    expect(server.accepted()).toBe(2);
    expect(ms).toBeGreaterThanOrEqual(600);
    expect(ms).toBeLessThan(600 + SLACK_MS);
  });

  it('SES: one attempt of AWS_REQUEST_TIMEOUT_MS (a send is not retried blindly), then a transient TimeoutError', async () => {
    const { ses } = await fresh<typeof import('../../../../src/shared/aws/ses-client')>(
      '../../../../src/shared/aws/ses-client',
    );

    const { error, ms } = await timed(() =>
      ses().send(
        new SendEmailCommand({
          Source: 'no-reply@orders.local',
          Destination: { ToAddresses: ['ana@example.com'] },
          Message: { Subject: { Data: 'hi' }, Body: { Text: { Data: 'hi' } } },
        }),
      ),
    );
    ses().destroy();

    expect(error).toMatchObject({ name: 'TimeoutError' });
    expect(isTransientAwsError(error)).toBe(true);
    expect(server.accepted()).toBe(1);
    expect(ms).toBeGreaterThanOrEqual(300);
    expect(ms).toBeLessThan(300 + SLACK_MS);
  });

  it('user-service over HTTP: one attempt, USER_SERVICE_TIMEOUT_MS, then unavailable', async () => {
    const directory = new HttpUserDirectory(server.url, 300);

    const { error, ms } = await timed(() => directory.findCustomer('550e8400-e29b-41d4-a716-446655440000'));

    expect(error).toBeInstanceOf(UserDirectoryUnavailableError);
    expect(ms).toBeGreaterThanOrEqual(300);
    expect(ms).toBeLessThan(300 + SLACK_MS);
  });

  it('Kafka: publishing OrderCreated and setting a message aside both end at their deadline', async () => {
    const { connectedProducer } = await fresh<typeof import('../../../../src/shared/kafka/kafka-client')>(
      '../../../../src/shared/kafka/kafka-client',
    );
    // kafkajs logs each connection it loses; the test is about what the callers get.
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const orders = new KafkaOrderEventPublisher(connectedProducer, 'order-events', 300);
    const deadLetters = new KafkaDeadLetterPublisher(connectedProducer, 'order-events.dlq', 'test', 300);

    const published = await timed(() => orders.publish(orderCreated()));
    const setAside = await timed(() =>
      deadLetters.quarantine(inbound('not json'), { code: 'MALFORMED_EVENT', message: 'x', at: new Date() }),
    );

    expect(published.error).toBeInstanceOf(EventBusUnavailableError);
    expect(setAside.error).toBeInstanceOf(DeadLetterUnavailableError);
    expect(server.accepted()).toBeGreaterThanOrEqual(1);
    for (const { ms } of [published, setAside]) {
      expect(ms).toBeGreaterThanOrEqual(300);
      expect(ms).toBeLessThan(300 + SLACK_MS);
    }
    // The producer is still trying to connect: let it fail on a closed server before the test ends.
    await server.close();
    await connectedProducer().catch(() => undefined);
  });
});
