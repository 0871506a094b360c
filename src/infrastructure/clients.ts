import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SESClient } from '@aws-sdk/client-ses';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { Kafka, logLevel, Partitioners, type Producer } from 'kafkajs';
import { awsConfig, kafkaConfig } from './config';

/**
 * SDK and Kafka clients: created on first use, then reused by every invocation of the container.
 * Every call they make has a timeout.
 */
export function lazy<T>(create: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= create());
}

const awsClientConfig = () => ({
  region: awsConfig().region,
  ...(awsConfig().endpoint ? { endpoint: awsConfig().endpoint } : {}),
  maxAttempts: 3,
  requestHandler: new NodeHttpHandler({ connectionTimeout: 1000, requestTimeout: 3000 }),
});

export const dynamoDb = lazy(() =>
  DynamoDBDocumentClient.from(new DynamoDBClient(awsClientConfig()), {
    marshallOptions: { removeUndefinedValues: true },
  }),
);

export const ses = lazy(() => new SESClient(awsClientConfig()));

export const kafka = lazy(
  () =>
    new Kafka({
      clientId: kafkaConfig().clientId,
      brokers: kafkaConfig().brokers,
      connectionTimeout: 3000,
      requestTimeout: 10_000,
      retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 1000 },
      logLevel: logLevel.WARN,
    }),
);

let producerConnection: Promise<Producer> | undefined;

/**
 * The container's one idempotent producer (acks=all is set per send), connected on first use. A failed
 * connection is forgotten so the next invocation tries again instead of failing forever.
 */
export function connectedProducer(): Promise<Producer> {
  producerConnection ??= (async () => {
    const producer = kafka().producer({
      idempotent: true,
      maxInFlightRequests: 1,
      // Java's murmur2 partitioner, named explicitly: kafkajs warns at every start when left implicit,
      // and a key must map to the partition any other Kafka client would pick.
      createPartitioner: Partitioners.DefaultPartitioner,
      allowAutoTopicCreation: false,
    });
    await producer.connect();
    return producer;
  })().catch((error: unknown) => {
    producerConnection = undefined;
    throw error;
  });
  return producerConnection;
}
