import { Kafka, logLevel, Partitioners, type LogEntry, type Producer } from 'kafkajs';
import { lazyAsync } from '../lazy';
import { connectionOptions } from './kafka-connection';
import { kafkaConfig } from './kafka.config';

/**
 * The Kafka client, authenticated as KAFKA_AUTH says (plaintext locally, SCRAM or IAM on MSK), created on
 * first use and reused by every invocation of the container. Every call it makes has a timeout.
 */
export const kafka = lazyAsync(async () => {
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
    logCreator: () => kafkaLog,
  });
});

/**
 * Retries are bounded on purpose (a publish that fails leaves the event pending with its order, and it is
 * published again later), so kafkajs' warning about them is noise at every cold start.
 */
const DELIBERATE = ['Limiting retries for the idempotent producer may invalidate EoS guarantees'];

/** kafkajs' own lines, as JSON like the rest of the function's log, without the ones about our choices. */
export function kafkaLog({ namespace, level, label, log }: LogEntry): void {
  if (DELIBERATE.some((message) => log.message.includes(message))) return;
  const line = JSON.stringify({
    ...log,
    level: label,
    logger: 'kafkajs',
    message: `[${namespace}] ${log.message}`,
  });
  (level <= logLevel.WARN ? process.stderr : process.stdout).write(`${line}\n`);
}

/** The container's one idempotent producer (acks=all is set per send), connected on first use. */
export const connectedProducer = lazyAsync(async (): Promise<Producer> => {
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
