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
    // A broker that vanished without closing its connections (a host gone, not a process) costs at most
    // this per attempt, so a retry still reaches the new leader within the publish deadline.
    connectionTimeout: 1000,
    authenticationTimeout: 5000,
    requestTimeout: 10_000,
    retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 1000 },
    logLevel: logLevel.WARN,
    logCreator: () => kafkaLog,
  });
});

/**
 * How a send rides through a leader election (docs/kafka.md): each failed attempt refreshes the metadata
 * and tries again within 500 ms, so a send reaches a new leader at most half a second after its election;
 * and there are enough attempts (at least 6.2 s of waiting between them) that the caller's deadline, not
 * their number, ends a send that cannot succeed: ORDER_EVENTS_PUBLISH_TIMEOUT_MS, 6 s by default.
 */
export const PRODUCER_RETRY = {
  retries: 15,
  initialRetryTime: 100,
  maxRetryTime: 500,
  factor: 0.2,
  multiplier: 2,
};

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

/**
 * The container's one idempotent producer (acks=all is set per send), connected on first use. Idempotent:
 * an attempt retried after its batch was written (the answer lost with a dying leader) is dropped by the
 * broker instead of written twice, which needs one request in flight at a time.
 */
export const connectedProducer = lazyAsync(async (): Promise<Producer> => {
  const producer = (await kafka()).producer({
    idempotent: true,
    maxInFlightRequests: 1,
    retry: PRODUCER_RETRY,
    allowAutoTopicCreation: false,
    // Java's murmur2 partitioner, named explicitly: kafkajs warns at every start when left implicit, and
    // a key must map to the partition any other Kafka client would pick.
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  return producer;
});
