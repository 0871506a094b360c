import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SESClient } from '@aws-sdk/client-ses';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { Kafka, logLevel, Partitioners, type Producer } from 'kafkajs';
import { awsConfig, kafkaConfig } from './config';
import { connectionOptions } from './kafka-connection';

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

/** Runs `create` once and shares its promise; a failure is forgotten so the next call tries again. */
function once<T>(create: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () =>
    (value ??= create().catch((error: unknown) => {
      value = undefined;
      throw error;
    }));
}

/** The Kafka client, authenticated as KAFKA_AUTH says (plaintext locally, SCRAM or IAM on MSK). */
export const kafka = once(async () => {
  const { clientId, brokers, auth } = kafkaConfig();
  return new Kafka({
    clientId,
    brokers,
    ...(await connectionOptions(auth)),
    connectionTimeout: 3000,
    authenticationTimeout: 5000,
    requestTimeout: 10_000,
    retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 1000 },
    logLevel: logLevel.WARN,
  });
});

/** The container's one idempotent producer (acks=all is set per send), connected on first use. */
export const connectedProducer = once(async (): Promise<Producer> => {
  const producer = (await kafka()).producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    // Java's murmur2 partitioner, named explicitly: kafkajs warns at every start when left implicit, and
    // a key must map to the partition any other Kafka client would pick.
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  return producer;
});
